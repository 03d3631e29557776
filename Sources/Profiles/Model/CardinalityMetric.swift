public import Sketches

/// The `cardinality` metric (whylogs `CardinalityMetric`): an HLL sketch of the distinct values
/// (lg_k 12, HLL_4, written compact).
public struct CardinalityMetric: Sendable {
    /// The sketch.
    public var hll: HLLSketch

    /// The metric's namespace, `"cardinality"`.
    public static let namespace = "cardinality"
    /// whylogs' default `hll_lg_k`.
    public static let defaultLgK = 12

    /// An empty metric.
    ///
    /// - Parameter lgK: the sketch's log2 of k (12 in whylogs).
    public init(lgK: Int = CardinalityMetric.defaultLgK) {
        self.hll = HLLSketch(lgK: lgK, targetType: .hll4)
    }

    /// The image the sketch was decoded from, with the sketch as decoded. Re-serializing a
    /// decoded sketch may order a coupon list or set differently; ``serializedImage`` returns this
    /// image instead while the sketch is still equal to the decoded one.
    var source: (image: [UInt8], sketch: HLLSketch)?

    /// A metric holding a sketch.
    public init(hll: HLLSketch) {
        self.hll = hll
    }

    /// A metric decoded from a sketch image, which ``serializedImage`` returns unchanged while the
    /// sketch is unchanged.
    ///
    /// - Parameter image: an HLL sketch image.
    /// - Throws: ``Sketches/SketchDecodingError`` if the image is not valid.
    public init(serializedImage image: [UInt8]) throws(SketchDecodingError) {
        self.hll = try HLLSketch(serializedBytes: image)
        self.source = (image, hll)
    }

    /// The sketch's compact image: the image it was decoded from while unchanged, else a new
    /// serialization.
    ///
    /// - Complexity: O(k).
    public var serializedImage: [UInt8] {
        if let source, source.sketch == hll { return source.image }
        return hll.serializedBytes(compact: true)
    }

    /// The estimate of the number of distinct values (0 when empty).
    public var estimate: Double { hll.estimate }

    /// Merges another metric: the union of the sketches, with the larger lg_k of the two and the
    /// larger target type (whylogs `hll_union`).
    ///
    /// - Parameter other: the metric to merge.
    /// - Complexity: O(k).
    public mutating func merge(_ other: CardinalityMetric) {
        var union = HLLUnion(lgMaxK: Swift.max(hll.lgK, other.hll.lgK))
        union.update(hll)
        union.update(other.hll)
        let target = hll.targetType.rawValue >= other.hll.targetType.rawValue ? hll.targetType : other.hll.targetType
        hll = union.result(targetType: target)
    }
}
