import Foundation
import ProfileArrow
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `ArrowOptions.modelColumns` against whylogs 1.6.4's `log_classification_metrics` /
/// `log_regression_metrics` of `table.to_pandas()` (`fixtures/whylogs/csv_model_metrics/NAME.arrows`,
/// 128-row batches, made by `make_csv_model_metrics_fixtures.py`): labels in whylogs' order
/// (an int64 column with nulls is float64 in pandas), counts and score n/min/max exactly; the
/// regression count exactly and its sums, added batch by batch, within 1e-12 of Python's
/// row-by-row sums.
@Suite struct ModelMetricsArrowTests {
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
    func metricsEqualWhylogsOnToPandas(name: String) throws {
        let expected = try ModelMetricsExpectation(
            json: Fixtures.json("whylogs/csv_model_metrics/\(name).arrows.expected.json"), name: name)
        let path = Fixtures.url("whylogs/csv_model_metrics/\(name).arrows").path
        for threads in [1, 2] {
            var options = ArrowOptions(threadCount: threads, compactionSeed: 5)
            options.columns = []
            options.modelColumns = try Self.columns(name)
            let result = try ArrowProfiler(options: options).profile(fileAt: path)
            let place = "\(name).arrows, \(threads) threads"
            for problem in expected.mismatches(result.profile.modelPerformance, place: place, sumTolerance: 1e-12) {
                Issue.record(Comment(rawValue: problem))
            }
            #expect(result.profile.columns.isEmpty, "\(place)")
        }
    }

    @Test func selectedColumnsAreProfiledBesideTheMetrics() throws {
        var options = ArrowOptions()
        options.columns = ["alcohol"]
        options.modelColumns = try Self.columns("binary_scores_full")
        let result = try ArrowProfiler(options: options).profile(
            fileAt: Fixtures.url("whylogs/csv_model_metrics/binary_scores_full.arrows").path)
        #expect(result.profile.columns.keys.sorted() == ["alcohol"])
        #expect(result.profile.modelPerformance?.confusionMatrix?.totalCount == 1500)
    }

    @Test func textInARegressionIsAnErrorNamingTheColumn() throws {
        var options = ArrowOptions()
        options.modelColumns = ModelColumns(target: "good", prediction: "colour", task: .regression)
        #expect {
            try ArrowProfiler(options: options).profile(
                fileAt: Fixtures.url("whylogs/csv_model_metrics/binary_scores_full.arrows").path)
        } throws: { error in
            (error as? ArrowError)?.code == .modelColumn && (error as? ArrowError)?.field == "column \"colour\""
        }
    }

    @Test func anUnknownModelColumnIsAnError() throws {
        var options = ArrowOptions()
        options.modelColumns = ModelColumns(target: "good", prediction: "nope")
        #expect {
            try ArrowProfiler(options: options).profile(
                fileAt: Fixtures.url("whylogs/csv_model_metrics/binary_scores_full.arrows").path)
        } throws: { error in
            (error as? ArrowError)?.code == .unknownColumn
        }
    }
}
