import Foundation
import SketchbookTestSupport
import Testing

/// `profile diff` of directories of segmented profiles, run as a user runs it: the overall
/// comparison, then one per segment, with the significance level split over them.
@Suite struct DiffSegmentsTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-diff-segments-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Profiles `csv` (text) segmented by `column` into `directory/name`.
    static func segment(_ csv: String, by column: String, into directory: String, name: String) throws -> String {
        let input = directory + "/\(name).csv"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: input))
        let output = directory + "/" + name
        let result = try ProfileExecutable.run(["csv", input, "--segment-by", column, "-o", output, "--quiet"])
        try #require(result.status == 0, "\(result.standardError)")
        return output
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Two random halves of the red wines (seeded), each segmented by quality: no section may
    /// call drift — neither the overall comparison nor any of the six segments.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomHalvesDriftNowhere(_ seed: UInt64) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try String(contentsOf: Fixtures.url("wine-quality/winequality-red.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var generator = SplitMix64(seed: seed)
        lines.shuffle(using: &generator)
        let half = lines.count / 2
        let left = try Self.segment(
            ([header] + lines[..<half]).joined(separator: "\n") + "\n", by: "quality", into: directory, name: "a")
        let right = try Self.segment(
            ([header] + lines[half...]).joined(separator: "\n") + "\n", by: "quality", into: directory, name: "b")
        let result = try ProfileExecutable.run(["diff", left, right, "--format", "json"])
        #expect(result.status == 0, "seed \(seed): \(result.standardError)")
        let report = try Self.json(result.standardOutput)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["verdict"] as? String != "drift", "seed \(seed): \(summary)")
        #expect(summary["sections"] as? Int == 7, "seed \(seed)")
    }

    @Test func redAgainstWhiteDriftsOverallAndPerSegmentAndNamesTheSegmentOnOneSideOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, file) in [("red", "winequality-red.csv"), ("white", "winequality-white.csv")] {
            let result = try ProfileExecutable.run([
                "csv", "fixtures/wine-quality/" + file, "--segment-by", "quality", "-o", "\(directory)/\(name)",
                "--quiet",
            ])
            try #require(result.status == 0, "\(result.standardError)")
        }
        let result = try ProfileExecutable.run(["diff", directory + "/red", directory + "/white", "--format", "json"])
        #expect(result.status == 1, "\(result.standardError)")
        let report = try Self.json(result.standardOutput)
        let overall = try #require(report["overall"] as? [String: Any])
        #expect((overall["summary"] as? [String: Any])?["verdict"] as? String == "drift")
        let segments = try #require(report["segments"] as? [[String: Any]])
        #expect(segments.map { ($0["segment"] as? [String: String])?["quality"] ?? "" } == (3...9).map(String.init))
        #expect(segments.last?["presence"] as? String == "target_only")
        #expect(segments.last?["report"] is NSNull)
        let gate = try #require((overall["summary"] as? [String: Any])?["significance_level"] as? Double)
        #expect(abs(gate - 0.01 / 7) < 1e-15, "the level split over 7 comparisons")

        let table = try ProfileExecutable.run(["diff", directory + "/red", directory + "/white"])
        #expect(table.standardOutput.contains("== segment quality=9\nonly in the target"))
        #expect(table.standardOutput.contains("segments with drift: "))
    }

    @Test func hostileSegmentValuesAreEscapedInEveryFormat() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hostile = "<script>alert(1)</script>|**x**"
        let rows = (0..<40).map { "\($0 % 2 == 0 ? "\"\(hostile)\"" : "plain"),\($0)" }
        let csv = "region,x\n" + rows.joined(separator: "\n") + "\n"
        let a = try Self.segment(csv, by: "region", into: directory, name: "a")
        let b = try Self.segment(csv, by: "region", into: directory, name: "b")
        let html = try ProfileExecutable.run(["diff", a, b, "--format", "html"])
        #expect(html.status == 0, "\(html.standardError)")
        #expect(!html.standardOutput.contains("<script>") && html.standardOutput.contains("&lt;script&gt;"))
        let markdown = try ProfileExecutable.run(["diff", a, b, "--format", "markdown"])
        #expect(!markdown.standardOutput.contains("|**x**"), "a pipe or emphasis from a value must be escaped")
        let table = try ProfileExecutable.run(["diff", a, b])
        #expect(table.standardOutput.contains("== segment region=plain"))
    }
}
