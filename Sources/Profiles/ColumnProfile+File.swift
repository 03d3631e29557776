import Sketches

extension ColumnProfile {
    /// A column from its components as a profile file stores them.
    ///
    /// Each standard namespace (`counts`, `types`, `distribution`, `ints`, `cardinality`,
    /// `frequent_items`) whose components are exactly the standard set, with the standard value
    /// kinds and type ids, becomes a metric (its sketches decoded); any other component —
    /// multimetrics (`image/…:…`, `unicode_range/…`), `condition_count/…`, or a standard namespace
    /// with a different component set — is kept verbatim in ``otherComponents``.
    ///
    /// - Parameters:
    ///   - components: component path → component.
    ///   - column: the column's name, for error messages.
    /// - Throws: ``ProfileError`` with code `invalidSketch` naming the column and path when a
    ///   sketch image (standard or verbatim) does not decode.
    /// - Complexity: O(total size of the sketch images).
    public init(components: [String: MetricComponent], column: String = "") throws(ProfileError) {
        var budget = _DecodingBudget(.default)
        try self.init(components: components, column: column, budget: &budget)
    }

    /// The most a count (`counts/…`, `types/…`) or a sketch's n or total weight may be in a file:
    /// 2^53, as `KLLSketch.maximumN` (`Sketches`).
    ///
    /// No real stream reaches it (three months at a billion values a second), and counts become
    /// `Double` in summaries and in the distribution's mean and variance, exact only up to 2^53.
    /// Reading rejects larger values, and merging profiles (``DatasetProfile/checkMergeable(_:)``)
    /// refuses a sum past it, so every merged profile reads back.
    public static let maximumCount: Int64 = 1 << 53

    /// A column from its components, charging its decoded sketches to `budget`.
    init(
        components: [String: MetricComponent], column: String, budget: inout _DecodingBudget
    ) throws(ProfileError) {
        self.init()
        var byNamespace: [String: [String: MetricComponent]] = [:]
        for (path, component) in components {
            if !path.contains(":"), let slash = path.firstIndex(of: "/") {
                byNamespace[String(path[..<slash]), default: [:]][String(path[path.index(after: slash)...])] = component
            } else {
                otherComponents[path] = component
            }
        }
        for (namespace, group) in byNamespace {
            if try !decodeStandard(namespace: namespace, group, column: column, budget: &budget) {
                for (name, component) in group { otherComponents["\(namespace)/\(name)"] = component }
            }
        }
        for (path, component) in otherComponents {
            try Self.validateSketch(component, path: path, column: column)
        }
    }

    /// The column's components, as a profile file stores them (spec §2.4, §11): the standard
    /// metrics' exact component sets (`ints/min` type id 1, `ints/max` type id 2, the KLL in the
    /// whylogs layout, the HLL compact), then the verbatim components.
    ///
    /// - Complexity: O(size of the sketch images).
    public var components: [String: MetricComponent] {
        var result = otherComponents
        if let counts {
            for (name, value) in zip(CountsMetric.componentNames, counts.values) {
                result["counts/\(name)"] = MetricComponent(.integer(value))
            }
        }
        if let types {
            for (name, value) in zip(TypeCountersMetric.componentNames, types.values) {
                result["types/\(name)"] = MetricComponent(.integer(value))
            }
        }
        if let distribution {
            result["distribution/kll"] = MetricComponent(.kll(distribution.kll.serializedBytes(layout: .whylogs)))
            result["distribution/mean"] = MetricComponent(.double(distribution.mean))
            result["distribution/m2"] = MetricComponent(.double(distribution.m2))
        }
        if let ints {
            result["ints/max"] = MetricComponent(typeID: MetricComponent.maxTypeID, .integer(ints.max))
            result["ints/min"] = MetricComponent(typeID: MetricComponent.minTypeID, .integer(ints.min))
        }
        if let cardinality {
            result["cardinality/hll"] = MetricComponent(.hll(cardinality.serializedImage))
        }
        if let frequentItems {
            result["frequent_items/frequent_strings"] = MetricComponent(
                .frequentItems(frequentItems.serializedImage))
        }
        return result
    }

    /// Decodes one standard namespace; `false` when the namespace is not standard or its
    /// components are not exactly the standard set.
    private mutating func decodeStandard(
        namespace: String, _ group: [String: MetricComponent], column: String, budget: inout _DecodingBudget
    ) throws(ProfileError) -> Bool {
        func integers(_ names: [String]) -> [Int64]? {
            guard group.count == names.count else { return nil }
            var values: [Int64] = []
            for name in names {
                guard let component = group[name], component.typeID == 0, case .integer(let value) = component.value
                else { return nil }
                values.append(value)
            }
            return values
        }
        func checkCounts(_ values: [Int64], _ names: [String]) throws(ProfileError) {
            for (name, value) in zip(names, values) where !(0...Self.maximumCount).contains(value) {
                throw ProfileError(
                    .invalidValue, field: "\"\(column)\" \(namespace)/\(name)",
                    expected: "a count from 0 to 2^53 (ColumnProfile.maximumCount)", actual: "\(value)")
            }
        }
        switch namespace {
        case CountsMetric.namespace:
            guard let values = integers(CountsMetric.componentNames) else { return false }
            try checkCounts(values, CountsMetric.componentNames)
            counts = CountsMetric(values: values)
        case TypeCountersMetric.namespace:
            guard let values = integers(TypeCountersMetric.componentNames) else { return false }
            try checkCounts(values, TypeCountersMetric.componentNames)
            types = TypeCountersMetric(values: values)
        case IntsMetric.namespace:
            guard group.count == 2, let maxComponent = group["max"], let minComponent = group["min"],
                maxComponent.typeID == MetricComponent.maxTypeID, minComponent.typeID == MetricComponent.minTypeID,
                case .integer(let maxValue) = maxComponent.value, case .integer(let minValue) = minComponent.value
            else { return false }
            var metric = IntsMetric()
            metric.max = maxValue
            metric.min = minValue
            ints = metric
        case DistributionMetric.namespace:
            guard group.count == 3, let kll = group["kll"], let mean = group["mean"], let m2 = group["m2"],
                kll.typeID == 0, mean.typeID == 0, m2.typeID == 0,
                case .kll(let bytes) = kll.value, case .double(let meanValue) = mean.value,
                case .double(let m2Value) = m2.value
            else { return false }
            let sketch: KLLSketch<Double>
            do {
                sketch = try KLLSketch<Double>(serializedBytes: bytes)
            } catch {
                throw Self.sketchError(error, column: column, path: "distribution/kll", kind: "KLL doubles")
            }
            try budget.chargeKLLItems(sketch.allocatedItemCount, field: "\"\(column)\" distribution/kll")
            distribution = DistributionMetric(kll: sketch, mean: meanValue, m2: m2Value)
        case CardinalityMetric.namespace:
            guard group.count == 1, let hll = group["hll"], hll.typeID == 0, case .hll(let bytes) = hll.value
            else { return false }
            do {
                cardinality = try CardinalityMetric(serializedImage: bytes)
            } catch {
                throw Self.sketchError(error, column: column, path: "cardinality/hll", kind: "HLL")
            }
        case FrequentItemsMetric.namespace:
            guard group.count == 1, let fi = group["frequent_strings"], fi.typeID == 0,
                case .frequentItems(let bytes) = fi.value
            else { return false }
            let metric: FrequentItemsMetric
            do {
                metric = try FrequentItemsMetric(serializedImage: bytes)
            } catch {
                throw Self.sketchError(
                    error, column: column, path: "frequent_items/frequent_strings", kind: "frequent-strings")
            }
            let field = "\"\(column)\" frequent_items/frequent_strings"
            try budget.chargeFrequentItemsSlots(metric.sketch.allocatedSlotCount, field: field)
            guard metric.sketch.totalWeight <= UInt64(Self.maximumCount) else {
                throw ProfileError(
                    .invalidValue, field: field,
                    expected: "a total weight of at most 2^53 (ColumnProfile.maximumCount)",
                    actual: "\(metric.sketch.totalWeight)")
            }
            frequentItems = metric
        default:
            return false
        }
        return true
    }

    private static func validateSketch(_ component: MetricComponent, path: String, column: String) throws(ProfileError)
    {
        do {
            switch component.value {
            case .kll(let bytes): _ = try KLLSketch<Double>(serializedBytes: bytes)
            case .hll(let bytes): _ = try HLLSketch(serializedBytes: bytes)
            case .frequentItems(let bytes): _ = try FrequentItemsSketch<String>(serializedBytes: bytes)
            default: break
            }
        } catch {
            throw sketchError(error, column: column, path: path, kind: "sketch")
        }
    }

    static func sketchError(_ error: SketchDecodingError, column: String, path: String, kind: String) -> ProfileError {
        ProfileError(
            .invalidSketch, field: "\"\(column)\" \(path)", expected: "a valid \(kind) sketch image",
            actual: error.description)
    }
}

extension ColumnProfile {
    /// The paths ``components`` would have, without serializing the sketches.
    var componentPaths: [String] {
        var paths = Array(otherComponents.keys)
        if counts != nil { paths += CountsMetric.componentNames.map { "counts/\($0)" } }
        if types != nil { paths += TypeCountersMetric.componentNames.map { "types/\($0)" } }
        if distribution != nil { paths += ["distribution/kll", "distribution/mean", "distribution/m2"] }
        if ints != nil { paths += ["ints/max", "ints/min"] }
        if cardinality != nil { paths.append("cardinality/hll") }
        if frequentItems != nil { paths.append("frequent_items/frequent_strings") }
        return paths
    }
}
