import Foundation
import ProfileJSONLines
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `JSONLinesOptions.modelColumns` against whylogs 1.6.4's `log_classification_metrics` /
/// `log_regression_metrics` of `pandas.read_json(lines=True)` on the same file
/// (`fixtures/whylogs/csv_model_metrics/NAME.jsonl`, made by `make_csv_model_metrics_fixtures.py`):
/// labels in whylogs' order, counts, score n/min/max and regression sums exactly, on one block and
/// on small blocks over two threads.
@Suite struct ModelMetricsJSONLinesTests {
    static let names = [
        "binary_scores_full", "boolean_labels_missing_scores", "int_target_float_prediction", "multiclass_many_rows",
        "quoted_string_labels", "regression_full",
    ]

    static func columns(_ name: String) throws -> ModelColumns {
        let manifest = try #require(
            try Fixtures.json("whylogs/csv_model_metrics/manifest.json") as? [String: [String: Any]])
        let entry = try #require(manifest[name])
        return ModelColumns(
            target: entry["target"] as! String, prediction: entry["prediction"] as! String,
            score: entry["score"] as? String,
            task: entry["task"] as? String == "regression" ? .regression : .classification)
    }

    @Test(arguments: names)
    func metricsEqualWhylogsOnPandasReadJSON(name: String) throws {
        let expected = try ModelMetricsExpectation(
            json: Fixtures.json("whylogs/csv_model_metrics/\(name).jsonl.expected.json"), name: name)
        let path = Fixtures.url("whylogs/csv_model_metrics/\(name).jsonl").path
        for (blockKiB, threads) in [(nil, 1), (4, 2)] as [(Int?, Int)] {
            var options = JSONLinesOptions(threadCount: threads, compactionSeed: 3)
            options.columns = []
            options.modelColumns = try Self.columns(name)
            if let blockKiB { options.blockSize = blockKiB << 10 }
            let result = try JSONLinesProfiler(options: options).profile(fileAt: path)
            let place = "\(name).jsonl, blocks \(blockKiB.map { "\($0) KiB" } ?? "default"), \(threads) threads"
            for problem in expected.mismatches(result.profile.modelPerformance, place: place) {
                Issue.record(Comment(rawValue: problem))
            }
            #expect(result.profile.columns.isEmpty, "\(place)")
        }
    }

    static func failure(_ text: String, _ columns: ModelColumns) throws -> JSONLinesError? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var options = JSONLinesOptions()
        options.modelColumns = columns
        do {
            _ = try JSONLinesProfiler(options: options).profile(fileAt: url.path)
            return nil
        } catch {
            return error
        }
    }

    @Test func textInARegressionIsAnErrorNamingTheColumn() throws {
        let error = try #require(
            try Self.failure(
                #"{"y": 1, "p": 2}"# + "\n" + #"{"y": 3, "p": "x"}"# + "\n",
                ModelColumns(target: "y", prediction: "p", task: .regression)))
        #expect(error.code == .modelColumn)
        #expect(error.field == "column \"p\"")
    }

    @Test func aColumnOfRealNumbersAsLabelsIsRefused() throws {
        let text = (0..<5000).map { #"{"y": \#(Double($0) / 7), "p": \#(Double($0) / 3)}"# }.joined(separator: "\n")
        let error = try #require(try Self.failure(text, ModelColumns(target: "y", prediction: "p")))
        #expect(error.code == .modelColumn)
        #expect(error.actual.contains("--task regression"))
    }

    @Test func aLineWithoutTheTargetHasTheLabelNoneAndSelectedColumnsAreKept() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).jsonl")
        try Data((#"{"y": "a", "p": "a", "x": 1}"# + "\n" + #"{"p": "b", "x": 2}"# + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var options = JSONLinesOptions()
        options.columns = ["x"]
        options.modelColumns = ModelColumns(target: "y", prediction: "p")
        let profile = try JSONLinesProfiler(options: options).profile(fileAt: url.path).profile
        #expect(profile.columns.keys.sorted() == ["x"])
        let matrix = try #require(profile.modelPerformance?.confusionMatrix)
        #expect(matrix.labels == ["a", "b", "None"])
        #expect(matrix.count(prediction: "b", target: "None") == 1)
    }
}
