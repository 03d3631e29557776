import Sketches

/// A running merge of many profiles (``DatasetProfile/merge(_:)`` folded over a stream), with the
/// HLL sketches kept in open unions until ``result`` instead of being unioned and converted back to
/// HLL_4 at every step (O(k) per column per profile, the bulk of a pairwise fold). The registers,
/// and so the estimates, are those of the pairwise fold.
struct _ProfileAccumulator {
    private var profile: DatasetProfile
    private var unions: [String: Cardinality] = [:]
    private(set) var fileCount = 0
    /// The most columns the merged profile may have (``ProfileReadLimits/maxColumns``): each file
    /// is within it, but files with different columns add up, and a larger result would not read back.
    private let maxColumns: Int

    /// A column's open HLL union and the largest target type seen.
    private struct Cardinality {
        var union: HLLUnion
        var targetType: HLLTargetType

        init(_ metric: CardinalityMetric) {
            union = HLLUnion(lgMaxK: metric.hll.lgK)
            union.update(metric.hll)
            targetType = metric.hll.targetType
        }

        mutating func add(_ metric: CardinalityMetric) {
            let sketch = metric.hll
            if sketch.lgK > union.lgMaxK {
                // Pairwise merges keep the larger lg_k: regrow the union.
                var larger = HLLUnion(lgMaxK: sketch.lgK)
                larger.update(union.result(targetType: .hll8))
                union = larger
            }
            union.update(sketch)
            if sketch.targetType.rawValue > targetType.rawValue { targetType = sketch.targetType }
        }

        var metric: CardinalityMetric { CardinalityMetric(hll: union.result(targetType: targetType)) }
    }

    /// Starts with `first`, which must have at most `maxColumns` columns (it was read within them).
    init(_ first: DatasetProfile, maxColumns: Int = ProfileReadLimits.default.maxColumns) {
        profile = first
        profile.columns = [:]
        self.maxColumns = max(maxColumns, first.columns.count)
        // The running profile is empty: nothing to overflow.
        try? add(first)
    }

    /// Folds `next` in, or throws without changing anything when a merged count would pass
    /// ``ColumnProfile/maximumCount`` (``DatasetProfile/checkMergeable(_:)``) or the merged
    /// profile would have more than `maxColumns` columns (`limitExceeded`).
    mutating func add(_ next: DatasetProfile) throws(ProfileError) {
        try profile.checkMergeable(next)
        let added = next.columns.keys.reduce(0) { $0 + (profile.columns[$1] == nil ? 1 : 0) }
        guard profile.columns.count + added <= maxColumns else {
            throw ProfileError(
                .limitExceeded, field: "columns",
                expected: "a merged profile of at most \(maxColumns) columns (ProfileReadLimits.maxColumns)",
                actual: "\(profile.columns.count) merged columns and \(added) new ones in this file")
        }
        var next = next
        for name in next.columns.keys {
            guard let metric = next.columns[name]?.cardinality else { continue }
            next.columns[name]?.cardinality = nil
            if unions[name] == nil {
                unions[name] = Cardinality(metric)
            } else {
                unions[name]?.add(metric)
            }
        }
        if fileCount == 0 {
            profile.columns = next.columns
        } else {
            profile.merge(next)
        }
        fileCount += 1
    }

    /// The merged profile.
    var result: DatasetProfile {
        var result = profile
        for (name, cardinality) in unions {
            result.columns[name]?.cardinality = cardinality.metric
        }
        return result
    }
}
