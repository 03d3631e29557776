/// Python's `repr(float)`, which whylogs writes wherever a float becomes text: a constraint's
/// default name, a classifier's float label (`str(label)`). One definition for every module.
package enum _PythonFloatRepr {
    /// `repr(float)`: the shortest digits that round-trip, fixed notation for decimal exponents
    /// from −4 to 15, scientific otherwise (`1e-05`, `1.5e+16`), `inf`, `-inf`, `nan`.
    package static func repr(_ value: Double) -> String {
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
}
