/// A value of a suite document, from YAML or JSON, with the line it starts on.
///
/// Scalars keep the text they were written as, so that `8` and `8.0` stay apart and a number in a
/// list of strings (`reference_set: [3, 4]`) is taken as written.
struct _SuiteNode: Sendable {
    enum Kind: Sendable {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        /// An integer literal outside the range of `Int64`.
        case unrepresentable
        case string(String)
        case list([_SuiteNode])
        case map([(key: String, value: _SuiteNode)])
    }

    var kind: Kind
    /// The scalar's text as written (for strings, the string).
    var text: String
    /// The line the value starts on (from 1), when known.
    var line: Int?

    /// The value's type and, for scalars, its text, for error messages: `string "eight"`.
    var described: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean \(text)"
        case .integer, .double, .unrepresentable: "number \(text)"
        case .string(let value): "string \(_PythonRepr.string(String(value.prefix(80))))"
        case .list(let items): "a list of \(items.count)"
        case .map: "a mapping"
        }
    }

    /// The scalar text of a string or number (for lists of names), or `nil`.
    var scalarText: String? {
        switch kind {
        case .string(let value): value
        case .integer, .double, .unrepresentable: text
        default: nil
        }
    }
}

/// YAML 1.2 core-schema resolution of plain scalars: `null`, `true`/`false`, integers (decimal,
/// `0o`, `0x`) and floats (`.inf`, `.nan`); everything else is a string. Unlike YAML 1.1, `no`,
/// `on` and `y` stay strings, so a country code `NO` in a reference set is "NO".
enum _CoreSchema {
    static func resolve(plain text: String) -> _SuiteNode.Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        if let kind = integer(bytes) { return kind }
        if isFloat(bytes) {
            // A literal past the largest double is infinite, as Python's float() makes it.
            return Double(text).map { .double($0) } ?? .unrepresentable
        }
        return .string(text)
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    private static func integer(_ bytes: [UInt8]) -> _SuiteNode.Kind? {
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"),
            bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x")
        {
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            guard digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return nil }
            return Int64(digits, radix: radix).map { .integer($0) } ?? .unrepresentable
        }
        var index = 0
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { index = 1 }
        guard index < bytes.count, bytes[index...].allSatisfy({ (48...57).contains($0) }) else { return nil }
        let text = String(decoding: bytes[0] == UInt8(ascii: "+") ? bytes[1...] : bytes[...], as: UTF8.self)
        return Int64(text).map { .integer($0) } ?? .unrepresentable
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        let whole = digits()
        var fraction = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            if digits() == 0 { return false }
        }
        return index == bytes.count
    }
}
