import Sketches

extension ColumnProfile {
    /// The quantile ranks of the summary (`q_01` … `q_99`) and their field names.
    static let summaryQuantiles: [(name: String, rank: Double)] = [
        ("q_01", 0.01), ("q_05", 0.05), ("q_10", 0.1), ("q_25", 0.25), ("median", 0.5),
        ("q_75", 0.75), ("q_90", 0.9), ("q_95", 0.95), ("q_99", 0.99),
    ]

    /// The column's summary, as whylogs' `view.to_pandas()` row (spec §2.7): every field of every
    /// metric under `<metric>/<field>`, verbatim components summarised generically (integers and
    /// doubles as their value; distribution, cardinality and frequent-items groups like the
    /// top-level metrics, under `<prefix>/<field>`), and `type`.
    ///
    /// - Parameter column: the column's name.
    /// - Returns: the summary, fields sorted by key.
    /// - Complexity: O(retained sketch items), for the quantiles and frequent items.
    public func summary(column: String) -> ColumnSummary {
        var fields: [ColumnSummary.Field] = []
        func add(_ key: String, _ value: SummaryValue) { fields.append(.init(key: key, value: value)) }
        if let counts {
            for (name, value) in zip(CountsMetric.componentNames, counts.values) { add("counts/\(name)", .int(value)) }
        }
        if let types {
            for (name, value) in zip(TypeCountersMetric.componentNames, types.values) {
                add("types/\(name)", .int(value))
            }
        }
        if let ints {
            add("ints/max", .int(ints.max))
            add("ints/min", .int(ints.min))
        }
        if let distribution { fields += Self.summaryFields(distribution, prefix: DistributionMetric.namespace) }
        if let cardinality { fields += Self.summaryFields(cardinality.hll, prefix: CardinalityMetric.namespace) }
        if let frequentItems {
            fields += Self.summaryFields(frequentItems.sketch, prefix: FrequentItemsMetric.namespace)
        }
        fields += Self.summaryFields(otherComponents: otherComponents)
        add("type", .string("SummaryType.COLUMN"))
        return ColumnSummary(column: column, fields: fields)
    }

    static func summaryFields(_ metric: DistributionMetric, prefix: String) -> [ColumnSummary.Field] {
        let kll = metric.kll
        var fields: [ColumnSummary.Field] = [
            .init(key: "\(prefix)/mean", value: .double(metric.mean)),
            .init(key: "\(prefix)/stddev", value: .double(metric.stddev)),
            .init(key: "\(prefix)/n", value: .int(Int64(kll.n))),
            .init(key: "\(prefix)/max", value: .double(kll.maxItem ?? .nan)),
            .init(key: "\(prefix)/min", value: .double(kll.minItem ?? .nan)),
        ]
        let quantiles =
            kll.isEmpty
            ? nil
            : kll.quantiles(atRanks: summaryQuantiles.map(\.rank), inclusive: false, rules: .whylogsSketching)
        for (index, quantile) in summaryQuantiles.enumerated() {
            let value: SummaryValue = quantiles.map { .double($0[index]) } ?? .null
            fields.append(.init(key: "\(prefix)/\(quantile.name)", value: value))
        }
        return fields
    }

    static func summaryFields(_ hll: HLLSketch, prefix: String) -> [ColumnSummary.Field] {
        [
            .init(key: "\(prefix)/est", value: .double(hll.estimate)),
            .init(key: "\(prefix)/upper_1", value: .double(hll.upperBound(standardDeviations: 1))),
            .init(key: "\(prefix)/lower_1", value: .double(hll.lowerBound(standardDeviations: 1))),
        ]
    }

    static func summaryFields(_ sketch: FrequentItemsSketch<String>, prefix: String) -> [ColumnSummary.Field] {
        let rows = sketch.frequentItems(errorType: .noFalsePositives).map {
            FrequentItemSummary(
                value: $0.item, estimate: Int64(clamping: $0.estimate), upperBound: Int64(clamping: $0.upperBound),
                lowerBound: Int64(clamping: $0.lowerBound))
        }
        return [.init(key: "\(prefix)/frequent_strings", value: .frequentItems(rows))]
    }

    /// Verbatim components, summarised generically by metric prefix.
    static func summaryFields(otherComponents: [String: MetricComponent]) -> [ColumnSummary.Field] {
        var fields: [ColumnSummary.Field] = []
        for (path, component) in otherComponents {
            guard let (prefix, name) = _MetricPath.split(path) else { continue }
            let metricName = _MetricPath.metricName(ofPrefix: prefix)
            switch component.value {
            case .integer(let value):
                fields.append(.init(key: path, value: .int(value)))
            case .double(let value):
                if metricName == DistributionMetric.namespace && (name == "mean" || name == "m2")
                    && otherComponents["\(prefix)/kll"] != nil
                {
                    continue
                }
                fields.append(.init(key: path, value: .double(value)))
            case .kll(let bytes):
                if metricName == DistributionMetric.namespace, name == "kll",
                    let metric = _ComponentMerge.distribution(prefix, otherComponents)
                {
                    fields += summaryFields(metric, prefix: prefix)
                } else if let kll = try? KLLSketch<Double>(serializedBytes: bytes) {
                    fields += summaryFields(DistributionMetric(kll: kll, mean: 0, m2: 0), prefix: prefix)
                }
            case .hll(let bytes):
                if let hll = try? HLLSketch(serializedBytes: bytes) { fields += summaryFields(hll, prefix: prefix) }
            case .frequentItems(let bytes):
                if let sketch = try? FrequentItemsSketch<String>(serializedBytes: bytes) {
                    fields += summaryFields(sketch, prefix: prefix)
                }
            case .cpc, .serializedBytes:
                continue
            }
        }
        return fields
    }
}
