import Foundation
import Profiles

/// `profile diff --format table` (and `markdown`): one row per column, the verdict first, then
/// each metric's value ± bound. Verdicts are coloured when `colour` is set.
enum DriftTable {
    static func render(_ report: DriftReport, colour: Bool) -> String {
        let headers = ["column", "verdict", "kind"] + DriftText.tableMetrics.map(DriftText.header) + ["why"]
        var rows: [[String]] = []
        var verdicts: [DriftVerdict] = []
        for column in report.columns {
            let kind = column.presence == .both ? column.kind.rawValue : column.presence.rawValue
            rows.append(
                [_TerminalEscaping.escape(column.name), column.verdict.rawValue, kind]
                    + DriftText.tableMetrics.map { DriftText.cell(column[$0]) }
                    + [_TerminalEscaping.escape(DriftText.why(column))]
            )
            verdicts.append(column.verdict)
        }
        // Drop metric columns that are empty for every row.
        let keep = headers.indices.filter { index in index < 3 || rows.contains { !$0[index].isEmpty } }
        let shownHeaders = keep.map { headers[$0] }
        let shownRows = rows.map { row in keep.map { row[$0] } }
        var out = _TerminalTable.render(
            header: shownHeaders, rows: shownRows, colouredColumn: 1, colours: verdicts.map { colour ? code($0) : nil })
        out += _TerminalEscaping.escape(DriftText.summaryLine(report)) + "\n"
        return out
    }

    static func markdown(_ report: DriftReport, heading: String = "# Drift report") -> String {
        let headers = ["column", "verdict", "kind"] + DriftText.tableMetrics.map(DriftText.header) + ["why"]
        var out = heading + "\n\n" + _MarkdownEscaping.escape(DriftText.summaryLine(report)) + "\n\n"
        out += "| " + headers.joined(separator: " | ") + " |\n"
        out += "|" + headers.map { _ in " --- |" }.joined() + "\n"
        for column in report.columns {
            let kind = column.presence == .both ? column.kind.rawValue : column.presence.rawValue
            let verdict = column.verdict == .none ? "none" : "**\(column.verdict.rawValue)**"
            let cells =
                [_MarkdownEscaping.escape(column.name), verdict, kind]
                + DriftText.tableMetrics.map { DriftText.cell(column[$0]) }
                + [_MarkdownEscaping.escape(DriftText.why(column))]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        out += "\nValues are shown ± the sketches' error bound where one is derived. Thresholds (drift / possible):\n\n"
        for metric in DriftMetric.allCases {
            if metric == .pValue {
                out += "- `p_value`: "
                out +=
                    report.significanceLevel.map {
                        "distances count only below \(DriftText.number($0)) (significance gate); "
                            + _MarkdownEscaping.escape(DriftText.gate(report)) + "\n"
                    } ?? "informational (significance gate off)\n"
            } else if let threshold = report.thresholds[metric] {
                out += "- `\(metric.rawValue)`: \(DriftText.number(threshold.drift))"
                if let possible = threshold.possible { out += " / \(DriftText.number(possible))" }
                out += "\n"
            } else {
                out += "- `\(metric.rawValue)`: informational\n"
            }
        }
        return out
    }

    static func code(_ verdict: DriftVerdict) -> String {
        switch verdict {
        case .drift: "\u{1B}[1;31m"
        case .indeterminate: "\u{1B}[35m"
        case .possible: "\u{1B}[33m"
        case .none: "\u{1B}[32m"
        }
    }
}
