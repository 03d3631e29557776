import Foundation
import ProfileMonitor
import Profiles

/// `profile monitor`'s terminal summary: the latest period's verdict, then its alerts and warnings,
/// one line each (segment, column, analysis, why); every name from the data escaped.
enum MonitorText {
    static func render(_ report: MonitorReport) -> String {
        guard let latest = report.latestPeriod else { return "no periods\n" }
        let findings = report.findings(in: latest)
        let alerts = findings.filter { $0.verdict == .alert }
        let warnings = findings.filter { $0.verdict == .warning }
        var out = "latest period \(latest.name) (\(report.periods.count) \(report.granularity.rawValue)"
        out += report.periods.count == 1 ? "" : "s"
        out += report.segments.isEmpty ? "" : ", \(report.segments.count) segments"
        out += "): "
        if alerts.isEmpty && warnings.isEmpty {
            out += "OK\n"
        } else {
            out += alerts.isEmpty ? "OK with " : "ALERT: \(count(alerts.count, "alert")), "
            out += "\(count(warnings.count, "warning"))\n"
        }
        for finding in alerts + warnings {
            out += "  \(finding.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) "
            out += line(finding) + "\n"
        }
        let earlier = report.findings.filter {
            $0.verdict == .alert && $0.periodStartMilliseconds != latest.startMilliseconds
        }
        if !earlier.isEmpty {
            let periods = Set(earlier.map(\.periodStartMilliseconds)).count
            out += "earlier periods: \(count(earlier.count, "alert")) in \(count(periods, "period"))\n"
        }
        out += "files: \(report.filesListed) listed, \(report.filesRead) read"
        out += report.skipped.isEmpty ? "\n" : ", \(report.skipped.count) skipped\n"
        return out
    }

    /// `[segment] column analysis: reason`, escaped for a terminal.
    static func line(_ finding: MonitorFinding) -> String {
        var out = ""
        if let segment = finding.segment { out += "[\(_TerminalEscaping.escape(segment.name))] " }
        out += _TerminalEscaping.escape(finding.column ?? "(dataset)")
        out += " " + _TerminalEscaping.escape(finding.analysis.name) + ": "
        out += _TerminalEscaping.escape(finding.reason)
        return out
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
