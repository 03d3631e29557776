/// A number in a constraint suite, kept as written: an integer or a floating-point number.
///
/// whylogs' default constraint names print parameters with Python's `str()`, which tells `8` from
/// `8.0`, and Python compares an integer with a float exactly (not after rounding the integer to a
/// float). A suite keeps the distinction so that names and comparisons come out as whylogs' do.
public enum ConstraintNumber: Sendable, Hashable, CustomStringConvertible {
    /// An integer (`8`).
    case integer(Int64)
    /// A floating-point number (`8.0`, `1e-05`, `.inf`); never NaN in a parsed suite.
    case double(Double)

    /// The number as a `Double` (integers past 2^53 rounded).
    public var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    /// The number as Python's `str()` prints it: `8`, `8.0`, `0.0001`, `1e-05`, `1e+16`, `inf`.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .double(let value): _PythonRepr.float(value)
        }
    }
}

extension ConstraintNumber {
    /// The order of two numbers as Python compares them: integers and floats exactly, `nil` when
    /// either is NaN (every comparison with NaN is false).
    static func order(_ lhs: ConstraintNumber, _ rhs: ConstraintNumber) -> Int? {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.integer(let a), .double(let b)):
            return orderIntegerDouble(a, b)
        case (.double(let a), .integer(let b)):
            return orderIntegerDouble(b, a).map { -$0 }
        }
    }

    /// The order of an integer and a double, exactly.
    private static func orderIntegerDouble(_ a: Int64, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        // 2^63 is exactly representable; every Int64 is below it and at or above −2^63.
        if b >= 9_223_372_036_854_775_808.0 { return -1 }
        if b < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = b.rounded(.towardZero)
        let integer = Int64(whole)
        if a < integer { return -1 }
        if a > integer { return 1 }
        if b > whole { return -1 }
        if b < whole { return 1 }
        return 0
    }

    /// `lhs < rhs` in Python.
    static func < (lhs: ConstraintNumber, rhs: ConstraintNumber) -> Bool { order(lhs, rhs).map { $0 < 0 } ?? false }
    /// `lhs <= rhs` in Python.
    static func <= (lhs: ConstraintNumber, rhs: ConstraintNumber) -> Bool { order(lhs, rhs).map { $0 <= 0 } ?? false }
    /// `lhs > rhs` in Python.
    static func > (lhs: ConstraintNumber, rhs: ConstraintNumber) -> Bool { order(lhs, rhs).map { $0 > 0 } ?? false }
    /// `lhs >= rhs` in Python.
    static func >= (lhs: ConstraintNumber, rhs: ConstraintNumber) -> Bool { order(lhs, rhs).map { $0 >= 0 } ?? false }
}
