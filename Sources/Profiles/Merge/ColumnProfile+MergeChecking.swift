import Sketches

extension ColumnProfile {
    /// Checks that ``merge(_:)`` with `other` keeps every count in range; see
    /// ``DatasetProfile/checkMergeable(_:)``.
    ///
    /// - Parameters:
    ///   - other: the column that would be merged into this one.
    ///   - column: the column's name, for the error.
    /// - Throws: ``ProfileError`` with code `countOverflow`.
    public func checkMergeable(_ other: ColumnProfile, column: String = "") throws(ProfileError) {
        func check(_ a: Int64, _ b: Int64, _ path: String) throws(ProfileError) {
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow, sum <= Self.maximumCount, sum >= -Self.maximumCount else {
                throw ProfileError(
                    .countOverflow, field: "\"\(column)\" \(path)",
                    expected: "a merged count of at most 2^53 (ColumnProfile.maximumCount)",
                    actual: "\(a) + \(b)")
            }
        }
        if let a = counts, let b = other.counts {
            for (name, (x, y)) in zip(CountsMetric.componentNames, zip(a.values, b.values)) {
                try check(x, y, "counts/\(name)")
            }
        }
        if let a = types, let b = other.types {
            for (name, (x, y)) in zip(TypeCountersMetric.componentNames, zip(a.values, b.values)) {
                try check(x, y, "types/\(name)")
            }
        }
        if let a = distribution, let b = other.distribution {
            try check(Int64(a.kll.n), Int64(b.kll.n), "distribution/kll")
        }
        if let a = frequentItems, let b = other.frequentItems {
            try check(
                Int64(clamping: a.sketch.totalWeight), Int64(clamping: b.sketch.totalWeight),
                "frequent_items/frequent_strings")
        }
        for (path, x) in otherComponents {
            guard let y = other.otherComponents[path] else { continue }
            switch (x.value, y.value) {
            case (.integer(let a), .integer(let b))
            where x.typeID != MetricComponent.minTypeID
                && x.typeID != MetricComponent.maxTypeID:
                // Verbatim integers add without the 2^53 bound (their meaning is unknown here), but
                // must not wrap.
                guard case (_, false) = a.addingReportingOverflow(b) else {
                    throw ProfileError(
                        .countOverflow, field: "\"\(column)\" \(path)", expected: "a merged value within Int64",
                        actual: "\(a) + \(b)")
                }
            case (.kll(let a), .kll(let b)):
                guard let n = try? KLLSketch<Double>(serializedBytes: a).n,
                    let m = try? KLLSketch<Double>(serializedBytes: b).n
                else { continue }
                try check(Int64(n), Int64(m), path)
            default:
                continue
            }
        }
    }
}
