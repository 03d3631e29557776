import Profiles

/// `profile diff --format html`: one self-contained page (inline CSS and SVG, no scripts, no
/// external references): the verdict table first, then a chart per column — overlaid CDFs for
/// numbers, paired bars for categories.
enum DriftHTML {
    static func render(
        _ report: DriftReport, referenceName: String, targetName: String, modelQuality: ModelQualityDiff? = nil
    ) -> String {
        head + title(referenceName: referenceName, targetName: targetName)
            + body(report, modelQuality: modelQuality, anchorPrefix: "") + tail
    }

    /// The page's start: doctype, head with the inline style, `<body>`.
    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>Drift report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;font-size:13px}
        th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}
        th:first-child,td:first-child{text-align:left}
        .drift{background:#f8d0d0;font-weight:bold}.possible{background:#fbeec0}
        .indeterminate{background:#e6d5f5}.none{background:#dff0d8}.info{color:#666}
        .chart{display:inline-block;margin:1em 1em 0 0;vertical-align:top}
        .ref{stroke:#1f5fa8;fill:#1f5fa8}.tgt{stroke:#d2461e;fill:#d2461e}
        </style>
        </head>
        <body>

        """

    /// The page's end.
    static let tail = "</body>\n</html>\n"

    /// The title and the two inputs' names with their colours.
    static func title(referenceName: String, targetName: String) -> String {
        var out = "<h1>Drift report</h1>\n<p>Reference: <code>\(_HTMLEscaping.escape(referenceName))</code> "
        out +=
            "(<span style=\"color:#1f5fa8\">■</span> blue); target: <code>\(_HTMLEscaping.escape(targetName))</code> "
        out += "(<span style=\"color:#d2461e\">■</span> orange).</p>\n"
        return out
    }

    /// One report: its summary, the verdict table and a chart per column. `anchorPrefix` keeps
    /// the column anchors of several reports on one page apart.
    static func body(_ report: DriftReport, modelQuality: ModelQualityDiff?, anchorPrefix: String) -> String {
        var out = "<p>\(_HTMLEscaping.escape(DriftText.summaryLine(report)))</p>\n"
        out += "<table>\n<tr><th>column</th><th>verdict</th><th>kind</th>"
        for metric in DriftText.tableMetrics { out += "<th>\(_HTMLEscaping.escape(DriftText.header(metric)))</th>" }
        out += "<th>why</th></tr>\n"
        for column in report.columns {
            let kind = column.presence == .both ? column.kind.rawValue : column.presence.rawValue
            out +=
                "<tr><td><a href=\"#\(anchorPrefix)\(anchor(column.name))\">\(_HTMLEscaping.escape(column.name))</a></td>"
            out += "<td class=\"\(column.verdict.rawValue)\">\(column.verdict.rawValue)</td><td>\(kind)</td>"
            for metric in DriftText.tableMetrics {
                let measurement = column[metric]
                // Informational measurements (no threshold: p-value, chi-square, distinct ratio)
                // are not coloured as a verdict.
                let cls = measurement.flatMap { $0.threshold == nil ? nil : " class=\"\($0.verdict.rawValue)\"" } ?? ""
                out += "<td\(cls)>\(_HTMLEscaping.escape(DriftText.cell(measurement)))</td>"
            }
            out += "<td style=\"text-align:left\">\(_HTMLEscaping.escape(DriftText.why(column)))</td></tr>\n"
        }
        out += "</table>\n<p>Values ± the sketches' error bound where one is derived.</p>\n"
        if let modelQuality { out += modelQuality.html }
        out += "<h2>Columns</h2>\n"
        for column in report.columns {
            out +=
                "<div class=\"chart\" id=\"\(anchorPrefix)\(anchor(column.name))\"><h3>\(_HTMLEscaping.escape(column.name)): "
            out += "<span class=\"\(column.verdict.rawValue)\">\(column.verdict.rawValue)</span></h3>\n"
            out += svg(column) + "\n</div>\n"
        }
        return out
    }

    static let width = 360.0
    static let height = 220.0
    static let margin = 30.0

    static func svg(_ column: ColumnDrift) -> String {
        var out =
            "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(_HTMLEscaping.escape(column.name))\">"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\"/>"
        let plotW = width - 2 * margin
        let plotH = height - 2 * margin
        switch column.chart {
        case .cdf(let xs, let reference, let target)?:
            if let low = xs.first, let high = xs.last {
                let span = high > low ? high - low : 1
                func path(_ ys: [Double], _ cls: String) -> String {
                    var d = ""
                    for (index, (x, y)) in zip(xs, ys).enumerated() {
                        let px = margin + (x - low) / span * plotW
                        let py = margin + (1 - y) * plotH
                        d += (index == 0 ? "M" : "L") + coordinate(px) + " " + coordinate(py)
                    }
                    return "<path class=\"\(cls)\" d=\"\(d)\" style=\"fill:none\" stroke-width=\"2\"/>"
                }
                out += axes()
                out += path(reference, "ref") + path(target, "tgt")
                out += text(margin, height - 8, DriftText.number(low), anchor: "start")
                out += text(width - margin, height - 8, DriftText.number(high), anchor: "end")
                out +=
                    text(margin - 4, margin + 4, "1", anchor: "end")
                    + text(margin - 4, height - margin, "0", anchor: "end")
            }
        case .categories(let shares)?:
            let top = max(shares.map { max($0.reference, $0.target) }.max() ?? 0, 1e-12)
            let slot = plotW / Double(max(shares.count, 1))
            out += axes()
            for (index, share) in shares.enumerated() {
                let x = margin + Double(index) * slot
                let barW = max(slot * 0.4, 0.5)
                for (offset, value, cls) in [(0.1, share.reference, "ref"), (0.5, share.target, "tgt")] {
                    let h = value / top * plotH
                    out +=
                        "<rect class=\"\(cls)\" x=\"\(coordinate(x + slot * offset))\" y=\"\(coordinate(margin + plotH - h))\" "
                    out +=
                        "width=\"\(coordinate(barW))\" height=\"\(coordinate(h))\"><title>\(_HTMLEscaping.escape(share.category)): "
                    out += "\(DriftText.number(share.reference)) → \(DriftText.number(share.target))</title></rect>"
                }
                if shares.count <= 10 {
                    out += text(x + slot / 2, height - 8, String(share.category.prefix(8)), anchor: "middle")
                }
            }
        case nil:
            out += text(
                width / 2, height / 2,
                column.presence == .both ? "no sketch to chart" : "column \(column.presence.rawValue)", anchor: "middle"
            )
        }
        out += "</svg>"
        return out
    }

    static func axes() -> String {
        "<path d=\"M\(Int(margin)) \(Int(margin))V\(Int(height - margin))H\(Int(width - margin))\" stroke=\"#888\" fill=\"none\"/>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String) -> String {
        "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" font-size=\"11\" text-anchor=\"\(anchor)\">\(_HTMLEscaping.escape(content))</text>"
    }

    static func coordinate(_ value: Double) -> String {
        DriftText.fixed(value.isFinite ? value : 0, decimals: 1)
    }

    /// A fragment id for a column: ASCII letters and digits as they are, any other scalar as its
    /// hex value between underscores, so that two names never share an id (with one underscore,
    /// `a_b` and `a\u{5fb}` were both `col-a_5fb`).
    static func anchor(_ name: String) -> String {
        "col-"
            + name.unicodeScalars.map { scalar in
                (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) && scalar.isASCII
                    ? String(scalar) : "_" + String(scalar.value, radix: 16) + "_"
            }.joined()
    }

}
