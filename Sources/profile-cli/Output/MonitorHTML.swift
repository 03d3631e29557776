import Foundation
import ProfileMonitor
import Profiles

/// `profile monitor --format html`: one self-contained page (inline CSS and SVG, no scripts, no
/// external references), in the drift report's style: the latest period's alerts first, then per
/// series (the whole dataset, then each segment) a timeline per column and metric with the band
/// shaded, the values joined and the alerts marked, and a strip of drift verdicts per period.
enum MonitorHTML {
    private struct SeriesKey: Hashable {
        var segment: MonitorSegment?
        var column: String?
    }

    static func render(_ report: MonitorReport) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>Monitor report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}
            .alert{background:#f8d0d0;font-weight:bold}.warning{background:#fbeec0}
            .insufficient_history{background:#eee}.ok{background:#dff0d8}
            .column{margin:1em 0;padding-top:.3em;border-top:1px solid #ddd}
            .chart{display:inline-block;margin:0 1em 0 0;vertical-align:top;font-size:12px}
            .band{fill:#1f5fa8;fill-opacity:.15;stroke:none}.line{fill:none;stroke:#1f5fa8;stroke-width:1.2}
            .mark{fill:#d2461e}
            </style>
            </head>
            <body>

            """
        out += "<h1>Monitor report</h1>\n"
        let periods = report.periods
        guard let latest = report.latestPeriod, let first = periods.first else {
            return out + "<p>No periods.</p>\n</body>\n</html>\n"
        }
        let verdict = report.verdict(in: latest)
        out += "<p>\(periods.count) \(report.granularity.rawValue) periods, \(_HTMLEscaping.escape(first.name)) to "
        out += "\(_HTMLEscaping.escape(latest.name)); \(report.segments.count) segments. Latest period: "
        out += "<span class=\"\(verdict.rawValue)\">\(verdict.rawValue)</span>.</p>\n"
        let notable = report.findings(in: latest).filter { $0.verdict >= .warning }
        if notable.isEmpty {
            out += "<p>No alerts or warnings in the latest period.</p>\n"
        } else {
            out += "<table>\n<tr><th>verdict</th><th>segment</th><th>column</th><th>analysis</th><th>why</th></tr>\n"
            for finding in notable.sorted(by: { $0.verdict > $1.verdict }) {
                out += "<tr><td class=\"\(finding.verdict.rawValue)\">\(finding.verdict.rawValue)</td>"
                out += "<td>\(_HTMLEscaping.escape(finding.segment?.name ?? "(all)"))</td>"
                out += "<td>\(_HTMLEscaping.escape(finding.column ?? "(dataset)"))</td>"
                out += "<td>\(_HTMLEscaping.escape(finding.analysis.name))</td>"
                out += "<td>\(_HTMLEscaping.escape(finding.reason))</td></tr>\n"
            }
            out += "</table>\n"
        }
        let index = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1.startMilliseconds, $0) })
        var grouped: [SeriesKey: [MonitorFinding]] = [:]
        for finding in report.findings {
            grouped[SeriesKey(segment: finding.segment, column: finding.column), default: []].append(finding)
        }
        let segments: [MonitorSegment?] = [nil] + report.segments.map { Optional($0) }
        for segment in segments {
            let keys = grouped.keys.filter { $0.segment == segment }.sorted { a, b in
                guard let x = a.column else { return b.column != nil }
                guard let y = b.column else { return false }
                return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
            }
            if keys.isEmpty { continue }
            out += "<h2>\(segment.map { "Segment " + _HTMLEscaping.escape($0.name) } ?? "Whole dataset")</h2>\n"
            for key in keys {
                let findings = grouped[key] ?? []
                out += "<div class=\"column\"><h3>\(_HTMLEscaping.escape(key.column ?? "(dataset)"))</h3>\n"
                let bands = Dictionary(
                    grouping: findings.filter { if case .band = $0.analysis { true } else { false } }
                ) {
                    $0.analysis
                }
                for analysis in bands.keys.sorted() {
                    out += chart(analysis.name, bands[analysis] ?? [], index: index, count: periods.count)
                }
                let strips = findings.filter { finding in
                    if case .band = finding.analysis { return false }
                    return true
                }
                if !strips.isEmpty { out += strip(strips, index: index, periods: periods) }
                out += "</div>\n"
            }
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// A timeline: the band shaded, the values joined, the alerts marked.
    static func chart(_ title: String, _ findings: [MonitorFinding], index: [UInt64: Int], count: Int) -> String {
        let width = 520.0
        let height = 110.0
        let points = findings.compactMap { finding -> (x: Int, finding: MonitorFinding, value: Double)? in
            guard let x = index[finding.periodStartMilliseconds], let value = finding.value else { return nil }
            return (x, finding, value)
        }
        let values =
            points.map { $0.value } + points.compactMap { $0.finding.bandLow }
            + points.compactMap { $0.finding.bandHigh }
        guard let low = values.min(), let high = values.max() else { return "" }
        let span = high > low ? high - low : max(abs(high), 1)
        func x(_ i: Int) -> String {
            String(format: "%.1f", count > 1 ? 4 + Double(i) * (width - 8) / Double(count - 1) : width / 2)
        }
        func y(_ v: Double) -> String { String(format: "%.1f", height - 4 - (v - low) / span * (height - 8)) }
        var out = "<div class=\"chart\">\(_HTMLEscaping.escape(title)) <span class=\"info\">"
        out += "[\(_HTMLEscaping.escape(format(low))), \(_HTMLEscaping.escape(format(high)))]</span><br/>\n"
        out += "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        out += "role=\"img\" aria-label=\"\(_HTMLEscaping.escape(title)) timeline\">"
        out += "<rect width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
        let banded = points.filter { $0.finding.bandLow != nil && $0.finding.bandHigh != nil }
        if !banded.isEmpty {
            let upper = banded.map { "\(x($0.x)),\(y($0.finding.bandHigh!))" }
            let lower = banded.reversed().map { "\(x($0.x)),\(y($0.finding.bandLow!))" }
            out += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
        }
        out +=
            "<polyline class=\"line\" points=\"\(points.map { "\(x($0.x)),\(y($0.value))" }.joined(separator: " "))\"/>"
        for point in points where point.finding.verdict == .alert {
            out += "<circle class=\"mark\" cx=\"\(x(point.x))\" cy=\"\(y(point.value))\" r=\"3.5\">"
            out += "<title>\(_HTMLEscaping.escape(point.finding.reason))</title></circle>"
        }
        out += "</svg></div>\n"
        return out
    }

    /// One cell per period for drift, constraints and column changes, coloured by the period's
    /// worst verdict among them, with the reasons as a tooltip.
    static func strip(_ findings: [MonitorFinding], index: [UInt64: Int], periods: [MergePeriod]) -> String {
        var worst: [Int: (verdict: MonitorVerdict, reasons: [String])] = [:]
        for finding in findings {
            guard let i = index[finding.periodStartMilliseconds] else { continue }
            var cell = worst[i] ?? (.ok, [])
            cell.verdict = max(cell.verdict, finding.verdict)
            if finding.verdict >= .warning { cell.reasons.append(finding.analysis.name + ": " + finding.reason) }
            worst[i] = cell
        }
        let width = 520.0
        let cellWidth = max(1, (width - 8) / Double(max(periods.count, 1)))
        var out = "<div class=\"chart\">drift, constraints, schema<br/>\n"
        out += "<svg width=\"\(Int(width))\" height=\"18\" viewBox=\"0 0 \(Int(width)) 18\" role=\"img\" "
        out += "aria-label=\"verdicts per period\">"
        let colours: [MonitorVerdict: String] = [
            .ok: "#dff0d8", .insufficientHistory: "#eee", .warning: "#f2c94c", .alert: "#d2461e",
        ]
        for (i, cell) in worst.sorted(by: { $0.key < $1.key }) {
            out += "<rect x=\"\(String(format: "%.1f", 4 + Double(i) * cellWidth))\" y=\"2\" "
            out +=
                "width=\"\(String(format: "%.1f", cellWidth))\" height=\"14\" fill=\"\(colours[cell.verdict] ?? "#eee")\">"
            var tip = periods[i].name + ": " + cell.verdict.rawValue
            if !cell.reasons.isEmpty { tip += "\n" + cell.reasons.prefix(5).joined(separator: "\n") }
            out += "<title>\(_HTMLEscaping.escape(tip))</title></rect>"
        }
        out += "</svg></div>\n"
        return out
    }

    static func format(_ value: Double) -> String {
        if value != 0, abs(value) < 1e-3 || abs(value) >= 1e6 { return String(format: "%.3g", value) }
        return String(format: "%.4g", value)
    }
}
