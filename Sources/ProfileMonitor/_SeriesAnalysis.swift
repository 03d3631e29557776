import Profiles

/// The analyses recomputed on every run from the groups' cached values: bands on the scalar series
/// and columns appearing or disappearing.
struct _SeriesAnalysis {
    let configuration: MonitorConfiguration

    private struct SeriesKey: Hashable {
        var segment: MonitorSegment?
        var column: String?
        var metric: MonitorMetric
    }

    /// The band and column-change findings of `groups` (in period order).
    func findings(_ groups: [MonitorState.GroupRecord]) -> [MonitorFinding] {
        var out: [MonitorFinding] = []
        var values: [SeriesKey: [(period: UInt64, value: Double)]] = [:]
        var previousColumns: [MonitorSegment?: [String]] = [:]
        for group in groups {
            for scalar in group.scalars {
                values[SeriesKey(segment: group.segment, column: scalar.column, metric: scalar.metric), default: []]
                    .append((group.periodStart, scalar.value))
            }
            if let before = previousColumns[group.segment] {
                let now = Set(group.columns)
                let then = Set(before)
                for name in group.columns where !then.contains(name) {
                    out.append(
                        MonitorFinding(
                            periodStartMilliseconds: group.periodStart, segment: group.segment, column: name,
                            analysis: .columnAppeared, verdict: .warning,
                            reason: "not in the previous period"))
                }
                for name in before where !now.contains(name) {
                    out.append(
                        MonitorFinding(
                            periodStartMilliseconds: group.periodStart, segment: group.segment, column: name,
                            analysis: .columnDisappeared, verdict: .alert,
                            reason: "in the previous period, missing from this one"))
                }
            }
            previousColumns[group.segment] = group.columns
        }
        var bands: [MonitorFinding] = []
        for (key, series) in values {
            for (index, point) in series.enumerated() {
                let history = series[max(0, index - configuration.bandWindow)..<index].map(\.value)
                bands.append(band(key, period: point.period, value: point.value, history: history))
            }
        }
        return out + gated(bands)
    }

    /// The band findings with the significance gate applied, period by period: a value outside its
    /// band alerts only when the t test of it against its history (a prediction interval) is
    /// significant after Holm's adjustment over every band test of the period
    /// (``DriftConfiguration/significanceLevel``, 0.01 by default); outside the band without that
    /// it is a warning. With the gate off (no significance level), every value outside alerts.
    private func gated(_ bands: [MonitorFinding]) -> [MonitorFinding] {
        guard let level = configuration.drift.significanceLevel else { return bands }
        var result = bands
        var byPeriod: [UInt64: [Int]] = [:]
        for (index, finding) in bands.enumerated() where finding.pValue != nil {
            byPeriod[finding.periodStartMilliseconds, default: []].append(index)
        }
        for (_, indices) in byPeriod {
            let adjusted = Self.holm(indices.map { bands[$0].pValue! })
            for (index, pValue) in zip(indices, adjusted) {
                result[index].pValue = pValue
                guard result[index].verdict == .alert, pValue > level else { continue }
                result[index].verdict = .warning
                result[index].reason +=
                    "; not significant (p \(_GroupAnalysis.format(pValue)) after Holm over \(indices.count) "
                    + "band tests, level \(_GroupAnalysis.format(level)))"
            }
        }
        return result
    }

    /// The cached drift findings with the significance level split over each period's sections
    /// (the whole dataset and every segment compared in the period; Bonferroni over them, Holm
    /// inside each, as `profile diff` of segmented directories): a drift alert stands only when its
    /// gate's adjusted p-value is at most level / sections, else it is a warning. Recomputed on
    /// every run, as a new segment changes the split.
    func gatedAcrossSections(_ findings: [MonitorFinding]) -> [MonitorFinding] {
        guard let level = configuration.drift.significanceLevel else { return findings }
        var sections: [UInt64: Set<MonitorSegment?>] = [:]
        for finding in findings where finding.analysis == .drift {
            sections[finding.periodStartMilliseconds, default: []].insert(finding.segment)
        }
        return findings.map { finding in
            guard finding.analysis == .drift, finding.verdict == .alert, let pValue = finding.pValue,
                let count = sections[finding.periodStartMilliseconds]?.count, count > 1,
                pValue > level / Double(count)
            else { return finding }
            var gated = finding
            gated.verdict = .warning
            gated.reason +=
                "; not significant over the period's \(count) sections (p \(_GroupAnalysis.format(pValue)) "
                + "above \(_GroupAnalysis.format(level)) / \(count))"
            return gated
        }
    }

    /// Whether every value of `history` is the same.
    static func hasNoSpread(_ history: [Double]) -> Bool {
        history.allSatisfy { $0 == history.first }
    }

    /// Holm's step-down adjustment of `pValues` (in their order).
    static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// The two-sided p-value of `value` against `history` as a new draw of the same normal series:
    /// t = (value − mean) / (s·√(1 + 1/n)) with n − 1 degrees of freedom. A history without spread
    /// is not tested (1: such a band warns, never alerts).
    static func pValue(_ value: Double, history: [Double], low: Double, high: Double) -> Double {
        let count = Double(history.count)
        let mean = history.reduce(0, +) / count
        let deviation = (history.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)).squareRoot()
        guard deviation > 0 else { return 1 }
        let t = (value - mean) / (deviation * (1 + 1 / count).squareRoot())
        return _StudentT.twoSidedPValue(t, degreesOfFreedom: count - 1)
    }

    private func band(_ key: SeriesKey, period: UInt64, value: Double, history: [Double]) -> MonitorFinding {
        let name = key.metric.rawValue
        guard history.count >= 2 else {
            return MonitorFinding(
                periodStartMilliseconds: period, segment: key.segment, column: key.column,
                analysis: .band(key.metric), value: value, history: history.count, verdict: .insufficientHistory,
                reason: "\(name) \(_GroupAnalysis.format(value)): \(history.count) earlier values, "
                    + "\(configuration.minimumHistory) needed")
        }
        let (low, high, mean) = Self.band(history, k: configuration.bandK)
        let outside = value < low || value > high
        let verdict: MonitorVerdict
        let reason: String
        let range = "[\(_GroupAnalysis.format(low)), \(_GroupAnalysis.format(high))]"
        if history.count < configuration.minimumHistory {
            verdict = .insufficientHistory
            reason =
                "\(name) \(_GroupAnalysis.format(value)) \(outside ? "outside" : "within") \(range): "
                + "\(history.count) earlier values, \(configuration.minimumHistory) needed"
        } else if outside && Self.hasNoSpread(history) {
            // No variability to judge a change by: a discrete series (the median of an integer
            // column) flips between neighbours. Drift's tests (null rate, distinct ratio) and
            // constraints judge such changes; here it is a warning.
            verdict = .warning
            reason =
                "\(name) \(_GroupAnalysis.format(value)) \(value > high ? "above" : "below") \(range): "
                + "the \(history.count) earlier values are all equal, so no variability is known (a warning)"
        } else if outside {
            verdict = .alert
            reason =
                "\(name) \(_GroupAnalysis.format(value)) \(value > high ? "above" : "below") \(range) "
                + "(mean \(_GroupAnalysis.format(mean)) ± \(_GroupAnalysis.format(configuration.bandK))σ of \(history.count) periods)"
        } else {
            verdict = .ok
            reason = "\(name) \(_GroupAnalysis.format(value)) within \(range)"
        }
        // Tested only where a band can alert: the gate counts the tests that could raise one.
        let eligible = history.count >= configuration.minimumHistory
        return MonitorFinding(
            periodStartMilliseconds: period, segment: key.segment, column: key.column, analysis: .band(key.metric),
            value: value, bandLow: low, bandHigh: high, baseline: mean, history: history.count,
            pValue: eligible ? Self.pValue(value, history: history, low: low, high: high) : nil, verdict: verdict,
            reason: reason)
    }

    /// mean ∓ max(k·σ, floors) of `history` (sample standard deviation; at least two values).
    static func band(_ history: [Double], k: Double) -> (low: Double, high: Double, mean: Double) {
        let count = Double(history.count)
        let mean = history.reduce(0, +) / count
        let variance = history.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
        let halfWidth = max(
            k * variance.squareRoot(), MonitorConfiguration.relativeBandFloor * abs(mean),
            MonitorConfiguration.absoluteBandFloor)
        return (mean - halfWidth, mean + halfWidth, mean)
    }
}
