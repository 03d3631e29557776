/// One row of `frequent_items/frequent_strings` (whylogs `FrequentItem(value, est, upper, lower)`).
public struct FrequentItemSummary: Sendable, Hashable {
    /// The item, as the sketch stores it (a string).
    public var value: String
    /// The estimate: stored weight + offset.
    public var estimate: Int64
    /// The upper bound: stored weight + offset.
    public var upperBound: Int64
    /// The lower bound: the stored weight.
    public var lowerBound: Int64

    /// Creates a row.
    public init(value: String, estimate: Int64, upperBound: Int64, lowerBound: Int64) {
        self.value = value
        self.estimate = estimate
        self.upperBound = upperBound
        self.lowerBound = lowerBound
    }
}
