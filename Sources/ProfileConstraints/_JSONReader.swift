/// A strict JSON reader (RFC 8259) into suite nodes, bounded in depth and in values, keeping each
/// number's text and each value's line.
struct _JSONReader {
    private let bytes: [UInt8]
    private let limits: ConstraintSuiteLimits
    private var index = 0
    private var line = 1
    private var values = 0

    init(_ bytes: [UInt8], limits: ConstraintSuiteLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The document's single value.
    static func read(_ bytes: [UInt8], limits: ConstraintSuiteLimits) throws(ConstraintSuiteError) -> _SuiteNode {
        var reader = _JSONReader(bytes, limits: limits)
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        reader.skipWhitespace()
        let node = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else {
            throw reader.syntax(expected: "the end of the document", actual: reader.found)
        }
        return node
    }

    private var found: String {
        guard index < bytes.count else { return "the end of the text" }
        let byte = bytes[index]
        if (0x21...0x7E).contains(byte) { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private func syntax(expected: String, actual: String) -> ConstraintSuiteError {
        ConstraintSuiteError(.syntax, field: "", expected: expected, actual: actual, line: line, offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(ConstraintSuiteError) -> _SuiteNode {
        values += 1
        guard values <= limits.maxValues else {
            throw ConstraintSuiteError(
                .limitExceeded, field: "", expected: "at most \(limits.maxValues) values (maxValues)",
                actual: "more", line: line, offset: index)
        }
        guard index < bytes.count else { throw syntax(expected: "a value", actual: found) }
        let startLine = line
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < limits.maxDepth else { throw nesting() }
            index += 1
            var entries: [(key: String, value: _SuiteNode)] = []
            var keys: Set<String> = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return _SuiteNode(kind: .map(entries), text: "", line: startLine)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw syntax(expected: "a string key", actual: found)
                }
                let keyLine = line
                let keyOffset = index
                let key = try string()
                guard keys.insert(key).inserted else {
                    throw ConstraintSuiteError(
                        .duplicateKey, field: key, expected: "each key once in a mapping",
                        actual: "a second \"\(key)\"",
                        line: keyLine, offset: keyOffset)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw syntax(expected: "\":\"", actual: found)
                }
                index += 1
                skipWhitespace()
                entries.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw syntax(expected: "\",\" or \"}\"", actual: found) }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { throw syntax(expected: "\",\" or \"}\"", actual: found) }
                index += 1
                return _SuiteNode(kind: .map(entries), text: "", line: startLine)
            }
        case UInt8(ascii: "["):
            guard depth < limits.maxDepth else { throw nesting() }
            index += 1
            var items: [_SuiteNode] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return _SuiteNode(kind: .list(items), text: "", line: startLine)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw syntax(expected: "\",\" or \"]\"", actual: found) }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else { throw syntax(expected: "\",\" or \"]\"", actual: found) }
                index += 1
                return _SuiteNode(kind: .list(items), text: "", line: startLine)
            }
        case UInt8(ascii: "\""):
            let text = try string()
            return _SuiteNode(kind: .string(text), text: text, line: startLine)
        case UInt8(ascii: "t"):
            try literal("true")
            return _SuiteNode(kind: .bool(true), text: "true", line: startLine)
        case UInt8(ascii: "f"):
            try literal("false")
            return _SuiteNode(kind: .bool(false), text: "false", line: startLine)
        case UInt8(ascii: "n"):
            try literal("null")
            return _SuiteNode(kind: .null, text: "null", line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            throw syntax(expected: "a value", actual: found)
        }
    }

    private func nesting() -> ConstraintSuiteError {
        ConstraintSuiteError(
            .limitExceeded, field: "", expected: "nesting at most \(limits.maxDepth) deep (maxDepth)", actual: "deeper",
            line: line, offset: index)
    }

    private mutating func literal(_ word: String) throws(ConstraintSuiteError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw syntax(expected: "a value", actual: found)
        }
        index += expected.count
    }

    private mutating func number() throws(ConstraintSuiteError) -> _SuiteNode {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digit() -> Bool { index < bytes.count && (48...57).contains(bytes[index]) }
        guard digit() else { throw syntax(expected: "a digit", actual: found) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit() { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digit() else { throw syntax(expected: "a digit after \".\"", actual: found) }
            while digit() { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digit() else { throw syntax(expected: "a digit in the exponent", actual: found) }
            while digit() { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let kind: _SuiteNode.Kind
        if isInteger {
            kind = Int64(text).map { .integer($0) } ?? .unrepresentable
        } else if let value = Double(text) {
            kind = .double(value)  // past the largest double: infinite, as Python's float()
        } else {
            kind = .unrepresentable
        }
        return _SuiteNode(kind: kind, text: text, line: line)
    }

    /// A string at `index` (which holds the opening quote).
    private mutating func string() throws(ConstraintSuiteError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ end: Int) throws(ConstraintSuiteError) {
            guard runStart < end else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw ConstraintSuiteError(
                    .syntax, field: "", expected: "UTF-8 text", actual: "invalid UTF-8", line: line, offset: runStart)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw syntax(expected: "a closing quote", actual: found) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw syntax(expected: "an escaped control character", actual: found) }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            try flush(index)
            index += 1
            guard index < bytes.count else { throw syntax(expected: "an escape", actual: found) }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let unit = try hex4()
                if (0xD800...0xDBFF).contains(unit) {
                    guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw syntax(expected: "a low surrogate escape", actual: found) }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw syntax(expected: "a low surrogate", actual: "\\u" + String(low, radix: 16))
                    }
                    let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    scalars.append(Unicode.Scalar(value)!)
                } else if let scalar = Unicode.Scalar(unit) {
                    scalars.append(scalar)
                } else {
                    throw syntax(expected: "a Unicode scalar", actual: "a lone surrogate \\u" + String(unit, radix: 16))
                }
            default:
                index -= 1
                throw syntax(expected: "a JSON escape", actual: found)
            }
            runStart = index
        }
    }

    private mutating func hex4() throws(ConstraintSuiteError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw syntax(expected: "four hex digits", actual: found) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw syntax(expected: "a hex digit", actual: found)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
