/// One row of ``FrequentItemsSketch/frequentItems(errorType:threshold:)``: a tracked item with its
/// estimated weight and the bounds on its true weight.
public struct FrequentItemsRow<Item: FrequentItemsItem>: Sendable {
    /// The item.
    public var item: Item
    /// The estimated total weight: the stored weight plus the sketch's maximum error.
    public var estimate: UInt64
    /// A weight the item's true total weight is at least: the stored weight.
    public var lowerBound: UInt64
    /// A weight the item's true total weight is at most: the stored weight plus the maximum error.
    public var upperBound: UInt64

    /// Creates a row.
    public init(item: Item, estimate: UInt64, lowerBound: UInt64, upperBound: UInt64) {
        self.item = item
        self.estimate = estimate
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }
}

extension FrequentItemsRow: Equatable where Item: Equatable {}
extension FrequentItemsRow: Hashable where Item: Hashable {}
