/// Which side of the error band ``FrequentItemsSketch/frequentItems(errorType:threshold:)`` uses
/// to decide whether an item is frequent (DataSketches `frequent_items_error_type`).
public enum FrequentItemsErrorType: Sendable, Hashable, CaseIterable {
    /// Keep items whose *lower* bound exceeds the threshold: every returned item is truly above
    /// it, but some truly frequent items may be missing.
    case noFalsePositives
    /// Keep items whose *upper* bound exceeds the threshold: every truly frequent item that the
    /// sketch tracks is returned (and with the default threshold every item above it is tracked),
    /// but some returned items may be below it.
    case noFalseNegatives
}
