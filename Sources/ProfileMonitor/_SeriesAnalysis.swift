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
        for (key, series) in values {
            for (index, point) in series.enumerated() {
                let history = series[max(0, index - configuration.bandWindow)..<index].map(\.value)
                out.append(band(key, period: point.period, value: point.value, history: history))
            }
        }
        return out
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
        } else if outside {
            verdict = .alert
            reason =
                "\(name) \(_GroupAnalysis.format(value)) \(value > high ? "above" : "below") \(range) "
                + "(mean \(_GroupAnalysis.format(mean)) ± \(_GroupAnalysis.format(configuration.bandK))σ of \(history.count) periods)"
        } else {
            verdict = .ok
            reason = "\(name) \(_GroupAnalysis.format(value)) within \(range)"
        }
        return MonitorFinding(
            periodStartMilliseconds: period, segment: key.segment, column: key.column, analysis: .band(key.metric),
            value: value, bandLow: low, bandHigh: high, baseline: mean, history: history.count, verdict: verdict,
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
