import Profiles

/// The rules of `CSVOptions.segmentColumns`: which options go together, the error past the
/// segment bound, and a raw key's values as whylogs tags them.
enum _CSVSegmentation {
    static func validate(_ options: CSVOptions, input: String) throws(CSVError) {
        let columns = options.segmentColumns
        guard !columns.isEmpty else { return }
        if Set(columns).count != columns.count {
            throw CSVError(
                .invalidOption, input: input, field: "segment columns", expected: "each column once",
                actual: columns.joined(separator: ", "))
        }
        if let text = columns.first(where: options.textColumns.contains) {
            throw CSVError(
                .invalidOption, input: input, field: "segment column \"\(text)\"",
                expected: "a column other than the free-text columns", actual: "a free-text column")
        }
        if options.modelColumns != nil {
            throw CSVError(
                .invalidOption, input: input, field: "segment columns",
                expected: "no model columns (segmented model metrics are not supported yet)",
                actual: "model columns and segment columns")
        }
        if options.maximumSegments < 1 {
            throw CSVError(
                .invalidOption, input: input, field: "maximum segments", expected: "at least 1",
                actual: "\(options.maximumSegments)")
        }
    }

    static func tooManySegments(_ maximum: Int, input: String) -> CSVError {
        CSVError(
            .tooManySegments, input: input, field: "segments",
            expected: "at most \(maximum) (--max-segments)", actual: "more than \(maximum)")
    }

    /// Appends one segment column's field bytes to a raw key: the length (4 bytes, little-endian),
    /// then the bytes. ``values(rawKey:kinds:)`` reads it back.
    @inline(__always)
    static func appendKeyPart<Bytes: Collection<UInt8>>(_ bytes: Bytes, to key: inout [UInt8]) {
        let count = bytes.count
        for shift in stride(from: 0, to: 32, by: 8) { key.append(UInt8(truncatingIfNeeded: count >> shift)) }
        key.append(contentsOf: bytes)
    }

    /// The values of a raw key (each segment column's field bytes, 4-byte length first), as
    /// Python's `str()` of what pandas read in a column of each final type: `nan` for a missing
    /// value, integers and floats as Python writes them (`7`, `1.0`, `1e-05`), `True`/`False`,
    /// text as it is (invalid UTF-8 replaced by U+FFFD).
    static func values(rawKey: [UInt8], kinds: [_PandasValueKind]) -> [String] {
        var values: [String] = []
        var position = 0
        for kind in kinds {
            var length = 0
            for shift in stride(from: 0, to: 32, by: 8) {
                length |= Int(rawKey[position]) << shift
                position += 1
            }
            let bytes = Array(rawKey[position..<(position + length)])
            position += length
            values.append(value(bytes, kind: kind))
        }
        return values
    }

    private static func value(_ bytes: [UInt8], kind: _PandasValueKind) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            if _PandasValueParsing.isMissing(buffer) { return "nan" }
            switch kind {
            case .integer:
                if case .value(let value) = _PandasValueParsing.integer(buffer) { return String(value) }
            case .float:
                if let value = _PandasValueParsing.float(buffer).value { return _PythonFloatRepr.repr(value) }
            case .boolean:
                if let value = _PandasValueParsing.boolean(buffer) { return value ? "True" : "False" }
            case .object:
                break
            }
            return String(decoding: buffer, as: UTF8.self)
        }
    }
}
