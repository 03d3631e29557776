import Profiles
import Sketches

/// What the checks read from one column, computed once per column and check: the standard
/// metrics, or the same metrics kept verbatim (a file whose namespace was not exactly the standard
/// set), and the sorted KLL view and frequent items when first asked for.
struct _ColumnFacts {
    /// `counts/n` and `counts/null`, or `nil` without a `counts` metric.
    let counts: (n: Int64, null: Int64)?
    /// The `types` counts in ``ConstraintDataType`` order, or `nil` without a `types` metric.
    let types: [Int64]?
    /// The distribution metric, or `nil` without one.
    let distribution: DistributionMetric?
    /// The HLL sketch, or `nil` without a `cardinality` metric.
    let hll: HLLSketch?
    /// The frequent-strings sketch, or `nil` without a `frequent_items` metric.
    let frequentStrings: FrequentItemsSketch<String>?
    /// `condition_count/<name>` counts by name (`total` included), or `nil` without the metric.
    let conditionCounts: [String: Int64]?

    private var sortedView: KLLSortedView<Double>??
    private var frequentItems: [String]?

    init(_ column: ColumnProfile) {
        let other = column.otherComponents
        func integer(_ path: String) -> Int64? {
            if case .integer(let value)? = other[path]?.value { return value }
            return nil
        }
        if let counts = column.counts {
            self.counts = (counts.n, counts.null)
        } else if let n = integer("counts/n") {
            self.counts = (n, integer("counts/null") ?? 0)
        } else {
            self.counts = nil
        }
        if let types = column.types {
            self.types = [types.integral, types.fractional, types.boolean, types.string, types.object, types.tensor]
        } else if ConstraintDataType.allCases.contains(where: { other["types/\($0.rawValue)"] != nil }) {
            self.types = ConstraintDataType.allCases.map { integer("types/\($0.rawValue)") ?? 0 }
        } else {
            self.types = nil
        }
        if let distribution = column.distribution {
            self.distribution = distribution
        } else if case .kll(let bytes)? = other["distribution/kll"]?.value,
            let kll = try? KLLSketch<Double>(serializedBytes: bytes)
        {
            var mean = 0.0
            var m2 = 0.0
            if case .double(let value)? = other["distribution/mean"]?.value { mean = value }
            if case .double(let value)? = other["distribution/m2"]?.value { m2 = value }
            self.distribution = DistributionMetric(kll: kll, mean: mean, m2: m2)
        } else {
            self.distribution = nil
        }
        if let cardinality = column.cardinality {
            self.hll = cardinality.hll
        } else if case .hll(let bytes)? = other["cardinality/hll"]?.value {
            self.hll = try? HLLSketch(serializedBytes: bytes)
        } else {
            self.hll = nil
        }
        if let frequentItems = column.frequentItems {
            self.frequentStrings = frequentItems.sketch
        } else if case .frequentItems(let bytes)? = other["frequent_items/frequent_strings"]?.value {
            self.frequentStrings = try? FrequentItemsSketch<String>(serializedBytes: bytes)
        } else {
            self.frequentStrings = nil
        }
        var conditions: [String: Int64]?
        let prefix = "condition_count/"
        for (path, component) in other where path.hasPrefix(prefix) {
            if case .integer(let value) = component.value {
                conditions = conditions ?? [:]
                conditions![String(path.dropFirst(prefix.count))] = value
            }
        }
        self.conditionCounts = conditions
    }

    var hasCounts: Bool { counts != nil }
    var hasTypes: Bool { types != nil }
    var hasCardinality: Bool { hll != nil }
    var hasFrequentItems: Bool { frequentStrings != nil }
    var hasConditionCounts: Bool { conditionCounts != nil }

    /// The quantile whylogs' `kll.get_quantile(q)` gives (whylogs-sketching's rules), or `nil`
    /// for an empty or absent sketch.
    mutating func quantile(_ rank: Double) -> Double? {
        if sortedView == nil { sortedView = .some(distribution?.kll.sortedView()) }
        guard let view = sortedView ?? nil else { return nil }
        return view.quantile(atRank: rank, inclusive: false, rules: .whylogsSketching)
    }

    /// The frequent strings as whylogs' summary lists them: no false positives, by estimate.
    mutating func frequentStringValues() -> [String] {
        if let frequentItems { return frequentItems }
        let values = frequentStrings?.frequentItems(errorType: .noFalsePositives).map(\.item) ?? []
        frequentItems = values
        return values
    }
}
