extension HLLSketch {
    /// Merges another sketch into this one, as an ``HLLUnion`` with `lgMaxK = lgK` would.
    ///
    /// The result keeps this sketch's target type. Its `lgK` is `min(lgK, other.lgK)` when the
    /// other sketch is in HLL mode with a smaller `lgK` (registers cannot be split); otherwise it
    /// stays `lgK`. Merging two HLL-mode sketches makes the result out of order (composite
    /// estimator). Because `lgK` is a `let`, a merge that lowers it replaces the whole value.
    ///
    /// - Parameter other: the sketch to merge (any `lgK`, mode and target type).
    /// - Complexity: O(k).
    public mutating func merge(_ other: HLLSketch) {
        self = merging(other)
    }

    /// The union of this sketch and another, with this sketch's target type (see ``merge(_:)``).
    ///
    /// - Parameter other: the sketch to merge.
    /// - Returns: the merged sketch.
    /// - Complexity: O(k).
    public func merging(_ other: HLLSketch) -> HLLSketch {
        var union = HLLUnion(lgMaxK: lgK)
        union.update(self)
        union.update(other)
        return union.result(targetType: targetType)
    }
}
