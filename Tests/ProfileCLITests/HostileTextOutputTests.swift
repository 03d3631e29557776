import Foundation
import SketchbookTestSupport
import Sketches
import Testing

/// End-to-end: column names, values and file names built to break out of each output format (a
/// special character followed by a combining mark, terminal control sequences, a forged summary
/// line, spreadsheet formulas), run through the built binary. Every format must keep them inert.
@Suite struct HostileTextOutputTests {
    /// Combining marks and other grapheme extenders: after `"` each makes one `Character` that is
    /// not equal to `"`.
    static let marks: [String] = ["\u{301}", "\u{338}", "\u{20DD}", "\u{FE0F}", "\u{200D}"]

    /// Header names: each special character of HTML, Markdown and CSV followed by `mark`, control
    /// characters, and formulas.
    static func hostileNames(mark m: String) -> [String] {
        [
            "x\"\(m) onload=\"alert(1)\(m)",
            "<\(m)img src=x onerror=alert(2)>\(m)",
            "&\(m)amp; tail",
            "'\(m) onmouseover='alert(3)'\(m)",
            "p|\(m)ipe | cell",
            "`\(m)code`",
            "*\(m)bold*\(m) _\(m)em_\(m) ~\(m)",
            "[\(m)link](javascript:alert(4))",
            "c,\(m)omma\\",
            "\u{1B}[2J\u{1B}[31mred\u{07}",
            "line\n3 columns: 3 none; overall: none",
            "\u{202E}desrever\u{2066}",
            "c1\u{9B}31m\u{7F}\u{85}",
            "\rcarriage\u{2028}sep\t",
            "=HYPERLINK(\"http://evil\")",
            "+1+2",
            "-3+4",
            "@SUM(A1)",
        ]
    }

    /// Category values that try the same in the charts' `<title>` and `<text>` and the top-value cells.
    static func hostileCategories(mark m: String) -> [String] {
        ["\"\(m)><script>alert(5)</script>", "<\(m)/title><svg onload=alert(6)>", "\u{1B}]0;title\u{07}", "=1+1"]
    }

    /// Scalars that must never reach an output raw: C0 controls but line feed, DEL, C1 controls,
    /// bidi embeddings, overrides and isolates, line and paragraph separators.
    static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
    }

    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter(isDangerous).map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    /// Whether `text` holds `part`, compared scalar by scalar (`String.contains` compares
    /// `Character`s, and a combining mark after `part` would hide it).
    static func containsScalars(_ text: String, _ part: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(part.unicodeScalars)
        guard scalars.count >= needle.count else { return false }
        return (0...(scalars.count - needle.count)).contains { scalars[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The lines that start as the drift summary line does (`18 columns: …`).
    static func summaryLines(_ text: String) -> Int {
        text.split(separator: "\n").filter { $0.range(of: "^[0-9]+ columns: ", options: .regularExpression) != nil }
            .count
    }

    /// A quoted CSV field, written by scalar so that a `"` followed by a mark is doubled too.
    static func csvField(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\"" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }

    struct Files {
        var directory: URL
        var names: [String]
        var reference: String
        var target: String
    }

    /// Profiles two CSVs with the hostile header: every third column categorical with hostile
    /// values, the others numbers (negative in places), shifted in the target so that there is drift.
    static func profiles(mark: String) throws -> Files {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let names = hostileNames(mark: mark)
        let categories = hostileCategories(mark: mark)
        func csv(shift: Int) -> String {
            var text = names.map(csvField).joined(separator: ",") + "\n"
            for row in 0..<200 {
                let cells = names.indices.map { column in
                    column % 3 == 2
                        ? csvField(categories[(row + shift) % categories.count])
                        : String(row % 50 - 10 + shift * 30 + column)
                }
                text += cells.joined(separator: ",") + "\n"
            }
            return text
        }
        // The file names are hostile too: they are echoed in reports and messages.
        let reference = directory.appendingPathComponent("ref\u{1B}[31m\u{07}\nX.bin").path
        let target = directory.appendingPathComponent("tgt\u{202E}.bin").path
        for (text, output, file) in [(csv(shift: 0), reference, "ref.csv"), (csv(shift: 1), target, "tgt.csv")] {
            let input = directory.appendingPathComponent(file).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: input))
            let result = try ProfileExecutable.run(["csv", input, "-o", output, "--quiet"])
            try #require(result.status == 0, "\(result.standardError)")
        }
        return Files(directory: directory, names: names, reference: reference, target: target)
    }

    // MARK: HTML

    static let htmlTags: Set<String> = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "code", "span", "table",
        "tr", "th", "td", "a", "div", "svg", "rect", "path", "text",
    ]
    static let htmlAttributes: Set<String> = [
        "lang", "charset", "style", "class", "href", "id", "width", "height", "viewBox", "role", "aria-label", "x",
        "y", "d", "stroke-width", "fill", "stroke", "font-size", "text-anchor",
    ]

    /// What is wrong with the page at the level of its parse: tags and attributes outside those
    /// the renderer writes, a quote or angle bracket in text or attribute values, an `&` that does
    /// not start a character reference.
    static func htmlProblems(_ html: String) -> [String] {
        var problems: [String] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic && s.isASCII || ("0"..."9").contains(s) || s == "-" || s == "!"
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                index += 1
                if index < scalars.count, scalars[index] == "/" { index += 1 }
                var name = ""
                while index < scalars.count, isNameScalar(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if !htmlTags.contains(name) { problems.append("tag <\(name)>") }
                // Attributes: name="value" pairs, up to > or />.
                while index < scalars.count {
                    while index < scalars.count, scalars[index] == " " { index += 1 }
                    guard index < scalars.count else { break }
                    if scalars[index] == ">" { break }
                    if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == ">" {
                        index += 1
                        break
                    }
                    var attribute = ""
                    while index < scalars.count, isNameScalar(scalars[index]) {
                        attribute.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    if name == "!DOCTYPE" { continue }
                    guard !attribute.isEmpty, index + 1 < scalars.count, scalars[index] == "=",
                        scalars[index + 1] == "\""
                    else {
                        problems.append("<\(name)>: malformed attribute near '\(attribute)'")
                        while index < scalars.count, scalars[index] != ">" { index += 1 }
                        break
                    }
                    if !htmlAttributes.contains(attribute) { problems.append("<\(name)>: attribute \(attribute)") }
                    index += 2
                    while index < scalars.count, scalars[index] != "\"" {
                        if scalars[index] == "<" || scalars[index] == ">" || scalars[index] == "'" {
                            problems.append("<\(name) \(attribute)>: raw \(scalars[index]) in the value")
                        }
                        index += 1
                    }
                    index += 1
                }
                index += 1
            } else {
                if scalar == ">" || scalar == "\"" { problems.append("raw \(scalar) in text") }
                if scalar == "&" {
                    let rest = String(String.UnicodeScalarView(scalars[(index + 1)..<min(scalars.count, index + 12)]))
                    if rest.range(of: "^(amp|lt|gt|quot|#39|#x[0-9A-Fa-f]+);", options: .regularExpression) == nil {
                        problems.append("& not starting a reference: &\(rest)")
                    }
                }
                index += 1
            }
        }
        return problems
    }

    @Test(arguments: marks)
    func htmlReportKeepsEveryNameAndFileNameInert(mark: String) throws {
        let files = try Self.profiles(mark: mark)
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let output = files.directory.appendingPathComponent("report.html").path
        let result = try ProfileExecutable.run(["diff", files.reference, files.target, "-o", output])
        #expect(result.status == 1, "\(result.standardError)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(Self.htmlProblems(html) == [], "mark U+\(String(mark.unicodeScalars.first!.value, radix: 16))")
        // The names hold `onload="` and `<script`: escaped, they are text, never markup.
        #expect(!Self.containsScalars(html, "onload=\"") && !Self.containsScalars(html, "<script"))
        #expect(Self.rawControls(html) == [])
        for special in ["\"", "'", "<", ">", "&"] {
            let raw = (special + mark).unicodeScalars
            let scalars = Array(html.unicodeScalars)
            let found = scalars.indices.contains { start in
                start + 1 < scalars.count && scalars[start] == raw.first! && scalars[start + 1] == raw.last!
            }
            #expect(!found, "'\(special)' followed by the mark is copied raw")
        }
    }

    // MARK: Markdown, table, JSON

    /// The pipes of a Markdown line that are cell separators (not escaped by a backslash).
    static func separators(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for scalar in line.unicodeScalars {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "|" {
                count += 1
            }
        }
        return count
    }

    @Test(arguments: marks)
    func markdownReportHasOneRowPerColumnAndNoRawHTML(mark: String) throws {
        let files = try Self.profiles(mark: mark)
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let result = try ProfileExecutable.run(["diff", "--format", "markdown", files.reference, files.target])
        #expect(result.status == 1, "\(result.standardError)")
        let markdown = result.standardOutput
        #expect(Self.rawControls(markdown) == [])
        #expect(!markdown.unicodeScalars.contains("<") && !markdown.unicodeScalars.contains(">"))
        let rows = markdown.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("|") }
        #expect(rows.count == files.names.count + 2)
        let header = Self.separators(String(rows[0]))
        for row in rows { #expect(Self.separators(String(row)) == header, "\(row)") }
        // Every name is escaped where it is a cell: no unescaped emphasis, code or link markers.
        for row in rows.dropFirst(2) {
            let cell = String(row.split(separator: " | ", maxSplits: 1)[0].dropFirst(2))
            var escaped = false
            for scalar in cell.unicodeScalars {
                if !escaped, "`*_[]~".unicodeScalars.contains(scalar) {
                    Issue.record("unescaped \(scalar) in \(cell)")
                }
                escaped = !escaped && scalar == "\\"
            }
        }
        #expect(Self.summaryLines(markdown) == 1, "one summary line")
    }

    @Test func terminalTableCannotBeMovedColouredOrGivenAForgedSummaryLine() throws {
        let files = try Self.profiles(mark: "\u{301}")
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let result = try ProfileExecutable.run(["diff", files.reference, files.target])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(Self.rawControls(result.standardOutput) == [])
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == files.names.count + 4, "header, rule, a row per column, summary, final newline")
        #expect(Self.summaryLines(result.standardOutput) == 1, "one summary line")

        let show = try ProfileExecutable.run(["show", files.reference], environment: ["COLUMNS": "2000"])
        #expect(show.status == 0, "\(show.standardError)")
        #expect(Self.rawControls(show.standardOutput) == [])
        let shown = show.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(shown.count == files.names.count + 5, "path, dataset line, blank, header, rows, final newline")
    }

    @Test func jsonEscapesControlsAndKeepsNamesExact() throws {
        let files = try Self.profiles(mark: "\u{301}")
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let diff = try ProfileExecutable.run(["diff", "--format", "json", files.reference, files.target])
        #expect(Self.rawControls(diff.standardOutput) == [])
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(root["columns"] as? [String: Any])
        #expect(Set(columns.keys.map { Array($0.unicodeScalars) }) == Set(files.names.map { Array($0.unicodeScalars) }))

        let show = try ProfileExecutable.run(["show", "--format", "json", files.reference])
        #expect(Self.rawControls(show.standardOutput) == [])
        let shown = try #require(
            try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
        #expect((shown["file"] as? String).map { Array($0.unicodeScalars) } == Array(files.reference.unicodeScalars))
    }

    // MARK: CSV

    /// Records of RFC 4180 text, split by scalar.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field += "\""
                    } else {
                        quoted = false
                        pending = next
                        if next == nil { break }
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(field)
                field = ""
            } else if scalar == "\r" {
                continue
            } else if scalar == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }

    @Test func csvNeutralisesFormulaTextButNotNegativeNumbers() throws {
        let files = try Self.profiles(mark: "\u{301}")
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let result = try ProfileExecutable.run(["show", "--format", "csv", files.reference])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(Self.rawControls(result.standardOutput.replacingOccurrences(of: "\r\n", with: "\n")) == [])
        let records = Self.parseCSV(result.standardOutput)
        #expect(records.count == files.names.count + 1)
        let width = records[0].count
        for record in records { #expect(record.count == width, "\(record.prefix(2))") }
        let header = records[0]
        let minimum = try #require(header.firstIndex(of: "distribution/min"))
        var negative = 0
        for record in records.dropFirst() {
            for (index, cell) in record.enumerated() {
                guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { continue }
                if Double(cell) != nil {
                    if index == minimum { negative += 1 }
                } else {
                    Issue.record("cell \(index < header.count ? header[index] : "?") starts with \(first): \(cell)")
                }
            }
        }
        #expect(negative > 0, "negative numbers are written as numbers")
        let columns = Set(records.dropFirst().map { $0.count > 1 ? $0[1] : "" })
        #expect(columns.contains("'=HYPERLINK(\"http://evil\")") && columns.contains("'-3+4"))
    }

    // MARK: Messages and the sketch report

    @Test func warningsAndErrorsEchoingFileNamesAreOneLineEach() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in\u{1B}[2K\nprofiled 0 rows\u{07}.csv").path
        try Data("a,b\n1,2\n3,4,5\n".utf8).write(to: URL(fileURLWithPath: input))
        let csv = try ProfileExecutable.run(["csv", input, "-o", directory.appendingPathComponent("o.bin").path])
        #expect(csv.status == 0)
        #expect(Self.rawControls(csv.standardError) == [])
        #expect(
            csv.standardError.split(separator: "\n").count == 2, "one warning and the summary: \(csv.standardError)")

        let missing = try ProfileExecutable.run(["show", input + "\u{9B}.bin"])
        #expect(missing.status == 2)
        #expect(Self.rawControls(missing.standardError) == [])
        #expect(missing.standardError.split(separator: "\n").count == 1)
    }

    @Test func sketchTextReportEscapesFrequentItems() throws {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 4)
        for item in ["\u{1B}[31mred", "two\nlines", "\u{202E}rtl", "c1\u{9B}"] { sketch.update(item, weight: 3) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fi-\(UUID().uuidString).sk").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(sketch.serializedBytes()).write(to: URL(fileURLWithPath: path))
        let text = try ProfileExecutable.run(["sketch", path])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(Self.rawControls(text.standardOutput) == [])
        #expect(!text.standardOutput.contains("\nlines"))
        let json = try ProfileExecutable.run(["sketch", "--format", "json", path])
        #expect(Self.rawControls(json.standardOutput) == [])
    }
}
