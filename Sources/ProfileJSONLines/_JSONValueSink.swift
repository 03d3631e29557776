import Profiles

/// Where ``_JSONLineWalker`` sends the values of a line: a column slot for each flattened name (or
/// `nil` to skip the name), then the values for that slot.
protocol _JSONValueSink {
    /// The slot of the column with this flattened name, creating it if needed; `nil` to skip it.
    mutating func slot(for name: UnsafeBufferPointer<UInt8>) -> Int?
    /// Logs one value to a slot.
    mutating func log(_ value: FeatureValue, slot: Int)
}
