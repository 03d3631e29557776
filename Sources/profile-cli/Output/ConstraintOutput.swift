import ProfileConstraints

/// `profile check`'s reports: a terminal table, JSON, Markdown, HTML and JUnit XML, from the
/// reports of one suite on one or more profiles. Every name (profile, constraint, column, detail)
/// is escaped for its format: suites and profiles come from outside.
enum ConstraintOutput {
    /// One profile's report, with the name it is reported under (its file name, or the merge's).
    struct Checked {
        var profile: String
        var report: ConstraintReport
    }

    /// The counts of every report together.
    static func summary(_ checked: [Checked]) -> ConstraintReport.Summary {
        ConstraintReport.Summary(results: checked.flatMap(\.report.results))
    }

    /// `pass`, `fail` (an error failed), `warn` (a warning failed) or `indeterminate`.
    static func status(_ result: ConstraintResult) -> String {
        switch (result.outcome, result.severity) {
        case (.passed, _): "pass"
        case (.failed, .error): "fail"
        case (.failed, .warning): "warn"
        case (.indeterminate, _): "indeterminate"
        }
    }

    static func summaryLine(_ checked: [Checked]) -> String {
        let summary = Self.summary(checked)
        let profiles = checked.count == 1 ? "1 profile" : "\(checked.count) profiles"
        var line =
            "\(summary.passed + summary.failed + summary.warnings + summary.indeterminate) results on \(profiles): "
        line += "\(summary.passed) passed, \(summary.failed) failed, \(summary.warnings) warnings"
        if summary.indeterminate > 0 { line += ", \(summary.indeterminate) indeterminate" }
        return line + "; verdict: \(summary.verdict)"
    }

    // MARK: - Terminal

    /// The table: one row per result (failures first within each profile when `failuresFirst`),
    /// the status coloured when `colour` is set.
    static func text(_ checked: [Checked], colour: Bool) -> String {
        let many = checked.count > 1
        let headers = (many ? ["profile"] : []) + ["status", "severity", "constraint", "column", "value", "detail"]
        var rows: [(cells: [String], status: String)] = []
        for item in checked {
            for result in item.report.results {
                let status = Self.status(result)
                let cells =
                    (many ? [_TerminalEscaping.escape(item.profile)] : [])
                    + [
                        status, result.severity.rawValue, _TerminalEscaping.escape(result.name),
                        _TerminalEscaping.escape(result.columnName ?? "—"),
                        _TerminalEscaping.escape(result.value?.description ?? "—"),
                        _TerminalEscaping.escape(result.detail),
                    ]
                rows.append((cells, status))
            }
        }
        var out = _TerminalTable.render(
            header: headers, rows: rows.map(\.cells), colouredColumn: many ? 1 : 0,
            colours: rows.map { colour ? code($0.status) : nil })
        out += summaryLine(checked) + "\n"
        return out
    }

    static func code(_ status: String) -> String {
        switch status {
        case "fail": "\u{1B}[1;31m"
        case "warn": "\u{1B}[33m"
        case "indeterminate": "\u{1B}[35m"
        default: "\u{1B}[32m"
        }
    }

    // MARK: - JSON

    /// `{"results": [{"name", "factory", "column_name", "passed", "severity", "value", "detail",
    /// "profile"}], "summary": {"passed", "failed", "warnings", "verdict"}}`.
    static func json(_ checked: [Checked]) -> String {
        var results: [JSONValue] = []
        for item in checked {
            for result in item.report.results {
                results.append(
                    .object([
                        ("name", .string(result.name)),
                        ("factory", .string(result.factory)),
                        ("column_name", result.columnName.map(JSONValue.string) ?? .null),
                        ("passed", .bool(result.passed)),
                        ("severity", .string(result.severity.rawValue)),
                        ("value", value(result.value)),
                        ("detail", .string(result.detail)),
                        ("profile", .string(item.profile)),
                    ]))
            }
        }
        let summary = Self.summary(checked)
        return JSONValue.object([
            ("results", .array(results)),
            (
                "summary",
                .object([
                    ("passed", .int(Int64(summary.passed))), ("failed", .int(Int64(summary.failed))),
                    ("warnings", .int(Int64(summary.warnings))), ("verdict", .string(summary.verdict.rawValue)),
                ])
            ),
        ]).rendered() + "\n"
    }

    static func value(_ value: ConstraintValue?) -> JSONValue {
        switch value {
        case nil: .null
        case .integer(let count)?: .int(count)
        case .double(let number)?: .double(number)
        case .minMax(let min, let max)?: .object([("min", .double(min)), ("max", .double(max))])
        case .strings(let items)?: .array(items.map(JSONValue.string))
        case .counts(let counts)?: .object(counts.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) })
        }
    }

    // MARK: - Markdown

    static func markdown(_ checked: [Checked]) -> String {
        var out = "# Constraint check\n\n" + _MarkdownEscaping.escape(summaryLine(checked)) + "\n"
        for item in checked {
            out += "\n## " + _MarkdownEscaping.escape(item.profile) + "\n\n"
            out += "| status | severity | constraint | column | value | detail |\n"
            out += "| --- | --- | --- | --- | --- | --- |\n"
            for result in item.report.results {
                let status = Self.status(result)
                let shown = status == "pass" ? status : "**\(status)**"
                let cells = [
                    shown, result.severity.rawValue, _MarkdownEscaping.escape(result.name),
                    _MarkdownEscaping.escape(result.columnName ?? "—"),
                    _MarkdownEscaping.escape(result.value?.description ?? "—"), _MarkdownEscaping.escape(result.detail),
                ]
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    // MARK: - HTML

    static func html(_ checked: [Checked], suiteName: String) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>Constraint check</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;font-size:13px;margin-bottom:2em}
            th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
            .fail{background:#f8d0d0;font-weight:bold}.warn{background:#fbeec0}
            .indeterminate{background:#e6d5f5}.pass{background:#dff0d8}
            </style>
            </head>
            <body>

            """
        out += "<h1>Constraint check</h1>\n<p>Suite: <code>\(_HTMLEscaping.escape(suiteName))</code></p>\n"
        out += "<p>\(_HTMLEscaping.escape(summaryLine(checked)))</p>\n"
        for item in checked {
            out += "<h2>\(_HTMLEscaping.escape(item.profile))</h2>\n<table>\n"
            out +=
                "<tr><th>status</th><th>severity</th><th>constraint</th><th>column</th><th>value</th><th>detail</th></tr>\n"
            for result in item.report.results {
                let status = Self.status(result)
                out += "<tr><td class=\"\(status)\">\(status)</td><td>\(result.severity.rawValue)</td>"
                out += "<td>\(_HTMLEscaping.escape(result.name))</td>"
                out += "<td>\(_HTMLEscaping.escape(result.columnName ?? "—"))</td>"
                out += "<td>\(_HTMLEscaping.escape(result.value?.description ?? "—"))</td>"
                out += "<td>\(_HTMLEscaping.escape(result.detail))</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: - JUnit XML

    /// JUnit XML: one `<testsuite>` per profile, one `<testcase>` per constraint (classname: the
    /// factory, name: the constraint's name and its position), an error-severity failure as
    /// `<failure>`, a failed warning or an indeterminate drift check as `<skipped>` with the detail
    /// as its message (counted, shown, and never failing the build), and the detail of every case
    /// in `<system-out>`.
    static func junit(_ checked: [Checked], suiteName: String) -> String {
        let summary = Self.summary(checked)
        let total = checked.reduce(0) { $0 + $1.report.results.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(_XMLEscaping.escape(suiteName))\" tests=\"\(total)\" "
        out += "failures=\"\(summary.failed)\" errors=\"0\" skipped=\"\(summary.warnings + summary.indeterminate)\">\n"
        for item in checked {
            let itemSummary = item.report.summary
            out += "  <testsuite name=\"\(_XMLEscaping.escape(item.profile))\" tests=\"\(item.report.results.count)\" "
            out += "failures=\"\(itemSummary.failed)\" errors=\"0\" "
            out += "skipped=\"\(itemSummary.warnings + itemSummary.indeterminate)\">\n"
            for result in item.report.results {
                let name = _XMLEscaping.escape("\(result.name) [#\(result.index)]")
                let column = result.columnName.map { " (column " + $0 + ")" } ?? ""
                let message = _XMLEscaping.escape(result.detail + column)
                out += "    <testcase classname=\"\(_XMLEscaping.escape(result.factory))\" name=\"\(name)\">\n"
                switch Self.status(result) {
                case "fail":
                    out += "      <failure message=\"\(message)\" type=\"\(_XMLEscaping.escape(result.factory))\">"
                    out += "\(message)</failure>\n"
                case "warn":
                    out += "      <skipped message=\"warning: \(message)\"/>\n"
                case "indeterminate":
                    out += "      <skipped message=\"indeterminate: \(message)\"/>\n"
                default:
                    break
                }
                out += "      <system-out>\(message)</system-out>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
