/// The `ints` metric (whylogs `IntsMetric`, integral columns): the largest and smallest integer.
///
/// Empty, `max` is −(2^63 − 1) and `min` is 2^63 − 1 (Python `-sys.maxsize` / `sys.maxsize`); these
/// sentinels are written and summarised as they are.
public struct IntsMetric: Sendable, Hashable {
    /// The largest integer seen (`ints/max`, type id 2).
    public var max: Int64 = IntsMetric.emptyMax
    /// The smallest integer seen (`ints/min`, type id 1).
    public var min: Int64 = IntsMetric.emptyMin

    /// The metric's namespace, `"ints"`.
    public static let namespace = "ints"
    /// `max` of an empty metric: −9223372036854775807.
    public static let emptyMax: Int64 = -Int64.max
    /// `min` of an empty metric: 9223372036854775807.
    public static let emptyMin: Int64 = Int64.max

    /// An empty metric.
    public init() {}

    /// Updates with one integer.
    ///
    /// - Parameter value: the integer.
    /// - Complexity: O(1).
    @inlinable public mutating func update(_ value: Int64) {
        if value > max { max = value }
        if value < min { min = value }
    }

    /// Keeps the larger maximum and the smaller minimum.
    ///
    /// - Parameter other: the metric to merge.
    /// - Complexity: O(1).
    public mutating func merge(_ other: IntsMetric) {
        max = Swift.max(max, other.max)
        min = Swift.min(min, other.min)
    }
}
