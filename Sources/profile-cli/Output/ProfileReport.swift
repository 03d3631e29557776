import Foundation
import Profiles

/// What `profile show` prints about one profile file: JSON, CSV rows, or a terminal table.
struct ProfileReport {
    var path: String
    var datasetTimestamp: UInt64
    var creationTimestamp: UInt64
    var metadata: [String: String]
    var segmentTags: [ProfileFile.SegmentTag]?
    var summaries: [ColumnSummary]
    /// The columns' metrics, for the HTML page's charts.
    var columnProfiles: [String: ColumnProfile]
    var modelQuality: ModelQualityReport?

    init(
        path: String, profile: DatasetProfile, positiveLabel: String? = nil,
        scoreMeaning: ConfusionMatrix.ScoreMeaning = .predictedLabel
    ) {
        self.path = path
        datasetTimestamp = profile.datasetTimestampMilliseconds
        creationTimestamp = profile.creationTimestampMilliseconds
        metadata = profile.metadata
        segmentTags = profile.segmentTags
        summaries = profile.summary()
        columnProfiles = profile.columns
        modelQuality = ModelQualityReport(profile: profile, positiveLabel: positiveLabel, scoreMeaning: scoreMeaning)
    }

    // MARK: JSON

    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(path)),
            ("dataset_timestamp_ms", .uint(datasetTimestamp)),
            ("creation_timestamp_ms", .uint(creationTimestamp)),
            ("metadata", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        if let segmentTags {
            members.append(("segment_tags", .object(segmentTags.map { ($0.key, .string($0.value)) })))
        }
        members.append(
            (
                "columns",
                .object(
                    summaries.map { summary in
                        (summary.column, .object(summary.fields.map { ($0.key, Self.json($0.value)) }))
                    })
            ))
        if let modelQuality { members.append(("model_performance", modelQuality.json)) }
        return .object(members)
    }

    static func json(_ value: SummaryValue) -> JSONValue {
        switch value {
        case .int(let number): .int(number)
        case .double(let number): number.isFinite ? .double(number) : .string(nonFinite(number))
        case .string(let text): .string(text)
        case .null: .null
        case .frequentItems(let items):
            .array(
                items.map { item in
                    .object([
                        ("value", .string(item.value)), ("est", .int(item.estimate)),
                        ("upper", .int(item.upperBound)), ("lower", .int(item.lowerBound)),
                    ])
                })
        }
    }

    static func nonFinite(_ number: Double) -> String {
        number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity")
    }

    // MARK: CSV

    /// One row per column (and per file): `file`, `segment` (only when some file is a segment),
    /// `column`, then every summary key that any column has, in order. Frequent items are `value:est` pairs separated by `;`.
    ///
    /// Text cells (the file, the column, string values and frequent items) are spreadsheet-safe:
    /// one that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, and
    /// controls are written as visible escapes (``_CSVEscaping``). Numbers are written as numbers.
    static func csv(_ reports: [ProfileReport]) -> String {
        var keys: [String] = []
        var seen = Set<String>()
        for report in reports {
            for summary in report.summaries {
                for key in summary.keys where seen.insert(key).inserted { keys.append(key) }
            }
        }
        // A `segment` column (`column = value` pairs) only when some file is a segment, so the
        // columns of unsegmented profiles stay as they were.
        let segmented = reports.contains { segmentText($0.segmentTags) != nil }
        var out =
            (["file"] + (segmented ? ["segment"] : []) + ["column"] + keys).map(_CSVEscaping.text).joined(
                separator: ",") + "\r\n"
        for report in reports {
            let segment = segmentText(report.segmentTags) ?? ""
            for summary in report.summaries {
                var row = [_CSVEscaping.text(report.path)]
                if segmented { row.append(_CSVEscaping.text(segment)) }
                row.append(_CSVEscaping.text(summary.column))
                for key in keys {
                    row.append(summary[key].map(csvCell) ?? "")
                }
                out += row.joined(separator: ",") + "\r\n"
            }
        }
        return out
    }

    /// A summary value as a CSV cell: numbers as they are, text spreadsheet-safe.
    static func csvCell(_ value: SummaryValue) -> String {
        switch value {
        case .int(let number): _CSVEscaping.number(String(number))
        case .double(let number): _CSVEscaping.number(number.isFinite ? "\(number)" : nonFinite(number))
        case .string(let text): _CSVEscaping.text(text)
        case .null: ""
        case .frequentItems(let items):
            _CSVEscaping.text(items.map { "\($0.value):\($0.estimate)" }.joined(separator: ";"))
        }
    }

    // MARK: Table

    /// The table's columns, most useful first; those that do not fit the terminal are dropped
    /// from the right.
    static let tableFields: [(title: String, key: String)] = [
        ("n", "counts/n"), ("null", "counts/null"), ("type", "_type"), ("mean", "distribution/mean"),
        ("stddev", "distribution/stddev"), ("min", "distribution/min"), ("median", "distribution/median"),
        ("max", "distribution/max"), ("distinct", "cardinality/est"), ("top value", "_top"),
        ("q_01", "distribution/q_01"), ("q_25", "distribution/q_25"), ("q_75", "distribution/q_75"),
        ("q_99", "distribution/q_99"),
    ]

    func table(width: Int) -> String {
        // Names, values and the path come from the data: controls are made visible, per cell,
        // before the widths are measured.
        var out = "\(_TerminalEscaping.escape(path))\n"
        out += "dataset \(Self.timestamp(datasetTimestamp)), created \(Self.timestamp(creationTimestamp))"
        out += ", \(summaries.count) column\(summaries.count == 1 ? "" : "s")\n"
        if let segment = Self.segmentText(segmentTags) { out += "segment \(_TerminalEscaping.escape(segment))\n" }
        out += "\n"
        if summaries.isEmpty {
            return out + (modelQuality?.text ?? "")
        }
        let header = ["column"] + Self.tableFields.map(\.title)
        var rows: [[String]] = [header]
        for summary in summaries {
            let time = Self.timeScale(arrowType: metadata[Self.arrowTypePrefix + summary.column])
            rows.append(
                ([summary.column] + Self.tableFields.map { Self.cell(summary, key: $0.key, time: time) }).map(
                    _TerminalEscaping.escape))
        }
        var widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        widths[0] = min(widths[0], 32)
        // Keep as many columns as fit, two spaces apart.
        var shown = 1
        var used = widths[0]
        while shown < widths.count && used + 2 + widths[shown] <= width {
            used += 2 + widths[shown]
            shown += 1
        }
        for (index, row) in rows.enumerated() {
            var line = ""
            for column in 0..<shown {
                var cell = row[column]
                if cell.count > widths[column] { cell = String(cell.prefix(widths[column] - 1)) + "…" }
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                line += column == 0 ? cell + pad : "  " + (Self.isNumeric(cell) && index > 0 ? pad + cell : cell + pad)
            }
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        if shown < widths.count {
            out +=
                "\n(\(widths.count - shown) more field\(widths.count - shown == 1 ? "" : "s") do not fit "
                + "\(width) columns; --format json or csv shows every field)\n"
        }
        if let modelQuality { out += "\n" + modelQuality.text }
        return out
    }

    /// A segment as `column=value` pairs separated by `, ` (``SegmentKey``'s description, as `diff`
    /// and `check` name segments; unescaped), or `nil` for an unsegmented profile.
    static func segmentText(_ tags: [ProfileFile.SegmentTag]?) -> String? {
        tags.flatMap(SegmentKey.init(tags:))?.description
    }

    /// The metadata key prefix under which `profile arrow` records each column's Arrow type
    /// (`ArrowProfiler.typeMetadataPrefix`).
    static let arrowTypePrefix = "arrow.type."

    /// For a column whose Arrow type is a date or a timestamp (its epoch values were profiled):
    /// seconds per unit, and whether it is a date (days) — `nil` for any other column.
    static func timeScale(arrowType: String?) -> (secondsPerUnit: Double, isDate: Bool)? {
        guard let type = arrowType else { return nil }
        if type == "date32[day]" { return (86_400, true) }
        if type == "date64[ms]" { return (1e-3, true) }
        for (unit, scale) in [("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)]
        where type.hasPrefix("timestamp[\(unit)]") || type.hasPrefix("timestamp[\(unit),") {
            return (scale, false)
        }
        return nil
    }

    /// The distribution fields that are values of the column (not spreads), shown as dates for a
    /// date or timestamp column.
    static func isValueField(_ key: String) -> Bool {
        key == "distribution/mean" || key == "distribution/min" || key == "distribution/max"
            || key == "distribution/median" || key.hasPrefix("distribution/q_")
    }

    /// An epoch value in a column's unit as an ISO 8601 date (`2024-01-05`) or time, UTC.
    static func timeText(_ value: Double, scale: (secondsPerUnit: Double, isDate: Bool)) -> String {
        let seconds = value * scale.secondsPerUnit
        guard seconds.isFinite, abs(seconds) < 1e14 else { return formatted(.double(value)) }
        let date = Date(timeIntervalSince1970: seconds)
        if scale.isDate && seconds.truncatingRemainder(dividingBy: 86_400) == 0 {
            return date.formatted(.iso8601.year().month().day())
        }
        return date.formatted(.iso8601)
    }

    static func cell(
        _ summary: ColumnSummary, key: String, time: (secondsPerUnit: Double, isDate: Bool)? = nil
    ) -> String {
        if let time, isValueField(key), case .double(let value)? = summary[key] {
            return timeText(value, scale: time)
        }
        switch key {
        case "_type":
            return inferredType(summary)
        case "_top":
            guard case .frequentItems(let items)? = summary["frequent_items/frequent_strings"], let top = items.first
            else { return "-" }
            return "\(top.value) (\(top.estimate))"
        default:
            guard let value = summary[key] else { return "-" }
            return formatted(value)
        }
    }

    /// The type whylogs would report: the largest of the type counters.
    static func inferredType(_ summary: ColumnSummary) -> String {
        let kinds = ["integral", "fractional", "boolean", "string", "object", "tensor"]
        var best = ("-", Int64(0))
        for kind in kinds {
            if case .int(let count)? = summary["types/\(kind)"], count > best.1 { best = (kind, count) }
        }
        return best.0
    }

    static func formatted(_ value: SummaryValue) -> String {
        switch value {
        case .int(let number): return number.formatted(.number.grouping(.automatic))
        case .double(let number):
            guard number.isFinite else { return nonFinite(number) }
            if number == number.rounded(), abs(number) < 1e15 { return Int64(number).formatted(.number) }
            let magnitude = abs(number)
            if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.4g", number) }
            var text = String(format: "%.4f", number)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        case .string(let text): return text
        case .null: return "-"
        case .frequentItems(let items): return items.first.map { "\($0.value) (\($0.estimate))" } ?? "-"
        }
    }

    static func isNumeric(_ cell: String) -> Bool {
        guard let first = cell.first else { return false }
        return first.isNumber || ((first == "-" || first == "+") && cell.count > 1 && cell.dropFirst().first!.isNumber)
    }

    static func timestamp(_ milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(.iso8601)
    }
}
