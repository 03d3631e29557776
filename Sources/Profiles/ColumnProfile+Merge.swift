import Sketches

extension ColumnProfile {
    /// Merges another column's metrics into this one (spec §3): metrics by namespace (union; a
    /// metric on one side only is kept as is), sums for counts and types, min/max for ints,
    /// Chan's combine for the distribution's mean and m2 with each side's n from its sketch, and
    /// sketch merges; other components by path, by their type id and value kind.
    ///
    /// The statistics (counts, types, mean, m2, min, max, sketch n) do not depend on the order of
    /// merges beyond floating-point rounding; sketch bytes may.
    ///
    /// - Parameter other: the column to merge.
    /// - Complexity: O(retained sketch items of both columns).
    public mutating func merge(_ other: ColumnProfile) {
        if columnType != other.columnType { columnType = nil }
        Self.mergeOptional(&counts, other.counts) { $0.merge($1) }
        Self.mergeOptional(&types, other.types) { $0.merge($1) }
        Self.mergeOptional(&distribution, other.distribution) { $0.merge($1) }
        Self.mergeOptional(&ints, other.ints) { $0.merge($1) }
        Self.mergeOptional(&cardinality, other.cardinality) { $0.merge($1) }
        Self.mergeOptional(&frequentItems, other.frequentItems) { $0.merge($1) }
        otherComponents = _ComponentMerge.merge(otherComponents, other.otherComponents)
    }

    /// This column merged with another (see ``merge(_:)``).
    ///
    /// - Parameter other: the column to merge.
    /// - Returns: the merged column.
    public func merging(_ other: ColumnProfile) -> ColumnProfile {
        var result = self
        result.merge(other)
        return result
    }

    private static func mergeOptional<Metric>(
        _ metric: inout Metric?, _ other: Metric?, _ merge: (inout Metric, Metric) -> Void
    ) {
        guard let other else { return }
        if metric == nil {
            metric = other
        } else {
            merge(&metric!, other)
        }
    }
}

/// Merges components that the model keeps verbatim, by path: a distribution group
/// (`<prefix>/kll`, `mean`, `m2`) as a distribution, integers by type id (1 min, 2 max, else sum),
/// doubles by sum, sketches by sketch merge. A component that cannot be merged (CPC, custom bytes, a
/// sketch that does not decode) keeps the left value.
///
/// Condition counts (`condition_count/total`, `condition_count/<condition>`) merge as whylogs'
/// `ConditionCountMetric.merge`: summed when both sides count the same conditions, else the left
/// side's counts are kept whole (summing the union would give a total that the conditions present
/// on one side only were never evaluated on).
enum _ComponentMerge {
    /// The path prefix of whylogs' `ConditionCountMetric` components.
    static let conditionCountPrefix = "condition_count/"

    static func merge(
        _ left: [String: MetricComponent], _ right: [String: MetricComponent]
    ) -> [String: MetricComponent] {
        if right.isEmpty { return left }
        if left.isEmpty { return right }
        var result = left
        var handled: Set<String> = []
        // Condition counts: whylogs keeps the left metric when the condition sets differ.
        let leftConditions = Set(left.keys.filter { $0.hasPrefix(conditionCountPrefix) })
        let rightConditions = Set(right.keys.filter { $0.hasPrefix(conditionCountPrefix) })
        if !leftConditions.isEmpty, !rightConditions.isEmpty, leftConditions != rightConditions {
            handled.formUnion(rightConditions)
        }
        // Distribution groups present on both sides.
        for path in right.keys where path.hasSuffix("/kll") && left[path] != nil {
            let prefix = String(path.dropLast(4))
            guard _MetricPath.metricName(ofPrefix: prefix) == DistributionMetric.namespace,
                let a = distribution(prefix, left), let b = distribution(prefix, right)
            else { continue }
            var merged = a
            merged.merge(b)
            result["\(prefix)/kll"] = MetricComponent(.kll(merged.kll.serializedBytes(layout: .whylogs)))
            result["\(prefix)/mean"] = MetricComponent(.double(merged.mean))
            result["\(prefix)/m2"] = MetricComponent(.double(merged.m2))
            handled.formUnion(["\(prefix)/kll", "\(prefix)/mean", "\(prefix)/m2"])
        }
        for (path, component) in right where !handled.contains(path) {
            guard let existing = left[path] else {
                result[path] = component
                continue
            }
            result[path] = mergeComponent(existing, component)
        }
        return result
    }

    static func distribution(_ prefix: String, _ components: [String: MetricComponent]) -> DistributionMetric? {
        guard case .kll(let bytes)? = components["\(prefix)/kll"]?.value,
            case .double(let mean)? = components["\(prefix)/mean"]?.value,
            case .double(let m2)? = components["\(prefix)/m2"]?.value,
            let kll = try? KLLSketch<Double>(serializedBytes: bytes)
        else { return nil }
        return DistributionMetric(kll: kll, mean: mean, m2: m2)
    }

    static func mergeComponent(_ a: MetricComponent, _ b: MetricComponent) -> MetricComponent {
        switch (a.value, b.value) {
        case (.integer(let x), .integer(let y)):
            let merged: Int64
            switch a.typeID {
            case MetricComponent.minTypeID: merged = Swift.min(x, y)
            case MetricComponent.maxTypeID: merged = Swift.max(x, y)
            default: merged = x &+ y
            }
            return MetricComponent(typeID: a.typeID, .integer(merged))
        case (.double(let x), .double(let y)):
            return MetricComponent(typeID: a.typeID, .double(x + y))
        case (.kll(let x), .kll(let y)):
            guard var sketch = try? KLLSketch<Double>(serializedBytes: x),
                let other = try? KLLSketch<Double>(serializedBytes: y)
            else { return a }
            sketch.merge(other)
            return MetricComponent(typeID: a.typeID, .kll(sketch.serializedBytes(layout: .whylogs)))
        case (.hll(let x), .hll(let y)):
            guard let sketch = try? HLLSketch(serializedBytes: x), let other = try? HLLSketch(serializedBytes: y)
            else { return a }
            var metric = CardinalityMetric(hll: sketch)
            metric.merge(CardinalityMetric(hll: other))
            return MetricComponent(typeID: a.typeID, .hll(metric.hll.serializedBytes(compact: true)))
        case (.frequentItems(let x), .frequentItems(let y)):
            guard var sketch = try? FrequentItemsSketch<String>(serializedBytes: x),
                let other = try? FrequentItemsSketch<String>(serializedBytes: y)
            else { return a }
            sketch.merge(other)
            return MetricComponent(typeID: a.typeID, .frequentItems(sketch.serializedBytes()))
        default:
            return a
        }
    }
}
