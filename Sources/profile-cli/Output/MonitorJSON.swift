import ProfileMonitor
import Profiles

/// `profile monitor --format json`: every period, segment, column and analysis, with its value,
/// band, baseline and verdict.
enum MonitorJSON {
    static func render(_ report: MonitorReport) -> JSONValue {
        var byPeriod: [UInt64: [MonitorFinding]] = [:]
        for finding in report.findings { byPeriod[finding.periodStartMilliseconds, default: []].append(finding) }
        let periods: [JSONValue] = report.periods.map { period in
            let findings = byPeriod[period.startMilliseconds] ?? []
            return .object([
                ("period", .string(period.name)),
                ("start", .uint(period.startMilliseconds)),
                ("verdict", .string((findings.map(\.verdict).max() ?? .ok).rawValue)),
                ("alerts", .int(Int64(findings.filter { $0.verdict == .alert }.count))),
                ("findings", .array(findings.map(finding))),
            ])
        }
        let latest = report.latestPeriod
        return .object([
            ("granularity", .string(report.granularity.rawValue)),
            ("latest_period", latest.map { .string($0.name) } ?? .null),
            ("latest_verdict", latest.map { .string(report.verdict(in: $0).rawValue) } ?? .null),
            ("segments", .array(report.segments.map(segment))),
            ("periods", .array(periods)),
            (
                "files",
                .object([
                    ("listed", .int(Int64(report.filesListed))), ("read", .int(Int64(report.filesRead))),
                    ("skipped", .array(report.skipped.map(JSONValue.string))),
                ])
            ),
        ])
    }

    static func segment(_ segment: MonitorSegment) -> JSONValue {
        .object([
            ("name", .string(segment.name)),
            ("tags", .array(segment.tags.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) })),
        ])
    }

    static func finding(_ finding: MonitorFinding) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        return .object([
            ("segment", finding.segment.map { .string($0.name) } ?? .null),
            ("column", finding.column.map(JSONValue.string) ?? .null),
            ("analysis", .string(finding.analysis.name)),
            ("value", number(finding.value)),
            ("metric", finding.metric.map(JSONValue.string) ?? .null),
            ("band_low", number(finding.bandLow)),
            ("band_high", number(finding.bandHigh)),
            ("baseline", number(finding.baseline)),
            ("history", finding.history.map { .int(Int64($0)) } ?? .null),
            ("threshold", number(finding.threshold)),
            ("p_value", number(finding.pValue)),
            ("verdict", .string(finding.verdict.rawValue)),
            ("reason", .string(finding.reason)),
        ])
    }
}
