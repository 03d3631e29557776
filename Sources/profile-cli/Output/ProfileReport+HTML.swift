import Foundation
import Profiles
import Sketches

extension ProfileReport {
    /// The most column cards (summary and chart) one page draws, over all its profiles; the other
    /// columns are still in each profile's overview table and are listed by name, so a
    /// 10,000-column profile makes a page of a few megabytes, not hundreds.
    static let maximumDrawnColumns = 500

    /// Above this many columns a profile's section starts with a compact list of links to its cards.
    static let navigationThreshold = 20

    /// The most categories drawn for a column (its most frequent items).
    static let maximumDrawnCategories = 20

    /// `profile show --format html`: one self-contained page (inline CSS and SVG, no scripts, no
    /// external references). A contents list names each file and its segment; per file, an
    /// overview table of every column (the fields of the table format, each name linking to its
    /// card), the model performance metrics, and a card per column with its summary and a chart:
    /// a histogram from the distribution sketch for numbers, the most frequent items for
    /// categories. At most `maximumDrawnColumns` cards are drawn. Every name and value from the
    /// profile is escaped.
    static func html(_ reports: [ProfileReport], maximumDrawnColumns: Int = maximumDrawnColumns) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>Profile</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;font-size:13px;margin-bottom:1em}
            th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}
            th:first-child,td:first-child{text-align:left}
            .card{display:inline-block;margin:1em 1em 0 0;vertical-align:top;border:1px solid #ddd;padding:0 .7em .7em}
            .card h4{margin:.6em 0}.card table{margin-bottom:.5em}.info{color:#666;font-size:12px;max-width:360px}
            .bar{fill:#1f5fa8}.cat{fill:#d2461e}
            </style>
            </head>
            <body>

            """
        out += "<h1>Profile</h1>\n<ul>\n"
        for (index, report) in reports.enumerated() {
            out += "<li><a href=\"#p\(index)\"><code>\(_HTMLEscaping.escape(report.path))</code></a>"
            if let segment = segmentHTML(report.segmentTags) { out += ", segment " + segment }
            out += ", \(report.summaries.count) column\(report.summaries.count == 1 ? "" : "s")</li>\n"
        }
        out += "</ul>\n"
        var budget = max(maximumDrawnColumns, 0)
        for (index, report) in reports.enumerated() {
            let drawn = min(budget, report.summaries.count)
            budget -= drawn
            out += report.htmlSection(id: "p\(index)", drawn: drawn, maximumDrawnColumns: maximumDrawnColumns)
        }
        return out + "</body>\n</html>\n"
    }

    /// A segment's columns and values as `column=value` pairs (``SegmentKey``'s columns: the
    /// `whylogs.tag.` prefix dropped), escaped, or `nil` for an unsegmented profile.
    static func segmentHTML(_ tags: [ProfileFile.SegmentTag]?) -> String? {
        guard let key = tags.flatMap(SegmentKey.init(tags:)) else { return nil }
        return zip(key.columns, key.values).map {
            "<code>\(_HTMLEscaping.escape($0))</code>=<code>\(_HTMLEscaping.escape($1))</code>"
        }.joined(separator: ", ")
    }

    /// One file's section: heading, overview table, model metrics and the first `drawn` cards.
    func htmlSection(id: String, drawn: Int, maximumDrawnColumns: Int) -> String {
        var out = "<section id=\"\(id)\">\n<h2><code>\(_HTMLEscaping.escape(path))</code></h2>\n"
        if let segment = Self.segmentHTML(segmentTags) { out += "<p>Segment: \(segment)</p>\n" }
        out += "<p>dataset \(Self.timestamp(datasetTimestamp)), created \(Self.timestamp(creationTimestamp)), "
        out += "\(summaries.count) column\(summaries.count == 1 ? "" : "s")</p>\n"
        if summaries.count > Self.navigationThreshold && drawn > 0 {
            // Many columns: a compact list of links to the cards before the long table.
            out += "<nav><p>Columns: "
            out += summaries.prefix(drawn).map {
                "<a href=\"#\(id)-\(DriftHTML.anchor($0.column))\">\(_HTMLEscaping.escape($0.column))</a>"
            }.joined(separator: " · ")
            out += drawn < summaries.count ? " (and \(summaries.count - drawn) not drawn)" : ""
            out += "</p></nav>\n"
        }
        if !summaries.isEmpty {
            out += "<table>\n<tr><th>column</th>"
            out += Self.tableFields.map { "<th>\(_HTMLEscaping.escape($0.title))</th>" }.joined() + "</tr>\n"
            for (index, summary) in summaries.enumerated() {
                let time = Self.timeScale(arrowType: metadata[Self.arrowTypePrefix + summary.column])
                let name = _HTMLEscaping.escape(summary.column)
                out +=
                    "<tr><td>"
                    + (index < drawn ? "<a href=\"#\(id)-\(DriftHTML.anchor(summary.column))\">\(name)</a>" : name)
                    + "</td>"
                out +=
                    Self.tableFields.map {
                        "<td>\(_HTMLEscaping.escape(Self.cell(summary, key: $0.key, time: time)))</td>"
                    }
                    .joined() + "</tr>\n"
            }
            out += "</table>\n"
        }
        if let modelQuality { out += modelQuality.html }
        guard !summaries.isEmpty else { return out + "</section>\n" }
        out += "<h3>Columns</h3>\n"
        for summary in summaries.prefix(drawn) {
            out += card(summary, id: "\(id)-\(DriftHTML.anchor(summary.column))")
        }
        if drawn < summaries.count {
            let rest = summaries.count - drawn
            out += "<p class=\"info\" style=\"max-width:none\">\(rest) column\(rest == 1 ? "" : "s") not drawn "
            out += "(a page draws at most \(maximumDrawnColumns) columns; all are in the table above): "
            out += summaries.dropFirst(drawn).map { "<code>\(_HTMLEscaping.escape($0.column))</code>" }.joined(
                separator: ", ")
            out += "</p>\n"
        }
        return out + "</section>\n"
    }

    /// One column's card: its summary as a two-column table and its chart(s).
    func card(_ summary: ColumnSummary, id: String) -> String {
        let time = Self.timeScale(arrowType: metadata[Self.arrowTypePrefix + summary.column])
        var out = "<div class=\"card\" id=\"\(id)\"><h4>\(_HTMLEscaping.escape(summary.column))</h4>\n<table>\n"
        for (label, value) in Self.facts(summary, time: time) {
            out += "<tr><td>\(_HTMLEscaping.escape(label))</td><td>\(_HTMLEscaping.escape(value))</td></tr>\n"
        }
        out += "</table>\n"
        let column = columnProfiles[summary.column]
        var drewSomething = false
        if let sketch = column?.distribution?.kll, !sketch.isEmpty {
            drewSomething = true
            let integral = column?.types.map { $0.integral > 0 && $0.fractional == 0 } ?? false
            if let histogram = ColumnHistogram(sketch, integral: integral) {
                out += Self.histogramSVG(histogram, name: summary.column, time: time) + "\n"
                out += "<p class=\"info\">" + Self.histogramNote(histogram) + "</p>\n"
            } else {
                out +=
                    "<p class=\"info\">No histogram: the values include ±∞, so there is no finite range to bin.</p>\n"
            }
        }
        if case .frequentItems(let items)? = summary["frequent_items/frequent_strings"], !items.isEmpty {
            drewSomething = true
            let shown = Array(items.prefix(Self.maximumDrawnCategories))
            out += Self.categoriesSVG(shown, name: summary.column) + "\n"
            out += "<p class=\"info\">The \(shown.count) most frequent item\(shown.count == 1 ? "" : "s")"
            out += items.count > shown.count ? " (of \(items.count))" : ""
            out += ": estimated counts from the frequent-items sketch, with [lower, upper] bounds in each "
            out += "bar's tooltip.</p>\n"
        }
        if !drewSomething {
            out += "<p class=\"info\">Nothing to draw: no distribution sketch with values and no frequent items.</p>\n"
        }
        return out + "</div>\n"
    }

    /// The summary lines of a card: counts, types, the distribution and the distinct estimate;
    /// fields the column does not have are left out.
    static func facts(
        _ summary: ColumnSummary, time: (secondsPerUnit: Double, isDate: Bool)?
    ) -> [(String, String)] {
        var lines: [(String, String)] = []
        func add(_ label: String, _ key: String) {
            guard let value = summary[key], value != .null else { return }
            lines.append((label, cell(summary, key: key, time: time)))
        }
        add("count", "counts/n")
        add("null", "counts/null")
        if case .int(let nan)? = summary["counts/nan"], nan > 0 { add("NaN", "counts/nan") }
        if case .int(let inf)? = summary["counts/inf"], inf > 0 { add("±∞", "counts/inf") }
        let types = ["integral", "fractional", "boolean", "string", "object", "tensor"].compactMap {
            kind -> String? in
            guard case .int(let count)? = summary["types/\(kind)"], count > 0 else { return nil }
            return "\(kind) \(count.formatted(.number.grouping(.automatic)))"
        }
        if !types.isEmpty { lines.append(("types", types.joined(separator: ", "))) }
        // A column without numbers (strings only) has an empty distribution: whylogs still reports
        // its mean and stddev as 0 and min/max as NaN, which say nothing here.
        let hasNumbers: Bool
        if case .int(let count)? = summary["distribution/n"] { hasNumbers = count > 0 } else { hasNumbers = true }
        let distribution = [
            ("mean", "distribution/mean"), ("stddev", "distribution/stddev"), ("min", "distribution/min"),
            ("q_01", "distribution/q_01"), ("q_25", "distribution/q_25"), ("median", "distribution/median"),
            ("q_75", "distribution/q_75"), ("q_99", "distribution/q_99"), ("max", "distribution/max"),
        ]
        if hasNumbers {
            for (label, key) in distribution { add(label, key) }
        }
        if summary["cardinality/est"] != nil {
            var text = cell(summary, key: "cardinality/est")
            if case .double(let lower)? = summary["cardinality/lower_1"],
                case .double(let upper)? = summary["cardinality/upper_1"]
            {
                text += " [\(formatted(.double(lower))), \(formatted(.double(upper)))]"
            }
            lines.append(("distinct", text))
        }
        return lines
    }

    // MARK: Charts

    /// A histogram as an SVG bar chart (the drift report's size and axes). Each bar carries its
    /// count and bin in `data-count`, `data-from` and `data-to` (shortest round-trip decimal) and
    /// in its tooltip.
    static func histogramSVG(
        _ histogram: ColumnHistogram, name: String, time: (secondsPerUnit: Double, isDate: Bool)?
    ) -> String {
        let width = DriftHTML.width
        let height = DriftHTML.height
        let margin = DriftHTML.margin
        let plotW = width - 2 * margin
        let plotH = height - 2 * margin
        func label(_ value: Double) -> String { time.map { timeText(value, scale: $0) } ?? DriftText.number(value) }
        var out =
            "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"histogram of \(_HTMLEscaping.escape(name))\">"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\"/>"
        out += DriftHTML.axes()
        let top = Double(max(histogram.counts.max() ?? 0, 1))
        let slot = plotW / Double(max(histogram.counts.count, 1))
        for (index, count) in histogram.counts.enumerated() {
            let from = histogram.edges[index]
            let to = histogram.edges[index + 1]
            let h = Double(count) / top * plotH
            let isLast = index == histogram.counts.count - 1
            let bin =
                histogram.perInteger
                ? label(from) : "[\(label(from)), \(label(to))\(isLast ? "]" : ")")"
            let bound = histogram.errorBound == 0 ? "" : " ± \(Self.countBound(histogram))"
            out += "<rect class=\"bar\" x=\"\(DriftHTML.coordinate(margin + Double(index) * slot + slot * 0.05))\" "
            out += "y=\"\(DriftHTML.coordinate(margin + plotH - h))\" width=\"\(DriftHTML.coordinate(slot * 0.9))\" "
            out +=
                "height=\"\(DriftHTML.coordinate(h))\" data-count=\"\(count)\" data-from=\"\(from)\" data-to=\"\(to)\">"
            out += "<title>\(_HTMLEscaping.escape(bin)): \(count)\(bound)</title></rect>"
        }
        out += DriftHTML.text(margin, height - 8, label(histogram.edges[0]), anchor: "start")
        out += DriftHTML.text(
            width - margin, height - 8, label(histogram.edges[histogram.edges.count - 1]), anchor: "end")
        out += DriftHTML.text(margin - 4, margin + 4, Int64(top).formatted(.number.grouping(.automatic)), anchor: "end")
        out += DriftHTML.text(margin - 4, height - margin, "0", anchor: "end")
        return out + "</svg>"
    }

    /// The note under a histogram: what the bars are and how far off they may be.
    static func histogramNote(_ histogram: ColumnHistogram) -> String {
        let bins = "\(histogram.counts.count) bin\(histogram.counts.count == 1 ? "" : "s")"
        let over = histogram.perInteger ? ", one per integer from min to max" : " of equal width over [min, max]"
        if histogram.errorBound == 0 {
            return "Histogram of \(histogram.n.formatted(.number.grouping(.automatic))) values, \(bins)\(over); "
                + "exact counts (the sketch still holds every value)."
        }
        let epsilon = histogram.errorBound / Double(histogram.n)
        return "Histogram of \(histogram.n.formatted(.number.grouping(.automatic))) values, \(bins)\(over), "
            + "approximated from the KLL sketch: each bar's count is within ± "
            + "\(countBound(histogram)) of the true count with 99% confidence "
            + "(the sketch's rank error \(String(format: "%.3g", epsilon)) × n)."
    }

    /// A histogram's error bound as a whole count (rounded up).
    static func countBound(_ histogram: ColumnHistogram) -> String {
        Int64(histogram.errorBound.rounded(.up)).formatted(.number.grouping(.automatic))
    }

    /// The most frequent items as horizontal bars, largest first; each bar carries its estimate
    /// in `data-count` and its bounds in its tooltip.
    static func categoriesSVG(_ items: [FrequentItemSummary], name: String) -> String {
        let width = DriftHTML.width
        let row = 18.0
        let labelW = 120.0
        let countW = 60.0
        let height = Double(items.count) * row + 12
        var out =
            "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"most frequent items of \(_HTMLEscaping.escape(name))\">"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\"/>"
        let top = Double(max(items.map(\.estimate).max() ?? 0, 1))
        for (index, item) in items.enumerated() {
            let y = 6 + Double(index) * row
            let w = max(Double(max(item.estimate, 0)) / top * (width - labelW - countW - 8), 0.5)
            let shortened = item.value.count > 18 ? String(item.value.prefix(17)) + "…" : item.value
            out += DriftHTML.text(labelW - 4, y + 12, shortened, anchor: "end")
            out += "<rect class=\"cat\" x=\"\(Int(labelW))\" y=\"\(DriftHTML.coordinate(y + 2))\" "
            out += "width=\"\(DriftHTML.coordinate(w))\" height=\"\(DriftHTML.coordinate(row - 4))\" "
            out +=
                "data-count=\"\(item.estimate)\" data-lower=\"\(item.lowerBound)\" data-upper=\"\(item.upperBound)\">"
            out += "<title>\(_HTMLEscaping.escape(item.value)): \(item.estimate) "
            out += "[\(item.lowerBound), \(item.upperBound)]</title></rect>"
            out += DriftHTML.text(
                labelW + w + 4, y + 12, item.estimate.formatted(.number.grouping(.automatic)), anchor: "start")
        }
        return out + "</svg>"
    }
}
