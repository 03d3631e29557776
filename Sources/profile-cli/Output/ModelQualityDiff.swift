import Foundation
import Profiles

/// The model-quality part of `profile diff`: each metric's reference and target values, change,
/// degradation, p-value and verdict (``ModelQualityComparison``), in every report format; the HTML
/// page also shows the two confusion matrices.
struct ModelQualityDiff {
    var comparison: ModelQualityComparison
    var referenceMatrix: ConfusionMatrix?
    var targetMatrix: ConfusionMatrix?

    /// The comparison of two profiles' model metrics, or `nil` when they do not both carry the
    /// same kind.
    init?(
        reference: DatasetProfile, target: DatasetProfile, thresholds: [ModelQualityComparison.Metric: DriftThreshold],
        significanceLevel: Double, positiveLabel: String?, scoreMeaning: ConfusionMatrix.ScoreMeaning
    ) {
        guard let r = reference.modelPerformance, let t = target.modelPerformance,
            let comparison = ModelQualityComparison(
                reference: r, target: t, thresholds: thresholds, significanceLevel: significanceLevel,
                positiveLabel: positiveLabel, scoreMeaning: scoreMeaning)
        else { return nil }
        self.comparison = comparison
        referenceMatrix = r.confusionMatrix
        targetMatrix = t.confusionMatrix
    }

    static func name(_ metric: ModelQualityComparison.Metric) -> String {
        switch metric {
        case .accuracy: "accuracy"
        case .macroF1: "macro F1"
        case .rocAUC: "ROC-AUC"
        case .meanAbsoluteError: "MAE"
        case .rootMeanSquaredError: "RMSE"
        }
    }

    static func degradation(_ row: ModelQualityComparison.Row) -> String {
        let value = DriftText.number(row.degradation)
        return row.metric.higherIsBetter ? "drop \(value)" : "rise \(DriftText.number(row.degradation * 100))%"
    }

    /// One line per metric for the terminal and Markdown.
    var rows: [[String]] {
        comparison.rows.map { row in
            [
                Self.name(row.metric), DriftText.number(row.reference), DriftText.number(row.target),
                Self.degradation(row), row.pValue.map(DriftText.number) ?? "-", row.verdict?.rawValue ?? "info",
                row.reason,
            ]
        }
    }

    static let headers = ["metric", "reference", "target", "worse by", "p (Holm)", "verdict", "why"]

    var summaryLine: String {
        "model quality: \(comparison.verdict == .drift ? "degraded" : comparison.verdict.rawValue == "none" ? "no degradation" : comparison.verdict.rawValue) "
            + (comparison.significanceLevel.isFinite
                ? "(one-sided tests at \(DriftText.number(comparison.significanceLevel)), Holm-adjusted)"
                : "(no significance gate)")
    }

    var text: String {
        var out = "\n" + summaryLine + "\n"
        let all = [Self.headers] + rows
        let widths = (0..<Self.headers.count).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += (column == 0 ? "" : "  ") + cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }

    var markdown: String {
        var out = "\n## Model quality\n\n" + _MarkdownEscaping.escape(summaryLine) + "\n\n"
        out += "| " + Self.headers.joined(separator: " | ") + " |\n|" + Self.headers.map { _ in " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(_MarkdownEscaping.escape).joined(separator: " | ") + " |\n" }
        return out
    }

    var json: JSONValue {
        .object([
            ("verdict", .string(comparison.verdict.rawValue)),
            ("significance_level", comparison.significanceLevel.isFinite ? .double(comparison.significanceLevel) : .null),
            (
                "metrics",
                .object(
                    comparison.rows.map { row in
                        (
                            row.metric.rawValue,
                            .object([
                                ("reference", .double(row.reference)), ("target", .double(row.target)),
                                ("change", .double(row.change)), ("degradation", .double(row.degradation)),
                                ("p_value", row.pValue.map(JSONValue.double) ?? .null),
                                ("verdict", row.verdict.map { .string($0.rawValue) } ?? .null),
                                ("why", .string(row.reason)),
                            ])
                        )
                    })
            ),
        ])
    }

    var html: String {
        var out = "<h2>Model quality</h2>\n<p>\(_HTMLEscaping.escape(summaryLine))</p>\n<table>\n<tr>"
        for header in Self.headers { out += "<th>\(_HTMLEscaping.escape(header))</th>" }
        out += "</tr>\n"
        for (row, cells) in zip(comparison.rows, rows) {
            out += "<tr>"
            for (index, cell) in cells.enumerated() {
                let cls = index == 5 ? " class=\"\(row.verdict?.rawValue ?? "info")\"" : ""
                let align = index == 6 ? " style=\"text-align:left\"" : ""
                out += "<td\(cls)\(align)>\(_HTMLEscaping.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        for (title, matrix) in [("reference", referenceMatrix), ("target", targetMatrix)] {
            guard let matrix else { continue }
            out += "<div class=\"chart\"><h3>Confusion matrix, \(title)</h3>\n"
            guard matrix.labels.count <= 40 else {
                out += "<p>\(matrix.labels.count) labels: see <code>profile show --format json</code>.</p></div>\n"
                continue
            }
            out += "<table>\n<tr><th>prediction ＼ target</th>"
            for label in matrix.labels { out += "<th>\(_HTMLEscaping.escape(label))</th>" }
            out += "</tr>\n"
            for (index, counts) in matrix.counts.enumerated() {
                out += "<tr><th>\(_HTMLEscaping.escape(matrix.labels[index]))</th>"
                for (column, count) in counts.enumerated() {
                    out += column == index ? "<td class=\"none\">\(count)</td>" : "<td>\(count)</td>"
                }
                out += "</tr>\n"
            }
            out += "</table></div>\n"
        }
        return out
    }
}
