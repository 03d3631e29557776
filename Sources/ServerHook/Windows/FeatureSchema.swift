import Synchronization

/// A fixed, ordered list of feature names, for ``ServerHook/record(_:schema:prediction:predictionID:segmentValue:)``:
/// values passed by position go straight to their columns' sketches, with no name look-up per
/// value. Make one per model at start-up and reuse it.
public struct FeatureSchema: Sendable, Hashable {
    private static let nextToken = Atomic<Int>(0)

    /// The feature names, in the order values are passed.
    public let names: [String]
    /// Identifies this schema in the accumulators (unique per ``init(_:)`` call).
    let token: Int

    /// A schema.
    ///
    /// - Parameter names: the feature names, in order; they must be distinct (a programmer error
    ///   otherwise).
    public init(_ names: [String]) {
        precondition(Set(names).count == names.count, "feature names must be distinct")
        self.names = names
        self.token = Self.nextToken.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}
