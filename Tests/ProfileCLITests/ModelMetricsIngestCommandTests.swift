import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile csv --target … --prediction …` run as the built binary, then
/// `profile show` and `profile diff` of what it wrote.
@Suite struct ModelMetricsIngestCommandTests {
    static let scored = "fixtures/whylogs/csv_model_metrics/binary_scores_full.csv"
    static let model = ["--target", "good", "--prediction", "predicted", "--score", "score"]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func showJSON(_ path: String) throws -> [String: Any] {
        let show = try ProfileExecutable.run(["show", path, "--format", "json"])
        #expect(show.status == 0, "\(show.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
    }

    /// Accuracy from whylogs' confusion matrix of the same file.
    static func whylogsAccuracy(_ name: String) throws -> Double {
        let expected = try #require(
            try Fixtures.json("whylogs/csv_model_metrics/\(name).expected.json") as? [String: Any])
        let counts = try #require(expected["counts"] as? [[Int]])
        let total = counts.joined().reduce(0, +)
        return Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }

    @Test func aScoredValidationFileShowsAccuracyF1AndAUC() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("validation.bin").path
        let result = try ProfileExecutable.run(["csv", Self.scored] + Self.model + ["-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("1,500 rows × 0 columns, confusion matrix of 2 labels over 1,500 rows"))
        let shown = try Self.showJSON(output)
        #expect((shown["columns"] as? [String: Any])?.isEmpty ?? true, "metrics alone, as whylogs' default")
        let classification = try #require(
            (shown["model_performance"] as? [String: Any])?["classification"] as? [String: Any])
        let accuracy = try #require((classification["accuracy"] as? NSNumber)?.doubleValue)
        #expect(abs(accuracy - (try Self.whylogsAccuracy("binary_scores_full"))) < 1e-12)
        let scores = try #require(classification["scores"] as? [String: Any])
        #expect(((scores["roc_auc"] as? NSNumber)?.doubleValue ?? -1) > 0)
        let table = try ProfileExecutable.run(["show", output])
        #expect(table.standardOutput.contains("ROC-AUC"))
        #expect(table.standardOutput.contains("macro F1"))
    }

    @Test(arguments: [("csv", "csv"), ("jsonl", "jsonl"), ("arrow", "arrows")])
    func everyTableInputLogsTheSameConfusionMatrix(command: String, suffix: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.bin").path
        let input = "fixtures/whylogs/csv_model_metrics/binary_scores_full.\(suffix)"
        let result = try ProfileExecutable.run([command, input] + Self.model + ["-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("confusion matrix of 2 labels over 1,500 rows"), "\(result.standardError)")
        let classification = try #require(
            (try Self.showJSON(output)["model_performance"] as? [String: Any])?["classification"] as? [String: Any])
        let accuracy = try #require((classification["accuracy"] as? NSNumber)?.doubleValue)
        #expect(abs(accuracy - (try Self.whylogsAccuracy("binary_scores_full"))) < 1e-12)
    }

    @Test func logFullDataProfilesTheColumnsBesideTheMetrics() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("full.bin").path
        let result = try ProfileExecutable.run(["csv", Self.scored] + Self.model + ["--log-full-data", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        let shown = try Self.showJSON(output)
        #expect(
            (shown["columns"] as? [String: Any])?.keys.sorted() == ["alcohol", "colour", "good", "predicted", "score"])
        #expect(shown["model_performance"] != nil)
    }

    @Test func aWeekOfProfilesMergesAndDiffsAgainstTrainingWithAVerdict() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let days = (1...3).map { directory.appendingPathComponent("day-\($0).bin").path }
        let day = days[0]
        let week = directory.appendingPathComponent("week.bin").path
        for path in days {
            #expect(try ProfileExecutable.run(["csv", Self.scored] + Self.model + ["-o", path]).status == 0)
        }
        let merge = try ProfileExecutable.run(["merge"] + days + ["-o", week])
        #expect(merge.status == 0, "\(merge.standardError)")
        let classification = try #require(
            (try Self.showJSON(week)["model_performance"] as? [String: Any])?["classification"] as? [String: Any])
        #expect(classification["total"] as? Int == 4500)
        let diff = try ProfileExecutable.run(["diff", day, week, "--format", "json"])
        #expect(diff.status == 0, "the same model on the same rows: \(diff.standardOutput)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8)) as? [String: Any])
        #expect(report["model_quality"] != nil)
    }

    @Test(arguments: [
        (["--target", "good"], "--target and --prediction go together"),
        (["--prediction", "good"], "--target and --prediction go together"),
        (["--score", "score"], "need --target and --prediction"),
        (
            ["--target", "good", "--prediction", "predicted", "--score", "score", "--task", "regression"],
            "--score is for"
        ),
        (["--target", "good", "--prediction", "predicted", "--columns", "alcohol"], "need --log-full-data"),
        (["--target", "good", "--prediction", "predicted", "--task", "ranking"], "--task"),
    ])
    func inconsistentOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try ProfileExecutable.run(["csv", Self.scored] + arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func columnsThatCannotGiveMetricsAreErrorsNamingThem() throws {
        let regressionOnText = try ProfileExecutable.run(
            ["csv", Self.scored, "--target", "good", "--prediction", "colour", "--task", "regression"])
        #expect(regressionOnText.status == 2)
        #expect(regressionOnText.standardError.contains("column \"colour\""), "\(regressionOnText.standardError)")
        let unknown = try ProfileExecutable.run(["csv", Self.scored, "--target", "good", "--prediction", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("nope"))
    }
}
