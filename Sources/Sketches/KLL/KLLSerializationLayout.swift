/// The byte layout a ``KLLSketch`` writes for images with two or more items.
///
/// Empty and single-item images are identical in both layouts. `Float` sketches always use
/// ``datasketches``: whylogs-sketching writes floats in the standard layout.
public enum KLLSerializationLayout: Sendable, Hashable, CustomStringConvertible {
    /// DataSketches 4.x/5.x: preamble_ints 5, data (the levels array) at byte 20.
    case datasketches
    /// whylogs-sketching 3.x doubles: preamble_ints 6, four zero bytes, data at byte 24. The
    /// layout of `DistributionMetric` KLL images in whylogs v1 profiles. Unreadable by
    /// DataSketches 5.x (and DataSketches-layout doubles images are unreadable by the fork).
    case whylogs

    /// The query rules of the library that writes this layout: ``KLLQueryRules/whylogsSketching``
    /// for ``whylogs``, ``KLLQueryRules/datasketches5`` otherwise.
    public var impliedQueryRules: KLLQueryRules {
        switch self {
        case .datasketches: .datasketches5
        case .whylogs: .whylogsSketching
        }
    }

    /// `datasketches` or `whylogs`.
    public var description: String {
        switch self {
        case .datasketches: "datasketches"
        case .whylogs: "whylogs"
        }
    }
}
