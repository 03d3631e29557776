import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile arrow` run as the built binary, on the pyarrow fixtures of
/// `fixtures/arrow/`.
@Suite struct ArrowCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arrow-\(UUID().uuidString)")
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
        let output = directory.appendingPathComponent("types.bin").path
        let result = try ProfileExecutable.run(["arrow", "fixtures/arrow/types_file.arrow", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError.hasPrefix("profiled 600 rows × 22 columns in 2 batches, "), "\(result.standardError)")
        let columns = try Self.columns(of: output)
        #expect(columns.count == 22)
        #expect(Self.number(columns["i64"]?["counts/n"]) == 600)
        #expect(Self.number(columns["i64"]?["types/integral"]) ?? 0 > 500)
        #expect(Self.number(columns["i64"]?["types/fractional"]) == 0)
    }

    @Test func standardInputGivesTheSameCountsAsTheFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["temporal.arrows", "temporal_file.arrow"] {
            let data = try Data(contentsOf: Fixtures.url("arrow/" + name))
            let fromPipe = directory.appendingPathComponent("pipe.bin").path
            let fromFile = directory.appendingPathComponent("file.bin").path
            let piped = try ProfileExecutable.run(["arrow", "-", "-o", fromPipe, "--quiet"], standardInput: data)
            #expect(piped.status == 0, "\(name): \(piped.standardError)")
            let direct = try ProfileExecutable.run(["arrow", "fixtures/arrow/" + name, "-o", fromFile, "--quiet"])
            #expect(direct.status == 0, "\(name): \(direct.standardError)")
            let a = try Self.columns(of: fromPipe)
            let b = try Self.columns(of: fromFile)
            #expect(a.keys.sorted() == b.keys.sorted())
            for (column, fields) in a {
                for key in ["counts/n", "counts/null", "types/integral", "distribution/min", "distribution/max"] {
                    #expect(Self.number(fields[key]) == Self.number(b[column]?[key]), "\(name) \(column) \(key)")
                }
            }
        }
    }

    @Test func showPrintsDatesAndTimestampsAsDates() throws {
        let result = try ProfileExecutable.run(["arrow", "fixtures/arrow/temporal.arrows", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let date = try Regex(#"\b\d{4}-\d{2}-\d{2}"#)
        let time = try Regex(#"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\b"#)
        for column in ["d32", "d64", "ts_s", "ts_ms", "ts_us_paris", "ts_ns_utc"] {
            let row = try #require(lines.first { $0.hasPrefix(column + " ") }, "\(column) row")
            #expect(row.contains(date), "\(column): \(row)")
            if column.hasPrefix("ts") { #expect(row.contains(time), "\(column): \(row)") }
        }
        let plain = try #require(lines.first { $0.hasPrefix("n ") })
        #expect(!plain.contains(date))
    }

    @Test func skippedTypesAreWarningsAndStrictMakesThemErrors() throws {
        let result = try ProfileExecutable.run(["arrow", "fixtures/arrow/skipped_types.arrows", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "profile: warning: fixtures/arrow/skipped_types.arrows: column 'tags' skipped: type list cannot be profiled"
            ))
        #expect(result.standardError.contains("column 'point' skipped: type struct"))
        let strict = try ProfileExecutable.run(["arrow", "fixtures/arrow/skipped_types.arrows", "--strict"])
        #expect(strict.status == 2)
        #expect(
            strict.standardError.hasPrefix(
                "profile: error: fixtures/arrow/skipped_types.arrows: unsupported type: column 'tags'"))
    }

    @Test func corruptInputsExitTwoNamingTheProblem() throws {
        var bytes = try [UInt8](Data(contentsOf: Fixtures.url("arrow/small.arrows")))
        bytes.removeLast(bytes.count / 3)
        let truncated = try ProfileExecutable.run(["arrow", "-"], standardInput: Data(bytes))
        #expect(truncated.status == 2)
        #expect(truncated.standardError.hasPrefix("profile: error: - (byte "), "\(truncated.standardError)")
        #expect(truncated.standardError.contains("truncated input"))
        let compressed = try ProfileExecutable.run(["arrow", "fixtures/arrow/compressed_zstd.arrows", "--quiet"])
        #expect(compressed.status == 0, "\(compressed.standardError)")
        let csv = try ProfileExecutable.run(["arrow", "fixtures/csv/basic.csv"])
        #expect(csv.status == 2)
        #expect(csv.standardError.contains("not Arrow IPC"))
    }
}
