import Foundation
import Profiles

extension ConstraintSuite {
    /// A suite from YAML text.
    ///
    /// Plain scalars follow the YAML 1.2 core schema: `8` is an integer, `8.0` a float, `no` and
    /// `on` stay strings (YAML 1.1 made them booleans).
    ///
    /// - Parameters:
    ///   - yaml: the text.
    ///   - limits: bounds on the text (default ``ConstraintSuiteLimits/default``).
    /// - Throws: ``ConstraintSuiteError`` naming the entry (index and name) and the field.
    public init(yaml: String, limits: ConstraintSuiteLimits = .default) throws(ConstraintSuiteError) {
        try Self.checkSize(yaml.utf8.count, limits: limits)
        try self.init(document: _YAMLReader.read(yaml, limits: limits), limits: limits)
    }

    /// A suite from JSON text (UTF-8): the same schema as YAML.
    ///
    /// - Parameters:
    ///   - json: the text.
    ///   - limits: bounds on the text (default ``ConstraintSuiteLimits/default``).
    /// - Throws: ``ConstraintSuiteError`` naming the entry and the field, or the byte offset of a
    ///   syntax error.
    public init(json: [UInt8], limits: ConstraintSuiteLimits = .default) throws(ConstraintSuiteError) {
        try Self.checkSize(json.count, limits: limits)
        try self.init(document: _JSONReader.read(json, limits: limits), limits: limits)
    }

    /// A suite from JSON or YAML text, told apart by the first character: `{` is JSON, anything
    /// else YAML.
    ///
    /// - Parameters:
    ///   - text: the text (UTF-8).
    ///   - limits: bounds on the text.
    /// - Throws: ``ConstraintSuiteError``.
    public init(text: [UInt8], limits: ConstraintSuiteLimits = .default) throws(ConstraintSuiteError) {
        try Self.checkSize(text.count, limits: limits)
        let body = text.starts(with: [0xEF, 0xBB, 0xBF]) ? text.dropFirst(3) : text[...]
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{") {
            try self.init(json: text, limits: limits)
        } else {
            guard let string = String(validating: body, as: UTF8.self) else {
                throw ConstraintSuiteError(.syntax, field: "", expected: "UTF-8 text", actual: "invalid UTF-8")
            }
            try self.init(yaml: string, limits: limits)
        }
    }

    /// A suite from a file: `.json` is read as JSON, `.yaml` and `.yml` as YAML, any other name by
    /// its first character (see ``init(text:limits:)``).
    ///
    /// - Parameters:
    ///   - path: the file's path.
    ///   - limits: bounds on the file (its size is checked before it is read).
    /// - Throws: ``ConstraintSuiteError`` (`ioFailure` when the file cannot be read).
    public init(contentsOf path: String, limits: ConstraintSuiteLimits = .default) throws(ConstraintSuiteError) {
        let bytes = try Self.readFile(path, limits: limits)
        let lowercased = path.lowercased()
        if lowercased.hasSuffix(".json") {
            try self.init(json: bytes, limits: limits)
        } else if lowercased.hasSuffix(".yaml") || lowercased.hasSuffix(".yml") {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
            guard let string = String(validating: body, as: UTF8.self) else {
                throw ConstraintSuiteError(
                    .syntax, field: "", expected: "UTF-8 text", actual: "invalid UTF-8 in \(path)")
            }
            try self.init(yaml: string, limits: limits)
        } else {
            try self.init(text: bytes, limits: limits)
        }
    }

    private static func checkSize(_ count: Int, limits: ConstraintSuiteLimits) throws(ConstraintSuiteError) {
        guard count <= limits.maxBytes else {
            throw ConstraintSuiteError(
                .limitExceeded, field: "", expected: "at most \(limits.maxBytes) bytes (maxBytes)",
                actual: "\(count) bytes")
        }
    }

    private static func readFile(_ path: String, limits: ConstraintSuiteLimits) throws(ConstraintSuiteError) -> [UInt8]
    {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConstraintSuiteError(
                .ioFailure, field: "", expected: "a readable file", actual: "cannot open \(path)")
        }
        defer { try? handle.close() }
        do {
            // One byte past the limit tells a file over it without reading all of it.
            let data = try handle.read(upToCount: limits.maxBytes + 1) ?? Data()
            try checkSize(data.count, limits: limits)
            return [UInt8](data)
        } catch let error as ConstraintSuiteError {
            throw error
        } catch {
            throw ConstraintSuiteError(.ioFailure, field: "", expected: "a readable file", actual: "\(path): \(error)")
        }
    }

    /// A suite from a parsed document.
    init(document: _SuiteNode, limits: ConstraintSuiteLimits) throws(ConstraintSuiteError) {
        guard case .map(let top) = document.kind else {
            throw ConstraintSuiteError(
                .invalidStructure, field: "constraints", expected: "a mapping with a constraints list",
                actual: document.described, line: document.line)
        }
        var entriesNode: _SuiteNode?
        var description: String?
        for (key, value) in top {
            switch key {
            case "constraints":
                entriesNode = value
            case "description":
                guard case .string(let text) = value.kind else {
                    throw ConstraintSuiteError(
                        .wrongType, field: "description", expected: "a string", actual: value.described,
                        line: value.line)
                }
                description = text
            case "version":
                guard case .integer(1) = value.kind else {
                    throw ConstraintSuiteError(
                        .invalidValue, field: "version", expected: "1", actual: value.described, line: value.line)
                }
            case _ where key.hasPrefix("x-"):
                continue  // extension keys, ignored: a place for YAML anchors
            default:
                throw ConstraintSuiteError(
                    .invalidStructure, field: key,
                    expected: "only constraints, description, version and x- keys at the top",
                    actual: "\"\(key)\"", line: value.line)
            }
        }
        guard let entriesNode else {
            throw ConstraintSuiteError(
                .invalidStructure, field: "constraints", expected: "a constraints list", actual: "none",
                line: document.line)
        }
        guard case .list(let entries) = entriesNode.kind else {
            throw ConstraintSuiteError(
                .invalidStructure, field: "constraints", expected: "a list of entries", actual: entriesNode.described,
                line: entriesNode.line)
        }
        guard entries.count <= limits.maxEntries else {
            throw ConstraintSuiteError(
                .limitExceeded, field: "constraints", expected: "at most \(limits.maxEntries) entries (maxEntries)",
                actual: "\(entries.count)", line: entriesNode.line)
        }
        var constraints: [Constraint] = []
        constraints.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            constraints.append(try _EntryDecoder.decode(entry, index: index, limits: limits))
        }
        self.init(constraints, description: description)
    }
}
