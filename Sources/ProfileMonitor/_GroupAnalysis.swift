import Foundation
import ProfileConstraints
import Profiles
import Sketches

/// One group to compute: its merged profile and the profiles its drift baseline merges.
struct _GroupTask: Sendable {
    var key: ProfileMonitor.GroupKey
    var revision: String
    var baselineRevision: String
    var profile: DatasetProfile
    var baselineParts: [DatasetProfile]
    /// A file of each part, to name in an error.
    var baselinePaths: [String]
}

/// What is computed once per group and kept in the state: its columns, its series values, its
/// drift and constraint findings.
struct _GroupAnalysis {
    let configuration: MonitorConfiguration

    func record(_ task: _GroupTask) throws(MonitorError) -> MonitorState.GroupRecord {
        var baseline: DatasetProfile?
        for (index, part) in task.baselineParts.enumerated() {
            do throws(ProfileError) {
                try _merge(part, into: &baseline)
            } catch {
                let path = index < task.baselinePaths.count ? task.baselinePaths[index] : ""
                throw MonitorError(.invalidProfile, path: path, reason: "cannot merge the trailing baseline: \(error)")
            }
        }
        var findings: [MonitorFinding] = []
        if let baseline {
            findings += drift(task, baseline: baseline)
        }
        if let suite = configuration.constraints {
            findings += constraints(task, suite: suite, baseline: baseline)
        }
        return MonitorState.GroupRecord(
            periodStart: task.key.periodStart, segment: task.key.segment, revision: task.revision,
            baselineRevision: task.baselineRevision, columns: task.profile.columnNames,
            scalars: Self.scalars(task.profile), findings: findings, profile: nil)
    }

    /// The series values of a profile.
    static func scalars(_ profile: DatasetProfile) -> [MonitorState.ScalarRecord] {
        var out: [MonitorState.ScalarRecord] = []
        func add(_ column: String?, _ metric: MonitorMetric, _ value: Double?) {
            if let value, value.isFinite { out.append(.init(column: column, metric: metric, value: value)) }
        }
        let rows = profile.columns.values.compactMap { $0.counts?.n }.max()
        add(nil, .rowCount, rows.map(Double.init))
        if let performance = profile.modelPerformance {
            if let matrix = performance.confusionMatrix {
                let metrics = matrix.classificationMetrics
                if metrics.total > 0 {
                    add(nil, .accuracy, metrics.accuracy)
                    add(nil, .macroF1, metrics.macro.f1)
                }
            }
            if let regression = performance.regression {
                add(nil, .mae, regression.meanAbsoluteError)
                add(nil, .rmse, regression.rootMeanSquaredError)
            }
        }
        for name in profile.columnNames {
            guard let column = profile.columns[name] else { continue }
            if let counts = column.counts, counts.n > 0 {
                add(name, .nullShare, Double(counts.null) / Double(counts.n))
            }
            if let distribution = column.distribution, distribution.n > 0 {
                add(name, .mean, distribution.mean)
                add(name, .median, distribution.kll.quantile(atRank: 0.5))
            }
            if let cardinality = column.cardinality {
                add(name, .distinct, cardinality.estimate)
            }
        }
        return out
    }

    func drift(_ task: _GroupTask, baseline: DatasetProfile) -> [MonitorFinding] {
        let report = DriftReport(reference: baseline, target: task.profile, configuration: configuration.drift)
        var out: [MonitorFinding] = []
        for column in report.columns where column.presence == .both {
            let verdict: MonitorVerdict
            switch column.verdict {
            case .drift: verdict = .alert
            case .possible, .indeterminate: verdict = .warning
            case .none: verdict = .ok
            }
            let measurement =
                column.decidedBy.flatMap { column[$0] }
                ?? column.measurements.filter { $0.threshold != nil && $0.notScoredReason == nil && $0.value.isFinite }
                .max { a, b in
                    DriftMeasurement.magnitude(of: a.value, metric: a.metric) / max(a.threshold!.drift, .ulpOfOne)
                        < DriftMeasurement.magnitude(of: b.value, metric: b.metric) / max(b.threshold!.drift, .ulpOfOne)
                }
            let gate = column[.pValue]
            let pValue =
                measurement.flatMap { $0.adjustedPValue ?? $0.pValue } ?? gate.map { $0.adjustedPValue ?? $0.value }
            var reason: String
            if let measurement {
                reason = "\(measurement.metric.rawValue) \(Self.format(measurement.value))"
                if let threshold = measurement.threshold {
                    reason +=
                        verdict == .ok
                        ? " below \(Self.format(threshold.drift))" : ", threshold \(Self.format(threshold.drift))"
                }
                if let pValue { reason += ", p \(Self.format(pValue))" }
                reason += ": " + column.verdict.rawValue
            } else {
                reason = "no metric scored"
            }
            out.append(
                MonitorFinding(
                    periodStartMilliseconds: task.key.periodStart, segment: task.key.segment, column: column.name,
                    analysis: .drift, value: measurement?.value, metric: measurement?.metric.rawValue,
                    threshold: measurement?.threshold?.drift, pValue: pValue, verdict: verdict, reason: reason))
        }
        return out
    }

    func constraints(_ task: _GroupTask, suite: ConstraintSuite, baseline: DatasetProfile?) -> [MonitorFinding] {
        let report = suite.check(task.profile, reference: baseline)
        return report.results.map { result in
            let verdict: MonitorVerdict
            switch result.outcome {
            case .passed: verdict = .ok
            case .failed: verdict = result.severity == .error ? .alert : .warning
            case .indeterminate: verdict = .warning
            }
            var value: Double?
            switch result.value {
            case .integer(let number)?: value = Double(number)
            case .double(let number)?: value = number.isFinite ? number : nil
            default: value = nil
            }
            return MonitorFinding(
                periodStartMilliseconds: task.key.periodStart, segment: task.key.segment, column: result.columnName,
                analysis: .constraint(result.name), value: value, verdict: verdict,
                reason: "\(result.outcome.rawValue) (\(result.severity.rawValue)): \(result.detail)")
        }
    }

    /// A number in at most 4 significant digits.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value != 0, abs(value) < 1e-3 || abs(value) >= 1e6 { return String(format: "%.3g", value) }
        return String(format: "%.4g", value)
    }
}
