import Profiles

/// Shared text of the drift renderers: the metrics shown in tables and number formatting.
enum DriftText {
    /// The metrics shown as table columns, in order.
    static let tableMetrics: [DriftMetric] = [
        .ks, .psi, .jensenShannon, .hellinger, .wasserstein, .lInfinity, .pValue, .nullRateChange,
        .typeMixChange, .unseenShare, .distinctRatio,
    ]

    /// Short headers for the table columns.
    static func header(_ metric: DriftMetric) -> String {
        switch metric {
        case .ks: "KS"
        case .psi: "PSI"
        case .jensenShannon: "JS"
        case .hellinger: "Hellinger"
        case .wasserstein: "W1/σ"
        case .lInfinity: "L∞"
        case .chiSquare: "χ²"
        case .nullRateChange: "Δnull"
        case .typeMixChange: "Δtypes"
        case .distinctRatio: "distinct×"
        case .unseenShare: "unseen"
        case .pValue: "p"
        }
    }

    /// A value with its bound, `0.123±0.004`, or `0.123`.
    static func cell(_ measurement: DriftMeasurement?) -> String {
        guard let measurement else { return "" }
        var text = number(measurement.value)
        if let bound = measurement.errorBound, bound > 0 { text += "±" + number(bound) }
        return text
    }

    /// Three significant decimals, signed when negative.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 0.001 || magnitude >= 1e6) {
            return formatted(value, exponent: true)
        }
        return formatted(value, exponent: false)
    }

    private static func formatted(_ value: Double, exponent: Bool) -> String {
        if exponent {
            var e = 0
            var m = value
            while abs(m) >= 10 {
                m /= 10
                e += 1
            }
            while abs(m) < 1 && m != 0 {
                m *= 10
                e -= 1
            }
            return fixed(m, decimals: 2) + "e" + String(e)
        }
        return fixed(value, decimals: 3)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded) - whole * Int(scale)
        var digits = String(fraction)
        digits = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        return (value < 0 && rounded != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + digits : "")
    }

    /// One line per column verdict count.
    static func summaryLine(_ report: DriftReport) -> String {
        let summary = report.summary
        var parts = DriftVerdict.allCases.reversed().map { "\(summary.byVerdict[$0] ?? 0) \($0.rawValue)" }
        if !summary.missing.isEmpty { parts.append("missing: " + summary.missing.joined(separator: ", ")) }
        if !summary.added.isEmpty { parts.append("added: " + summary.added.joined(separator: ", ")) }
        return "\(summary.columns) columns: " + parts.joined(separator: ", ") + "; overall: \(summary.verdict.rawValue)"
            + "; " + gate(report)
    }

    /// The significance gate and its procedure, e.g. `gate: p < 0.01, Holm across 12 tests`.
    static func gate(_ report: DriftReport) -> String {
        guard let level = report.significanceLevel else { return "gate: off" }
        let procedure =
            switch report.multipleTesting {
            case .holm: "Holm across"
            case .unadjusted: "unadjusted, each of"
            }
        return "gate: p < \(level), \(procedure) \(report.testCount) test\(report.testCount == 1 ? "" : "s")"
    }

    /// Why a column has its verdict: the deciding metric, then the metrics not scored grouped by
    /// reason, e.g. `ks` or `not scored: L∞, JS, χ² (long tail: frequent items cover 43% of the values)`.
    static func why(_ column: ColumnDrift) -> String {
        var parts: [String] = []
        switch column.presence {
        case .missing: parts.append("column missing from the target")
        case .added: parts.append("column added in the target")
        case .both: if let metric = column.decidedBy { parts.append(metric.rawValue) }
        }
        var reasons: [(String, [String])] = []
        for (metric, reason) in column.notScored {
            if let index = reasons.firstIndex(where: { $0.0 == reason }) {
                reasons[index].1.append(header(metric))
            } else {
                reasons.append((reason, [header(metric)]))
            }
        }
        for (reason, metrics) in reasons {
            parts.append("not scored: " + metrics.joined(separator: ", ") + " (" + reason + ")")
        }
        return parts.joined(separator: "; ")
    }
}
