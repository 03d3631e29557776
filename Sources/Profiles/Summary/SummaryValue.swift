/// One value of a profile summary (a cell of whylogs' `view.to_pandas()`).
public enum SummaryValue: Sendable, Hashable, CustomStringConvertible {
    /// An integer (counts, types, `ints/*`, `distribution/n`).
    case int(Int64)
    /// A double; may be NaN or ±infinity (`distribution/mean`, `min`, quantiles, cardinality).
    case double(Double)
    /// A string (`type`: `"SummaryType.COLUMN"`).
    case string(String)
    /// Python `None` (quantiles of an empty distribution).
    case null
    /// The frequent items, by estimate descending.
    case frequentItems([FrequentItemSummary])

    /// The value as a double, for integers and doubles; `nil` otherwise.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// A plain rendering: integers and doubles as Swift prints them, `None` for null, frequent
    /// items as `[value:est, …]`.
    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): value
        case .null: "None"
        case .frequentItems(let items): "[" + items.map { "\($0.value):\($0.estimate)" }.joined(separator: ", ") + "]"
        }
    }
}
