/// The metric value a constraint looked at, for reports: a count, a statistic, a pair of
/// statistics, a list of items or columns, or counts by name.
public enum ConstraintValue: Sendable, Hashable, CustomStringConvertible {
    /// A count (`counts/null`, `counts/n`, a condition's count, the row count).
    case integer(Int64)
    /// A statistic (minimum, mean, quantile, distinct estimate, null fraction, drift distance).
    case double(Double)
    /// The minimum and maximum (`is_in_range`).
    case minMax(min: Double, max: Double)
    /// Items: the frequent items looked at, or the columns missing or unexpected.
    case strings([String])
    /// Counts by name: type counts, or a condition's count and the total.
    case counts([String: Int64])

    /// The value in words: `3`, `0.25`, `[8.4, 14.9]`, `['red', 'white']`, `{integral: 3, string: 0}`.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .double(let value): _PythonRepr.float(value)
        case .minMax(let min, let max): "[\(_PythonRepr.float(min)), \(_PythonRepr.float(max))]"
        case .strings(let values): _PythonRepr.list(values)
        case .counts(let counts):
            "{" + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
