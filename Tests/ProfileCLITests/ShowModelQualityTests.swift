import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile show` of profiles whylogs 1.6.4 wrote with model performance metrics prints
/// the derived metrics, in JSON equal to scikit-learn's on the rows behind them
/// (`fixtures/model_metrics/derived_metrics.json`).
@Suite struct ShowModelQualityTests {
    static func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.url("model_metrics/derived_metrics.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(root["whylogs_files"] as? [[String: Any]])
        return try #require(files.first { $0["name"] as? String == name })
    }

    static func show(_ arguments: [String]) throws -> [String: Any] {
        let result = try ProfileExecutable.run(["show", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return try #require(object?["model_performance"] as? [String: Any])
    }

    static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

    @Test(arguments: ["prediction", "positive"])
    func aBinaryClassifiersMetricsAreScikitLearns(scoreOf: String) throws {
        let expected = try Self.reference("binary_str_scores")
        let performance = try Self.show(["fixtures/whylogs/model_metrics/binary_str_scores.bin", "--score-of", scoreOf])
        let classification = try #require(performance["classification"] as? [String: Any])
        #expect(classification["labels"] as? [String] == ["no", "yes"])
        #expect(abs(Self.number(classification["accuracy"]) - Self.number(expected["accuracy"])) < 1e-12)
        let scores = try #require(classification["scores"] as? [String: Any])
        let reference = try #require(
            expected[scoreOf == "prediction" ? "scores_of_prediction" : "scores_of_positive"] as? [String: Any])
        #expect(scores["positive_label"] as? String == "yes" && scores["score_of"] as? String == scoreOf)
        #expect(abs(Self.number(scores["roc_auc"]) - Self.number(reference["roc_auc"])) < 1e-12)
        #expect(abs(Self.number(scores["average_precision"]) - Self.number(reference["average_precision"])) < 1e-12)
        #expect(Self.number(scores["roc_auc_error_bound"]) == 0)
        let matrix = try #require(classification["confusion_matrix"] as? [[Int]])
        #expect(matrix.flatMap { $0 }.reduce(0, +) == classification["total"] as? Int)
    }

    @Test func aRegressorsErrorsAreScikitLearnsAndTheTableSaysWhatR2Needs() throws {
        let expected = try Self.reference("regression")
        let performance = try Self.show(["fixtures/whylogs/model_metrics/regression.bin"])
        let regression = try #require(performance["regression"] as? [String: Any])
        #expect(regression["count"] as? Int == expected["count"] as? Int)
        #expect(
            abs(Self.number(regression["mean_absolute_error"]) - Self.number(expected["mean_absolute_error"])) < 1e-9)
        #expect(regression["r2"] is NSNull)
        let text = try ProfileExecutable.run(["show", "fixtures/whylogs/model_metrics/regression.bin"])
        #expect(text.standardOutput.contains("model performance: regression, 600 pairs"))
        #expect(text.standardOutput.contains("R² - (needs the target column's profile)"))
    }

    @Test func theHTMLPageCarriesTheMetricsAndTheWholeMatrix() throws {
        let page = try ProfileExecutable.run(
            ["show", "--format", "html", "fixtures/whylogs/model_metrics/binary_str_scores.bin"])
        #expect(page.status == 0, "\(page.standardError)")
        let text = page.standardOutput
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"))
        let expected = try Self.reference("binary_str_scores")
        let accuracy = String(format: "%.4g", Self.number(expected["accuracy"]))
        #expect(text.contains("accuracy <b>\(accuracy)</b>"), "\(text)")
        #expect(text.contains("ROC-AUC <b>"))
        #expect(text.contains("<tr><td>no</td><td>95</td><td>19</td></tr>"))
        #expect(text.contains("<tr><td>yes</td><td>27</td><td>109</td></tr>"))
    }

    @Test func labelsFromTheDataAreEscapedInTheHTMLPage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("hostile.csv")
        try Data("y,p\n<script>alert(1)</script>,x\nx,\"a\"\"b\"\n".utf8).write(to: csv)
        let profile = directory.appendingPathComponent("hostile.bin").path
        let logged = try ProfileExecutable.run(["csv", csv.path, "--target", "y", "--prediction", "p", "-o", profile])
        #expect(logged.status == 0, "\(logged.standardError)")
        let page = try ProfileExecutable.run(["show", "--format", "html", profile]).standardOutput
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<script>"))
        #expect(page.contains("a&quot;b"))
    }

    @Test func aProfileWithoutModelMetricsHasNoSuchKey() throws {
        let result = try ProfileExecutable.run(["show", "--format", "json", "fixtures/whylogs/ints_floats.bin"])
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("model_performance"))
    }

    @Test func anUnknownScoreMeaningIsAUsageError() throws {
        let result = try ProfileExecutable.run([
            "show", "fixtures/whylogs/model_metrics/binary_int_scores.bin", "--score-of", "probability",
        ])
        #expect(result.status == 64 || result.status == 2, "\(result.status) \(result.standardError)")
        #expect(result.standardError.contains("score-of"))
    }
}
