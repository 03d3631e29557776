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
    /// - Throws: `SketchDecodingError` (`Sketches`) if the image is not valid.
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

    // MARK: - Batches

    /// Adds a batch of doubles, in order. A value equal to one seen shortly before in the batch
    /// is skipped: an HLL sketch does not change when it sees a value again (a coupon list or set
    /// holds it already, a register already has its rank, and HIP counts only changes), so the
    /// sketch is the same as after updating with every value, and a column with few distinct
    /// values is hashed about once per distinct value and batch.
    ///
    /// - Parameter values: the values (NaN excluded).
    /// - Complexity: O(n) plus one sketch update per value not seen recently.
    mutating func update(doubles values: UnsafeBufferPointer<Double>) {
        Self.withRecentValues { recent in
            for value in values where recent.insert(value.bitPattern) { hll.update(value) }
        }
    }

    /// Adds a batch of integers, in order, skipping repeats as ``update(doubles:)`` does.
    ///
    /// - Parameter values: the values.
    mutating func update(ints values: UnsafeBufferPointer<Int64>) {
        Self.withRecentValues { recent in
            for value in values where recent.insert(UInt64(bitPattern: value)) { hll.update(value) }
        }
    }

    /// A small direct-mapped cache of recently seen 64-bit patterns, on the stack.
    struct RecentValues {
        static let slotBits = 9
        let slots: UnsafeMutableBufferPointer<UInt64>

        @inline(__always)
        static func slot(of bits: UInt64) -> Int {
            Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
        }

        /// Records `bits`; returns `false` when they are the pattern last recorded in their slot.
        @inline(__always)
        func insert(_ bits: UInt64) -> Bool {
            let slot = Self.slot(of: bits)
            if slots[slot] == bits { return false }
            slots[slot] = bits
            return true
        }
    }

    private static func withRecentValues(_ body: (RecentValues) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 1 << RecentValues.slotBits) { slots in
            // Start every slot with a pattern that belongs to another slot, so it matches nothing:
            // 0 belongs to slot 0, 1 to another slot.
            slots.initialize(repeating: 0)
            slots[0] = 1
            body(RecentValues(slots: slots))
        }
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
