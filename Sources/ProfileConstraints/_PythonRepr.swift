/// Python's `str()` and `repr()` of the values whylogs puts in constraint names.
enum _PythonRepr {
    /// `repr(float)`: the shortest digits that round-trip, fixed notation for decimal exponents
    /// from −4 to 15, scientific otherwise (`1e-05`, `1.5e+16`), `inf`, `-inf`, `nan`.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description has the same shortest round-trip digits; only the layout differs.
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits = ""
        var pointPosition = 0  // digits before the decimal point in `text`
        var seenPoint = false
        for character in text {
            if character == "." {
                seenPoint = true
            } else {
                digits.append(character)
                if !seenPoint { pointPosition += 1 }
            }
        }
        // value = 0.DIGITS × 10^decimalPoint once leading zeros are dropped.
        var decimalPoint = pointPosition + exponent
        while digits.first == "0" {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        if decimalPoint <= -4 || decimalPoint > 16 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = decimalPoint - 1
            let magnitude = String(abs(e))
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
        }
        if decimalPoint >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<split] + "." + digits[split...]
    }

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
