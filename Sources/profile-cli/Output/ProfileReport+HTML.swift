import Profiles

extension ProfileReport {
    /// `profile show --format html`: one self-contained page (inline CSS, no scripts, no external
    /// references) with, per file, the summary of every column (the fields of the table format) and
    /// the model performance metrics. Every name and value from the profile is escaped.
    static func html(_ reports: [ProfileReport]) -> String {
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
            </style>
            </head>
            <body>

            """
        for report in reports {
            out += "<h2><code>\(_HTMLEscaping.escape(report.path))</code></h2>\n<p>dataset "
            out += "\(timestamp(report.datasetTimestamp)), created \(timestamp(report.creationTimestamp))"
            if let tags = report.segmentTags, !tags.isEmpty {
                out += ", segment " + tags.map { _HTMLEscaping.escape("\($0.key)=\($0.value)") }.joined(separator: " ")
            }
            out += ", \(report.summaries.count) column\(report.summaries.count == 1 ? "" : "s")</p>\n"
            if !report.summaries.isEmpty {
                out += "<table>\n<tr><th>column</th>"
                out += tableFields.map { "<th>\(_HTMLEscaping.escape($0.title))</th>" }.joined() + "</tr>\n"
                for summary in report.summaries {
                    let time = timeScale(arrowType: report.metadata[arrowTypePrefix + summary.column])
                    let cells = [summary.column] + tableFields.map { cell(summary, key: $0.key, time: time) }
                    out += "<tr>" + cells.map { "<td>\(_HTMLEscaping.escape($0))</td>" }.joined() + "</tr>\n"
                }
                out += "</table>\n"
            }
            if let modelQuality = report.modelQuality { out += modelQuality.html }
        }
        return out + "</body>\n</html>\n"
    }
}
