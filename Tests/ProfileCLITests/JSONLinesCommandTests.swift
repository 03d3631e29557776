import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile jsonl` run as the built binary.
@Suite struct JSONLinesCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func columns(of path: String) throws -> [String: [String: Any]] {
        let show = try ProfileExecutable.run(["show", path, "--format", "json"])
        #expect(show.status == 0, "\(show.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
        return try #require(object["columns"] as? [String: [String: Any]])
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func profilesAFileIntoAProfileThatShowReads() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("large.bin.gz").path
        let result = try ProfileExecutable.run(["jsonl", "fixtures/jsonl/large.jsonl", "-o", output, "--threads", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("profiled 20,000 lines × 15 columns, "), "\(result.standardError)")
        let columns = try Self.columns(of: output)
        #expect(Self.number(columns["id"]?["counts/n"]) == 20_000)
        #expect(Self.number(columns["meta.source"]?["types/string"]) == 20_000)
        #expect(columns["tags[]"] != nil)
    }

    @Test func standardInputGivesTheSameColumnsAsTheFile() throws {
        let data = try Data(contentsOf: Fixtures.url("jsonl/arrays.jsonl"))
        let piped = try ProfileExecutable.run(["jsonl", "-", "--format", "json", "--quiet"], standardInput: data)
        let file = try ProfileExecutable.run(["jsonl", "fixtures/jsonl/arrays.jsonl", "--format", "json", "--quiet"])
        #expect(piped.status == 0 && file.status == 0, "\(piped.standardError) \(file.standardError)")
        func columns(_ text: String) throws -> [String: [String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(object["columns"] as? [String: [String: Any]])
        }
        let fromPipe = try columns(piped.standardOutput)
        let fromFile = try columns(file.standardOutput)
        #expect(fromPipe.keys.sorted() == fromFile.keys.sorted())
        for (name, fields) in fromFile {
            #expect(Self.number(fromPipe[name]?["counts/n"]) == Self.number(fields["counts/n"]), "\(name)")
        }
    }

    @Test func malformedLinesAreWarnedWithLineNumbersAndStrictStops() throws {
        let result = try ProfileExecutable.run(["jsonl", "fixtures/jsonl/malformed.jsonl", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let warnings = result.standardError.split(separator: "\n").filter { $0.hasPrefix("profile: warning:") }
        #expect(warnings.count == 11)
        #expect(warnings.first?.contains("malformed.jsonl: line 3, column 18: not JSON") == true)
        #expect(warnings.last == "profile: warning: 2 more malformed lines")
        #expect(result.standardError.contains("profiled 3 lines × 2 columns, 12 malformed"))

        let strict = try ProfileExecutable.run(["jsonl", "fixtures/jsonl/malformed.jsonl", "--strict", "--quiet"])
        #expect(strict.status == 2)
        #expect(strict.standardError.hasPrefix("profile: error: fixtures/jsonl/malformed.jsonl:3 (byte "))
    }

    @Test func tooManyColumnsIsAnErrorNamingTheOption() throws {
        let result = try ProfileExecutable.run(
            ["jsonl", "fixtures/jsonl/large.jsonl", "--max-columns", "5", "--quiet"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("fixtures/jsonl/large.jsonl:1"), "\(result.standardError)")
        #expect(result.standardError.contains("--max-columns"))
    }

    @Test func columnSelectionAndTextColumns() throws {
        let result = try ProfileExecutable.run([
            "jsonl", "fixtures/jsonl/nested.jsonl", "--columns", "user.name,missing", "--text-columns", "user.name",
            "--format", "json", "--dataset-timestamp", "2026-11-25",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("no line has the column \"missing\""))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [String: Any])
        #expect(columns["user.name"] != nil && columns["user.name.char_count"] != nil && columns["ok"] == nil)
        #expect(Self.number(object["dataset_timestamp_ms"]) == 1_795_564_800_000)
    }

    @Test func usageErrorsExitWithStatus2() throws {
        for arguments in [
            ["--max-line-mib", "0"], ["--threads", "0"], ["--max-depth", "0"], ["--dataset-timestamp", "x"],
        ] {
            let result = try ProfileExecutable.run(["jsonl", "fixtures/jsonl/types.jsonl"] + arguments)
            #expect(result.status == 2, "\(arguments)")
        }
        let missing = try ProfileExecutable.run(["jsonl", "no/such.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.standardError.hasPrefix("profile: error: no/such.jsonl"))
    }
}
