import Profiles

/// Python's `str()` and `repr()` of the values whylogs puts in constraint names.
enum _PythonRepr {
    /// `repr(float)` (``_PythonFloatRepr``).
    static func float(_ value: Double) -> String { _PythonFloatRepr.repr(value) }

    /// `repr(str)`: single quotes unless the string has a single quote and no double quote;
    /// backslash escapes for the quote, backslash, `\t`, `\n`, `\r` and non-printable characters.
    static func string(_ value: String) -> String {
        let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if Character(scalar) == quote {
                    result += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += escaped(scalar)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// `repr(list_of_str)`: `['a', 'b']`.
    static func list(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    /// Python's `str.isprintable()` for one code point: not a control, format, surrogate,
    /// private-use, unassigned or separator character, except the space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        let hex = String(value, radix: 16)
        if value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
