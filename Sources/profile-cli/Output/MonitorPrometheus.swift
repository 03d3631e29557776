import ProfileMonitor
import Profiles

/// `profile monitor --prometheus-textfile`: the latest period as gauges in Prometheus' text
/// exposition format, for node exporter's textfile collector. Label values are escaped as the
/// format requires (backslash, double quote, line feed).
enum MonitorPrometheus {
    /// One sample: its labels (name, raw value) and its value.
    struct Sample {
        var labels: [(String, String)]
        var value: Double

        init(_ labels: [(String, String)], _ value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    static func render(_ report: MonitorReport, runTimestamp: Double) -> String {
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [Sample]) {
            out += "# HELP sketchbook_monitor_\(name) \(help)\n# TYPE sketchbook_monitor_\(name) gauge\n"
            // One sample per label set: two constraints of one name on one column would repeat it.
            var seen: Set<[String]> = []
            for sample in samples where seen.insert(sample.labels.flatMap { [$0.0, $0.1] }).inserted {
                out += "sketchbook_monitor_" + name
                if !sample.labels.isEmpty {
                    out += "{" + sample.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " " + format(sample.value) + "\n"
            }
        }
        let latest = report.latestPeriod
        let findings = latest.map { report.findings(in: $0) } ?? []
        family("last_run_timestamp_seconds", "When the monitor last ran (Unix seconds).", [Sample([], runTimestamp)])
        family(
            "latest_period_timestamp_seconds", "The start of the latest period with profiles (Unix seconds).",
            latest.map { [Sample([], Double($0.startMilliseconds) / 1000)] } ?? [])
        family("periods", "Periods with profiles.", [Sample([], Double(report.periods.count))])
        family(
            "files", "Profile files listed, read by this run, and skipped.",
            [
                Sample([("state", "listed")], Double(report.filesListed)),
                Sample([("state", "read")], Double(report.filesRead)),
                Sample([("state", "skipped")], Double(report.skipped.count)),
            ])
        family(
            "latest_period_alerts", "Alerts in the latest period.",
            [Sample([], Double(findings.filter { $0.verdict == .alert }.count))])
        func labels(_ finding: MonitorFinding) -> [(String, String)] {
            [
                ("segment", finding.segment?.name ?? ""), ("column", finding.column ?? ""),
                ("analysis", finding.analysis.name),
            ]
        }
        family(
            "alerts", "1 when the analysis alerts in the latest period, else 0.",
            findings.map { Sample(labels($0), $0.verdict == .alert ? 1 : 0) })
        family(
            "verdict", "The analysis' verdict in the latest period: 0 ok, 1 insufficient history, 2 warning, 3 alert.",
            findings.map { Sample(labels($0), Double(MonitorVerdict.allCases.firstIndex(of: $0.verdict) ?? 0)) })
        family(
            "value", "The analysed value in the latest period (series value, drift metric, constraint value).",
            findings.compactMap { finding in finding.value.map { Sample(labels(finding), $0) } })
        family(
            "band_low", "The band's lower edge (trailing mean - k sigma).",
            findings.compactMap { finding in finding.bandLow.map { Sample(labels(finding), $0) } })
        family(
            "band_high", "The band's upper edge (trailing mean + k sigma).",
            findings.compactMap { finding in finding.bandHigh.map { Sample(labels(finding), $0) } })
        let drift = findings.filter { $0.analysis == .drift }
        family(
            "drift_score", "The drift metric that decided the column's verdict (or the closest to its threshold).",
            drift.compactMap { finding in
                finding.value.map {
                    Sample(
                        [
                            ("segment", finding.segment?.name ?? ""), ("column", finding.column ?? ""),
                            ("metric", finding.metric ?? ""),
                        ], $0
                    )
                }
            })
        family(
            "drift_p_value", "The drift test's p-value (adjusted for multiple testing).",
            drift.compactMap { finding in
                finding.pValue.map {
                    Sample([("segment", finding.segment?.name ?? ""), ("column", finding.column ?? "")], $0)
                }
            })
        return out
    }

    /// A label value escaped for the text format: `\` → `\\`, `"` → `\"`, line feed → `\n`.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A sample value: Go's float syntax (`NaN`, `+Inf`, `-Inf`, shortest round trip).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}
