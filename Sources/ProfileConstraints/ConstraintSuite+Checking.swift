import Foundation
public import Profiles
import Sketches
import Synchronization

extension ConstraintSuite {
    /// Checks every constraint on a profile.
    ///
    /// Each constraint gives one result, in suite order, with the value it looked at and a detail
    /// in words. The pass conditions are whylogs 1.6.4's (`MetricConstraint.validate_profile`):
    /// with `skip_missing` (the default of the distribution factories) a missing column, a missing
    /// distribution or one without numbers passes; otherwise, and for every other factory, a
    /// missing column or metric fails. whylogs' `ConstraintsBuilder` instead refuses a missing
    /// column and drops a constraint whose metric is missing; a report names them here.
    ///
    /// - Parameters:
    ///   - profile: the profile to check.
    ///   - reference: the reference profile for `no_drift` constraints; without one they fail
    ///     (see ``needsReference``).
    /// - Returns: the report.
    /// - Complexity: O(constraints) plus, once per column looked at, a sort of its KLL items for
    ///   quantiles and of its frequent items; a `no_drift` constraint compares its column once per
    ///   metric and threshold, as `profile diff` does. Those comparisons run on every core
    ///   (`DispatchQueue.concurrentPerform`) before the constraints are evaluated; the call blocks
    ///   until they finish.
    public func check(_ profile: DatasetProfile, reference: DatasetProfile? = nil) -> ConstraintReport {
        var checker = _Checker(profile: profile, reference: reference)
        checker.compareDriftColumns(constraints.lazy.map(\.check))
        var results: [ConstraintResult] = []
        results.reserveCapacity(constraints.count)
        for (index, constraint) in constraints.enumerated() {
            let evaluation = checker.evaluate(constraint.check)
            results.append(
                ConstraintResult(
                    index: index, name: constraint.name, factory: constraint.check.factory,
                    columnName: constraint.check.columnName, outcome: evaluation.outcome,
                    severity: constraint.severity, value: evaluation.value, detail: evaluation.detail))
        }
        return ConstraintReport(results: results)
    }
}

/// The outcome, value and detail of one check.
struct _Evaluation {
    var outcome: ConstraintResult.Outcome
    var value: ConstraintValue?
    var detail: String

    static func when(_ condition: Bool, _ value: ConstraintValue?, _ detail: String) -> _Evaluation {
        _Evaluation(outcome: condition ? .passed : .failed, value: value, detail: detail)
    }
}

/// Evaluates checks on one profile, caching what it reads per column.
struct _Checker {
    let profile: DatasetProfile
    let reference: DatasetProfile?
    private var facts: [String: _ColumnFacts] = [:]
    private var drift: [_DriftKey: ColumnDrift] = [:]

    init(profile: DatasetProfile, reference: DatasetProfile?) {
        self.profile = profile
        self.reference = reference
    }

    // MARK: - Dispatch

    mutating func evaluate(_ check: ConstraintCheck) -> _Evaluation {
        switch check {
        case .greaterThanNumber(let column, let number, let skip):
            return distribution(column, skip) { facts in
                let min = ConstraintNumber.double(facts.distribution!.kll.minItem!)
                return .when(
                    min > number, .double(min.doubleValue),
                    "min \(f(min, near: number)) \(min > number ? ">" : "≤") \(number)")
            }
        case .smallerThanNumber(let column, let number, let skip):
            return distribution(column, skip) { facts in
                let max = ConstraintNumber.double(facts.distribution!.kll.maxItem!)
                return .when(
                    number > max, .double(max.doubleValue),
                    "max \(f(max, near: number)) \(number > max ? "<" : "≥") \(number)")
            }
        case .isNonNegative(let column, let skip):
            return distribution(column, skip) { facts in
                let min = ConstraintNumber.double(facts.distribution!.kll.minItem!)
                let holds = min >= .integer(0)
                return .when(holds, .double(min.doubleValue), "min \(f(min, near: .integer(0))) \(holds ? "≥" : "<") 0")
            }
        case .isInRange(let column, let lower, let upper, let skip):
            return distribution(column, skip) { facts in
                let kll = facts.distribution!.kll
                let min = ConstraintNumber.double(kll.minItem!)
                let max = ConstraintNumber.double(kll.maxItem!)
                let lowOK = min >= lower
                let highOK = max <= upper
                let detail =
                    "min \(f(min, near: lower)) \(lowOK ? "≥" : "<") \(lower) and max \(f(max, near: upper)) \(highOK ? "≤" : ">") \(upper)"
                return .when(lowOK && highOK, .minMax(min: min.doubleValue, max: max.doubleValue), detail)
            }
        case .meanBetweenRange(let column, let lower, let upper, let skip):
            return distribution(column, skip) { facts in
                Self.between("mean", .double(facts.distribution!.mean), lower, upper)
            }
        case .stddevBetweenRange(let column, let lower, let upper, let skip):
            return distribution(column, skip) { facts in
                Self.between("stddev", .double(facts.distribution!.stddev), lower, upper)
            }
        case .quantileBetweenRange(let column, let quantile, let lower, let upper, let skip):
            return distribution(column, skip) { facts in
                let value = facts.quantile(quantile.doubleValue) ?? .nan
                return Self.between("quantile \(quantile)", .double(value), lower, upper)
            }
        case .noMissingValues(let column):
            return counts(column) { n, null in
                .when(null == 0, .integer(null), "\(null) null of \(n)")
            }
        case .countBelowNumber(let column, let number):
            return counts(column) { n, _ in
                let holds = number >= .integer(n)
                return .when(holds, .integer(n), "n \(n) \(holds ? "≤" : ">") \(number)")
            }
        case .nullValuesBelowNumber(let column, let number):
            return counts(column) { _, null in
                let holds = ConstraintNumber.integer(null) < number
                return .when(holds, .integer(null), "null \(null) \(holds ? "<" : "≥") \(number)")
            }
        case .nullPercentageBelowNumber(let column, let number):
            return counts(column) { n, null in
                guard n > 0 else {
                    return .when(false, nil, "no values (n = 0): the null fraction is undefined")
                }
                let fraction = ConstraintNumber.double(Double(null) / Double(n))
                let holds = fraction <= number
                return .when(
                    holds, .double(fraction.doubleValue),
                    "null fraction \(null)/\(n) = \(f(fraction, near: number)) \(holds ? "≤" : ">") \(number)")
            }
        case .distinctNumberInRange(let column, let lower, let upper):
            return metric(column, "cardinality", \.hasCardinality) { facts in
                let estimate = ConstraintNumber.double(facts.hll!.estimate)
                let holds = !(lower > estimate) && !(estimate > upper)
                return .when(
                    holds, .double(estimate.doubleValue),
                    "distinct estimate \(f(estimate, near: lower, upper)) \(holds ? "in" : "outside") [\(lower), \(upper)]"
                )
            }
        case .frequentStringsInReferenceSet(let column, let set):
            return metric(column, "frequent_items", \.hasFrequentItems) { facts in
                Self.itemsInSet(facts.frequentStringValues(), set: set, what: "frequent items")
            }
        case .nMostCommonItemsInSet(let column, let n, let set):
            return metric(column, "frequent_items", \.hasFrequentItems) { facts in
                Self.itemsInSet(Array(facts.frequentStringValues().prefix(n)), set: set, what: "\(n) most common items")
            }
        case .columnIsNullableDatatype(let column, let datatype, _):
            return types(column) { counts in
                let holds = ConstraintDataType.allCases.allSatisfy { type in
                    type == datatype ? counts[type]! != 0 : counts[type]! <= 0
                }
                let others = counts.filter { $0.key != datatype && $0.value > 0 }.map { "\($0.key) \($0.value)" }
                let detail =
                    "\(datatype) \(counts[datatype]!)"
                    + (others.isEmpty ? ", no other type" : ", other types: " + others.sorted().joined(separator: ", "))
                return .when(holds, .counts(Self.named(counts)), detail)
            }
        case .columnHasNonZeroTypes(let column, let list):
            return types(column) { counts in
                let zero = ConstraintDataType.allCases.filter { list.contains($0) && counts[$0]! == 0 }
                let detail = zero.isEmpty ? "every listed type counted" : "no values of " + Self.listed(zero)
                return .when(zero.isEmpty, .counts(Self.named(counts.filter { list.contains($0.key) })), detail)
            }
        case .columnHasZeroCountTypes(let column, let list):
            return types(column) { counts in
                let present = ConstraintDataType.allCases.filter { list.contains($0) && counts[$0]! != 0 }
                let detail =
                    present.isEmpty
                    ? "no values of the listed types"
                    : "values of " + present.map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ")
                return .when(present.isEmpty, .counts(Self.named(counts.filter { list.contains($0.key) })), detail)
            }
        case .conditionMeets(let column, let condition):
            return conditionCount(column, condition) { matches, total in
                .when(
                    matches == total, .counts(["matches": matches, "total": total]),
                    "\(matches) of \(total) values meet \(condition)")
            }
        case .conditionNeverMeets(let column, let condition):
            return conditionCount(column, condition) { matches, total in
                .when(
                    matches == 0, .counts(["matches": matches, "total": total]),
                    "\(matches) of \(total) values meet \(condition)")
            }
        case .conditionCountBelow(let column, let condition, let maxCount):
            return conditionCount(column, condition) { matches, _ in
                let holds = maxCount >= .integer(matches)
                return .when(
                    holds, .integer(matches), "\(matches) values meet \(condition), \(holds ? "≤" : ">") \(maxCount)")
            }
        case .columnIsProbablyUnique(let column, let stddev):
            return probablyUnique(column, stddev: stddev)
        case .rowCountInRange(let lower, let upper):
            let rows = profile.columns.values.map { _ColumnFacts.countN($0) }.max() ?? 0
            let count = ConstraintNumber.integer(rows)
            let lowOK = lower.map { count >= $0 } ?? true
            let highOK = upper.map { count <= $0 } ?? true
            var parts: [String] = []
            if let lower { parts.append("\(lowOK ? "≥" : "<") \(lower)") }
            if let upper { parts.append("\(highOK ? "≤" : ">") \(upper)") }
            return .when(lowOK && highOK, .integer(rows), "\(rows) rows " + parts.joined(separator: " and "))
        case .columnsPresent(let names):
            var seen: Set<String> = []
            let missing = names.filter { profile.columns[$0] == nil && seen.insert($0).inserted }
            let detail = missing.isEmpty ? "all \(names.count) present" : "missing: " + Self.quoted(missing)
            return .when(missing.isEmpty, .strings(missing), detail)
        case .noUnexpectedColumns(let names):
            let allowed = Set(names)
            let extra = profile.columnNames.filter { !allowed.contains($0) }
            let detail = extra.isEmpty ? "no other column" : "unexpected: " + Self.quoted(extra)
            return .when(extra.isEmpty, .strings(extra), detail)
        case .noDrift(let column, let metric, let threshold):
            return noDrift(column, metric: metric, threshold: threshold)
        }
    }

    // MARK: - Metric lookups (whylogs' validate_profile rules)

    private mutating func columnFacts(_ name: String) -> _ColumnFacts? {
        if let cached = facts[name] { return cached }
        guard let column = profile.columns[name] else { return nil }
        let made = _ColumnFacts(column)
        facts[name] = made
        return made
    }

    /// A distribution check: a missing column, a missing distribution or an empty sketch passes
    /// with `skip_missing` and fails without it.
    private mutating func distribution(
        _ column: String, _ skipMissing: Bool, _ body: (inout _ColumnFacts) -> _Evaluation
    ) -> _Evaluation {
        guard var facts = columnFacts(column) else {
            return .when(skipMissing, nil, "column not in the profile" + (skipMissing ? " (skip_missing)" : ""))
        }
        guard let distribution = facts.distribution else {
            return .when(skipMissing, nil, "no distribution metric" + (skipMissing ? " (skip_missing)" : ""))
        }
        guard !distribution.kll.isEmpty else {
            return .when(skipMissing, nil, "no numeric values" + (skipMissing ? " (skip_missing)" : ""))
        }
        let result = body(&facts)
        self.facts[column] = facts
        return result
    }

    /// A check on one metric: a missing column or metric fails.
    private mutating func metric(
        _ column: String, _ namespace: String, _ present: KeyPath<_ColumnFacts, Bool>,
        _ body: (inout _ColumnFacts) -> _Evaluation
    ) -> _Evaluation {
        guard var facts = columnFacts(column) else { return .when(false, nil, "column not in the profile") }
        guard facts[keyPath: present] else { return .when(false, nil, "no \(namespace) metric") }
        let result = body(&facts)
        self.facts[column] = facts
        return result
    }

    private mutating func counts(_ column: String, _ body: (Int64, Int64) -> _Evaluation) -> _Evaluation {
        metric(column, "counts", \.hasCounts) { facts in body(facts.counts!.n, facts.counts!.null) }
    }

    private mutating func types(
        _ column: String, _ body: ([ConstraintDataType: Int64]) -> _Evaluation
    ) -> _Evaluation {
        metric(column, "types", \.hasTypes) { facts in
            body(Dictionary(uniqueKeysWithValues: zip(ConstraintDataType.allCases, facts.types!)))
        }
    }

    private mutating func conditionCount(
        _ column: String, _ condition: String, _ body: (Int64, Int64) -> _Evaluation
    ) -> _Evaluation {
        metric(column, "condition_count", \.hasConditionCounts) { facts in
            let counts = facts.conditionCounts!
            guard let matches = counts[condition] else {
                let known = counts.keys.filter { $0 != "total" }.sorted()
                return .when(false, nil, "no condition named \(condition) (conditions: \(Self.quoted(known)))")
            }
            return body(matches, counts["total"] ?? 0)
        }
    }

    /// whylogs' `lower_k ≤ n − null ≤ upper_k` on the HLL bounds at `stddev` deviations.
    private mutating func probablyUnique(_ column: String, stddev: Int) -> _Evaluation {
        guard let facts = columnFacts(column) else { return .when(false, nil, "column not in the profile") }
        guard let hll = facts.hll else { return .when(false, nil, "no cardinality metric") }
        guard let counts = facts.counts else { return .when(false, nil, "no counts metric") }
        let nonNull = counts.n &- counts.null
        let lower = ConstraintNumber.double(hll.lowerBound(standardDeviations: stddev))
        let upper = ConstraintNumber.double(hll.upperBound(standardDeviations: stddev))
        let value = ConstraintNumber.integer(nonNull)
        let holds = lower <= value && value <= upper
        return .when(
            holds, .integer(nonNull),
            "\(nonNull) non-null values \(holds ? "within" : "outside") the distinct bounds [\(f(lower, near: value)), \(f(upper, near: value))]"
                + " at \(stddev) standard deviation\(stddev == 1 ? "" : "s")")
    }

    // MARK: - Drift

    struct _DriftKey: Hashable, Sendable {
        var column: String
        var metric: DriftMetric?
        var threshold: Double?
    }

    private mutating func noDrift(_ column: String, metric: DriftMetric?, threshold: Double?) -> _Evaluation {
        guard let reference else { return .when(false, nil, "no reference profile given") }
        guard let referenceColumn = reference.columns[column] else {
            return .when(false, nil, "column not in the reference profile")
        }
        guard let targetColumn = profile.columns[column] else { return .when(false, nil, "column not in the profile") }
        let key = _DriftKey(column: column, metric: metric, threshold: threshold)
        let result: ColumnDrift
        if let cached = drift[key] {
            result = cached
        } else {
            result = Self.compare(key, reference: referenceColumn, target: targetColumn)
            drift[key] = result
        }
        if let metric {
            guard let measurement = result[metric] else {
                return .when(false, nil, "\(metric.rawValue) is not computed for this column (\(result.kind.rawValue))")
            }
            return Self.driftEvaluation(measurement.verdict, measurement)
        }
        let decisive = result.decidedBy.flatMap { result[$0] }
        guard let decisive else {
            let value = result[.ks] ?? result[.lInfinity]
            return _Evaluation(
                outcome: .passed, value: value.map { .double($0.value) }, detail: "no drift (\(result.kind.rawValue))")
        }
        return Self.driftEvaluation(result.verdict, decisive)
    }

    /// One column compared with the reference by the drift engine: only `metric` thresholded
    /// (its own threshold, else the default), or every default threshold without a metric.
    private static func compare(_ key: _DriftKey, reference: ColumnProfile, target: ColumnProfile) -> ColumnDrift {
        var configuration = DriftConfiguration.default
        if let metric = key.metric {
            let custom = key.threshold.flatMap { try? DriftConfiguration.threshold(metric: metric, drift: $0) }
            configuration.thresholds = [metric: custom ?? DriftConfiguration.defaultThresholds[metric]]
                .compactMapValues { $0 }
        }
        var left = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        var right = left
        left.columns[key.column] = reference
        right.columns[key.column] = target
        return DriftReport(reference: left, target: right, configuration: configuration).columns[0]
    }

    /// Compares the columns of the suite's `no_drift` constraints on every core, before the
    /// constraints are evaluated in order (a column comparison costs milliseconds; the rest of a
    /// check, microseconds a constraint).
    mutating func compareDriftColumns(_ checks: some Sequence<ConstraintCheck>) {
        guard let reference else { return }
        var keys: [_DriftKey] = []
        var seen: Set<_DriftKey> = []
        for check in checks {
            guard case .noDrift(let column, let metric, let threshold) = check,
                reference.columns[column] != nil, profile.columns[column] != nil
            else { continue }
            let key = _DriftKey(column: column, metric: metric, threshold: threshold)
            if seen.insert(key).inserted { keys.append(key) }
        }
        guard keys.count > 1 else { return }
        let results = Mutex([ColumnDrift?](repeating: nil, count: keys.count))
        let (profile, frozenKeys) = (self.profile, keys)
        DispatchQueue.concurrentPerform(iterations: keys.count) { index in
            let key = frozenKeys[index]
            let drift = Self.compare(
                key, reference: reference.columns[key.column]!, target: profile.columns[key.column]!)
            results.withLock { $0[index] = drift }
        }
        let computed = results.withLock { $0 }
        for (key, drift) in zip(keys, computed) { self.drift[key] = drift }
    }

    private static func driftEvaluation(_ verdict: DriftVerdict, _ measurement: DriftMeasurement) -> _Evaluation {
        var detail = "\(measurement.metric.rawValue) \(f(.double(measurement.value)))"
        if let bound = measurement.errorBound, bound > 0 { detail += " ± \(f(.double(bound)))" }
        if let threshold = measurement.threshold { detail += ", drift at \(f(.double(threshold.drift)))" }
        detail += ": \(verdict.rawValue)"
        if let reason = measurement.notScoredReason { detail += " (\(reason))" }
        let outcome: ConstraintResult.Outcome
        switch verdict {
        case .drift: outcome = .failed
        case .indeterminate: outcome = .indeterminate
        case .none, .possible: outcome = .passed
        }
        return _Evaluation(outcome: outcome, value: .double(measurement.value), detail: detail)
    }

    // MARK: - Helpers

    private static func between(
        _ what: String, _ value: ConstraintNumber, _ lower: ConstraintNumber, _ upper: ConstraintNumber
    ) -> _Evaluation {
        let holds = value >= lower && value <= upper
        return .when(
            holds, .double(value.doubleValue),
            "\(what) \(f(value, near: lower, upper)) \(holds ? "in" : "outside") [\(lower), \(upper)]")
    }

    private static func itemsInSet(_ items: [String], set: [String], what: String) -> _Evaluation {
        let allowed = Set(set)
        let outside = items.filter { !allowed.contains($0) }
        let detail =
            outside.isEmpty
            ? "\(items.count) \(what), all in the set"
            : "\(outside.count) of \(items.count) \(what) not in the set: "
                + quoted(Array(outside.prefix(10))) + (outside.count > 10 ? " …" : "")
        return .when(outside.isEmpty, .strings(items), detail)
    }

    private static func named(_ counts: [ConstraintDataType: Int64]) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
    }

    private static func listed(_ types: [ConstraintDataType]) -> String {
        types.map(\.rawValue).joined(separator: ", ")
    }

    private static func quoted(_ names: [String]) -> String {
        names.map { _PythonRepr.string($0) }.joined(separator: ", ")
    }
}

/// A number for a detail: six significant digits, as Python prints the rounded value; all its
/// digits when the rounded value would equal a bound it is compared with but the value does not
/// (an HLL estimate of 6.0000003 against an upper bound of 6).
private func f(_ number: ConstraintNumber, near bounds: ConstraintNumber...) -> String {
    switch number {
    case .integer(let value): return String(value)
    case .double(let value):
        guard value.isFinite else { return _PythonRepr.float(value) }
        let rounded = Double(String(format: "%.6g", value)) ?? value
        for bound in bounds where ConstraintNumber.order(.double(rounded), bound) == 0 {
            if ConstraintNumber.order(number, bound) != 0 { return _PythonRepr.float(value) }
        }
        return _PythonRepr.float(rounded)
    }
}

extension _ColumnFacts {
    /// `counts/n` of a column (standard or verbatim), 0 without one.
    static func countN(_ column: ColumnProfile) -> Int64 {
        if let counts = column.counts { return counts.n }
        if case .integer(let value)? = column.otherComponents["counts/n"]?.value { return value }
        return 0
    }
}
