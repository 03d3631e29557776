import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile csv` run as the built binary.
@Suite struct CSVCommandTests {
    static let red = "fixtures/wine-quality/winequality-red.csv"

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `profile show --format json` of a profile file: its columns' summaries.
    static func columns(of path: String) throws -> [String: [String: Any]] {
        let show = try ProfileExecutable.run(["show", path, "--format", "json"])
        #expect(show.status == 0, "\(show.standardError)")
        return try #require(try json(show.standardOutput)["columns"] as? [String: [String: Any]])
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func profilesAFileIntoAProfileThatShowReads() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("red.bin").path
        let result = try ProfileExecutable.run(["csv", Self.red, "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("profiled 1,599 rows × 12 columns, 84.2 kB in "))
        #expect(result.standardError.contains("→ \(output)"))
        let columns = try Self.columns(of: output)
        #expect(columns.count == 12)
        #expect(Self.number(columns["alcohol"]?["counts/n"]) == 1599)
        #expect(Self.number(columns["quality"]?["types/integral"]) == 1599)
        #expect(Self.number(columns["alcohol"]?["distribution/max"]) == 14.9)
    }

    @Test func aGzipNameWritesGzip() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("red.bin.gz").path
        let result = try ProfileExecutable.run(["csv", Self.red, "-o", output, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(bytes.prefix(2) == [0x1F, 0x8B])
        #expect(Self.number(try Self.columns(of: output)["pH"]?["counts/n"]) == 1599)
    }

    @Test func standardInputGivesTheSameProfileAsTheFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try Data(contentsOf: Fixtures.url("wine-quality/winequality-red.csv"))
        let fromPipe = directory.appendingPathComponent("pipe.bin").path
        let piped = try ProfileExecutable.run(["csv", "-", "-o", fromPipe, "--quiet"], standardInput: data)
        #expect(piped.status == 0, "\(piped.standardError)")
        let fromFile = directory.appendingPathComponent("file.bin").path
        _ = try ProfileExecutable.run(["csv", Self.red, "-o", fromFile, "--quiet"])
        let a = try Self.columns(of: fromPipe)
        let b = try Self.columns(of: fromFile)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, fields) in a {
            for key in ["counts/n", "counts/null", "distribution/mean", "distribution/min", "distribution/max"] {
                #expect(Self.number(fields[key]) == Self.number(b[name]?[key]), "\(name) \(key)")
            }
        }
    }

    @Test func withoutAnOutputItPrintsTheSummary() throws {
        let table = try ProfileExecutable.run(["csv", Self.red, "--quiet"])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("fixed acidity"))
        #expect(table.standardOutput.contains("fractional"))
        let json = try ProfileExecutable.run(["csv", Self.red, "--quiet", "--format", "json"])
        let columns = try #require(try Self.json(json.standardOutput)["columns"] as? [String: Any])
        #expect(columns.count == 12)
    }

    @Test func malformedRowsAreReportedByLineAndStrictStops() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.csv")
        try Data("a,b\n1,2\n\"x\ny\",3\n4,5,6\n7\n".utf8).write(to: input)
        let lenient = try ProfileExecutable.run(["csv", input.path])
        #expect(lenient.status == 0)
        #expect(
            lenient.standardError.contains("warning: \(input.path): line 5: expected 2 fields, got 3; row left out"))
        #expect(
            lenient.standardError.contains(
                "warning: \(input.path): line 6: expected 2 fields, got 1; missing fields profiled as missing values"))
        #expect(lenient.standardError.contains("2 malformed"))
        let strict = try ProfileExecutable.run(["csv", input.path, "--strict"])
        #expect(strict.status == 2)
        #expect(
            strict.standardError
                == "profile: error: \(input.path):5 (byte 16): row: expected 2 fields (--strict), got 3 fields\n")
    }

    @Test func optionsShapeTheProfile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("reviews.tsv")
        try Data("id\treview\tscore\n1\tGreat wine. Very fruity!\t5\n2\t\t3\n".utf8).write(to: input)
        let output = directory.appendingPathComponent("reviews.bin").path
        let result = try ProfileExecutable.run([
            "csv", input.path, "-o", output, "--quiet", "--delimiter", "tab", "--columns", "score",
            "--text-columns", "review", "--dataset-timestamp", "2026-11-25",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let show = try ProfileExecutable.run(["show", output, "--format", "json"])
        let object = try Self.json(show.standardOutput)
        #expect(Self.number(object["dataset_timestamp_ms"]) == 1_795_564_800_000)
        let columns = try #require(object["columns"] as? [String: Any])
        #expect(columns["id"] == nil)
        #expect(columns["score"] != nil)
        #expect(columns["review.word_count"] != nil)
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        for (arguments, message) in [
            (["csv", "missing.csv"], "missing.csv: input: expected to open it, got No such file or directory"),
            (["csv", Self.red, "--columns", "nope"], "no such column"),
            (["csv", Self.red, "--delimiter", ";;"], "--delimiter must be one byte"),
            (["csv", Self.red, "--dataset-timestamp", "yesterday"], "--dataset-timestamp"),
            (["csv", Self.red, "--max-row-mib", "0"], "--max-row-mib"),
            (["csv", "fixtures/wine-quality"], "expected a regular file"),
        ] {
            let result = try ProfileExecutable.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aProgressBarIsDrawnOnATerminalOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("red.bin").path
        let terminal = try DiffCommandTests.runInTerminal(["csv", Self.red, "-o", output], noColor: true)
        #expect(terminal.contains("\r\u{1B}[K"))
        #expect(terminal.contains("rows/s"))
        let quiet = try DiffCommandTests.runInTerminal(["csv", Self.red, "-o", output, "--quiet"], noColor: true)
        #expect(!quiet.contains("\u{1B}[K"))
        let piped = try ProfileExecutable.run(["csv", Self.red, "-o", output])
        #expect(!piped.standardError.contains("\u{1B}"))
    }

    @Test func aHeaderWiderThanMaxColumnsIsAnErrorNamingTheCountAndTheOption() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(columns: Int) throws -> String {
            let path = directory.appendingPathComponent("wide\(columns).csv").path
            let header = (0..<columns).map { "c\($0)" }.joined(separator: ",")
            let row = Array(repeating: "1", count: columns).joined(separator: ",")
            try Data((header + "\n" + row + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let wide = try ProfileExecutable.run(["csv", try write(columns: 100_000), "--quiet"])
        #expect(wide.status == 2)
        #expect(wide.standardError.contains("100000 columns"), "\(wide.standardError)")
        #expect(wide.standardError.contains("--max-columns"), "\(wide.standardError)")
        #expect(wide.standardError.split(separator: "\n").count == 1)

        let twenty = try write(columns: 20)
        let refused = try ProfileExecutable.run(["csv", twenty, "--max-columns", "19", "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("at most 19 columns"), "\(refused.standardError)")
        let accepted = try ProfileExecutable.run(["csv", twenty, "--max-columns", "20", "--quiet", "--format", "json"])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        let invalid = try ProfileExecutable.run(["csv", twenty, "--max-columns", "0"])
        #expect(invalid.status == 2)
    }
}
