import Foundation
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport

/// The whylogs 1.6.4 model-performance fixtures (`fixtures/whylogs/model_metrics`, written by
/// `make_model_metrics_fixtures.py`): the rows, whylogs' file and whylogs' own numbers.
enum ModelPerformanceFixtures {
    static let classification = [
        "binary_int", "binary_int_scores", "binary_str_scores", "multiclass_int_scores", "multiclass_str",
        "multiclass_str_scores",
    ]
    static let regression = ["regression"]
    static let all = classification + regression

    static func bytes(_ name: String) throws -> [UInt8] {
        try Fixtures.bytes("whylogs/model_metrics/\(name).bin")
    }

    static func path(_ name: String) -> String {
        Fixtures.url("whylogs/model_metrics/\(name).bin").path
    }

    /// The rows of `NAME.csv`.
    struct Rows {
        var targets: [String] = []
        var predictions: [String] = []
        var scores: [Double]?

        var count: Int { targets.count }

        func slice(_ range: Range<Int>) -> Rows {
            Rows(
                targets: Array(targets[range]), predictions: Array(predictions[range]),
                scores: scores.map { Array($0[range]) })
        }
    }

    static func rows(_ name: String) throws -> Rows {
        let text = String(decoding: try Fixtures.bytes("whylogs/model_metrics/\(name).csv"), as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var rows = Rows()
        if header.contains("score") { rows.scores = [] }
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for (column, field) in zip(header, fields) {
                switch column {
                case "target": rows.targets.append(field)
                case "prediction": rows.predictions.append(field)
                case "score": rows.scores?.append(Double(field) ?? .nan)
                default: break
                }
            }
        }
        return rows
    }

    /// The labels of a fixture's rows as the pandas column would hold them (ints or strings).
    static func labels(_ values: [String], fixture name: String) -> [ClassLabel] {
        name.contains("_int")
            ? values.map { .integer(Int64($0) ?? 0) } : values.map { .string($0) }
    }

    /// Logs a fixture's rows as `why.log_classification_metrics` / `log_regression_metrics` did.
    static func logged(_ name: String, rows: Rows) throws -> DatasetProfile {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 1_704_164_645_678)
        if regression.contains(name) {
            try profile.logRegressionMetrics(
                targets: rows.targets.map { Double($0) ?? .nan },
                predictions: rows.predictions.map { Double($0) ?? .nan })
        } else {
            try profile.logClassificationMetrics(
                targets: labels(rows.targets, fixture: name), predictions: labels(rows.predictions, fixture: name),
                scores: rows.scores)
        }
        return profile
    }

    /// whylogs' numbers for a fixture (`NAME.expected.json`).
    typealias Expected = ModelMetricsExpectation

    static func expected(_ name: String) throws -> Expected {
        try ModelMetricsExpectation(json: Fixtures.json("whylogs/model_metrics/\(name).expected.json"), name: name)
    }
}
