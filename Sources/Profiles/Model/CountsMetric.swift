/// The `counts` metric (whylogs `ColumnCountsMetric`): value, null, NaN, infinity and `True`
/// counts. Every component merges by sum.
public struct CountsMetric: Sendable, Hashable {
    /// Values seen, nulls included (`counts/n`).
    public var n: Int64 = 0
    /// Null values: `None`, and NaN (`counts/null`).
    public var null: Int64 = 0
    /// NaN values (`counts/nan`).
    public var nan: Int64 = 0
    /// ±infinity among the floating-point values (`counts/inf`).
    public var inf: Int64 = 0
    /// Boolean `true` values (`counts/true`).
    public var `true`: Int64 = 0

    /// The metric's namespace, `"counts"`.
    public static let namespace = "counts"
    /// The component names, in summary order.
    public static let componentNames = ["n", "null", "nan", "inf", "true"]

    /// An empty metric.
    public init() {}

    /// Adds another metric's counts.
    ///
    /// - Parameter other: the metric to add.
    /// - Complexity: O(1).
    public mutating func merge(_ other: CountsMetric) {
        n &+= other.n
        null &+= other.null
        nan &+= other.nan
        inf &+= other.inf
        `true` &+= other.true
    }

    var values: [Int64] { [n, null, nan, inf, `true`] }

    init(values: [Int64]) {
        (n, null, nan, inf, `true`) = (values[0], values[1], values[2], values[3], values[4])
    }
}
