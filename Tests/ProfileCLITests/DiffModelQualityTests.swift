import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// End-to-end: `profile diff` of two profiles with model metrics reports model quality, fails the
/// run on a significant degradation and not on the same model's other rows.
@Suite struct DiffModelQualityTests {
    /// A two-label classifier profile: `correct` of `rows` predictions right.
    static func write(rows: Int, correct: Int, to path: String) throws {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 1_764_000_000_000)
        let targets = (0..<rows).map { ClassLabel.integer(Int64($0 % 2)) }
        let predictions = targets.enumerated().map {
            $0.offset < correct ? $0.element : ClassLabel.integer(1 - Int64($0.offset % 2))
        }
        var metrics = ModelPerformanceMetrics()
        try metrics.logClassification(targets: targets, predictions: predictions)
        profile.modelPerformance = metrics
        profile.log(column: "x", doubles: (0..<rows).map { Double($0 % 7) })
        try profile.file.write(to: path)
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("diff-model-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aSignificantDropInAccuracyFailsTheRunAndEveryFormatSaysSo() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(rows: 2000, correct: 1800, to: directory + "/reference.bin")
        try Self.write(rows: 2000, correct: 1600, to: directory + "/target.bin")
        let arguments = ["diff", directory + "/reference.bin", directory + "/target.bin"]
        let table = try ProfileExecutable.run(arguments)
        #expect(table.status == 1, "\(table.standardError)")
        #expect(table.standardOutput.contains("model quality: degraded"))
        #expect(table.standardOutput.contains("accuracy  0.9"))
        let json = try ProfileExecutable.run(arguments + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let quality = try #require(object["model_quality"] as? [String: Any])
        #expect(quality["verdict"] as? String == "drift")
        let accuracy = try #require((quality["metrics"] as? [String: Any])?["accuracy"] as? [String: Any])
        #expect(abs(((accuracy["degradation"] as? NSNumber)?.doubleValue ?? 0) - 0.1) < 1e-12)
        let html = try ProfileExecutable.run(arguments + ["--format", "html"])
        #expect(html.standardOutput.contains("<h2>Model quality</h2>"))
        #expect(html.standardOutput.contains("Confusion matrix, reference") && html.standardOutput.contains("Confusion matrix, target"))
        let markdown = try ProfileExecutable.run(arguments + ["--format", "markdown"])
        #expect(markdown.standardOutput.contains("## Model quality"))
        // A threshold the drop does not reach, or the metric turned off, passes.
        #expect(try ProfileExecutable.run(arguments + ["--model-threshold", "accuracy=0.2"]).status == 0)
        #expect(try ProfileExecutable.run(arguments + ["--model-threshold", "accuracy=off"]).status == 0)
    }

    @Test func theSameAccuracyOnOtherRowsPasses() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(rows: 2000, correct: 1800, to: directory + "/reference.bin")
        try Self.write(rows: 500, correct: 445, to: directory + "/target.bin")
        let result = try ProfileExecutable.run(["diff", directory + "/reference.bin", directory + "/target.bin"])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("model quality: no degradation"))
    }

    @Test(arguments: ["f1=0.1", "accuracy=x", "accuracy=0.5:0.1", "accuracy"])
    func aBadModelThresholdIsAUsageError(setting: String) throws {
        let result = try ProfileExecutable.run([
            "diff", "fixtures/whylogs/model_metrics/binary_int.bin", "fixtures/whylogs/model_metrics/binary_int.bin",
            "--model-threshold", setting,
        ])
        #expect(result.status == 64 || result.status == 2, "\(setting): \(result.status)")
        #expect(result.standardError.contains("--model-threshold"))
    }
}
