/// One class label of a classifier's target or prediction, as the Python value whylogs'
/// `log_classification_metrics` receives from a pandas column.
///
/// Labels are stored in a ``ConfusionMatrix`` as Python `str(value)` writes them: `"3"`,
/// `"0.5"`, `"True"`, and `"None"` for ``missing`` (Python `None` or NaN).
public enum ClassLabel: Sendable, Hashable {
    /// A string (a pandas object column of `str`).
    case string(String)
    /// An integer (a pandas int column).
    case integer(Int64)
    /// A floating-point number (a pandas float column); NaN is ``missing``.
    case double(Double)
    /// A boolean (a pandas bool column).
    case boolean(Bool)
    /// A missing label: Python `None` or NaN, written `"None"`.
    case missing

    /// The label as Python `str(value)` writes it.
    public var text: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .double(let value): value.isNaN ? "None" : Self.pythonRepr(value)
        case .boolean(let value): value ? "True" : "False"
        case .missing: "None"
        }
    }

    /// Whether the label is missing (``missing`` or a NaN ``double(_:)``).
    var isMissing: Bool {
        switch self {
        case .missing: true
        case .double(let value): value.isNaN
        default: false
        }
    }

    /// Python's `repr(float)`: the shortest round-tripping digits (Swift's), laid out as Python
    /// does: positional for decimal exponents −4 ..< 16 (with `.0` on integral values), otherwise
    /// `d.ddde±XX`; `inf`, `-inf`.
    static func pythonRepr(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let swift = "\(value.magnitude)"
        var mantissa = Substring(swift)
        var exponent = 0
        if let e = swift.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = swift[..<e]
            exponent = Int(swift[swift.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointPosition = mantissa.count
        for (offset, character) in mantissa.enumerated() {
            if character == "." { pointPosition = offset } else { digits.append(character) }
        }
        // value = 0.d1d2d3… × 10^(decimalPoint)
        var decimalPoint = pointPosition + exponent
        while digits.first == "0", digits.count > 1 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == "0", digits.count > 1 { digits.removeLast() }
        let scientific = decimalPoint - 1
        let sign = value < 0 ? "-" : ""
        if scientific >= -4 && scientific < 16 {
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if decimalPoint >= digits.count {
                return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let head = String(digits.prefix(1))
        let tail = digits.dropFirst()
        let exponentText = String(abs(scientific))
        return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + (scientific < 0 ? "-" : "+")
            + (exponentText.count < 2 ? "0" : "") + exponentText
    }
}
