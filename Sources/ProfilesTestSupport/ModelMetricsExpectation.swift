import Foundation
public import Profiles
import Sketches

/// whylogs' own numbers for a model-performance fixture (`NAME.expected.json`, written by
/// `fixtures/whylogs/make_model_metrics_fixtures.py`'s `expectations`), and the comparison of a
/// profile's metrics with them.
public struct ModelMetricsExpectation: Sendable {
    /// The confusion matrix's labels as whylogs logged them.
    public var labels: [String] = []
    /// The label order whylogs' reader gives (it re-sorts labels as strings).
    public var readLabels: [String] = []
    /// Rows of predictions, columns of targets.
    public var counts: [[Int]] = []
    public var scoreN: [[Int?]] = []
    public var scoreMin: [[Double?]] = []
    public var scoreMax: [[Double?]] = []
    public var regression: (count: UInt64, sumAbs: Double, sum: Double, sum2: Double)?
    public var modelType: Int = 0

    /// Reads the expectation from the file's JSON object.
    public init(json: Any, name: String) throws {
        guard let json = json as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(name): not an object"])
        }
        labels = json["labels"] as? [String] ?? []
        readLabels = json["read_labels"] as? [String] ?? []
        counts = (json["counts"] as? [[Any]] ?? []).map { $0.map { ($0 as? NSNumber)?.intValue ?? -1 } }
        scoreN = (json["score_n"] as? [[Any]] ?? []).map { $0.map { ($0 as? NSNumber)?.intValue } }
        scoreMin = (json["score_min"] as? [[Any]] ?? []).map { $0.map { ($0 as? NSNumber)?.doubleValue } }
        scoreMax = (json["score_max"] as? [[Any]] ?? []).map { $0.map { ($0 as? NSNumber)?.doubleValue } }
        modelType = (json["model_type"] as? NSNumber)?.intValue ?? -1
        if let regression = json["regression"] as? [String: Any],
            let exact = json["regression_repr"] as? [String: String]
        {
            // The sums from their repr strings: Foundation's JSON numbers may be rounded.
            self.regression = (
                (regression["count"] as? NSNumber)?.uint64Value ?? 0,
                Double(exact["sum_abs_diff"] ?? "") ?? .nan,
                Double(exact["sum_diff"] ?? "") ?? .nan,
                Double(exact["sum2_diff"] ?? "") ?? .nan
            )
        }
    }

    /// How `metrics` differs from whylogs' numbers, one line each (empty when they agree): the
    /// model type, labels (in logging order), counts, each cell's score n, min and max, and the
    /// regression count and sums, all exactly; the sums within `sumTolerance` (relative) when given,
    /// for a reader that sums pieces of the input apart (rounding then differs from Python's
    /// row-by-row sums).
    public func mismatches(_ metrics: ModelPerformanceMetrics?, place: String, sumTolerance: Double = 0) -> [String] {
        guard let metrics else { return ["\(place): no model performance metrics"] }
        var problems: [String] = []
        if metrics.modelType.rawValue != modelType {
            problems.append("\(place): model type \(metrics.modelType.rawValue), whylogs \(modelType)")
        }
        if let regression {
            guard let actual = metrics.regression else { return problems + ["\(place): no regression metrics"] }
            let pairs: [(String, Double, Double)] = [
                ("sum_abs_diff", actual.sumAbsoluteDifferences, regression.sumAbs),
                ("sum_diff", actual.sumDifferences, regression.sum),
                ("sum2_diff", actual.sumSquaredDifferences, regression.sum2),
            ]
            if actual.count != regression.count {
                problems.append("\(place): count \(actual.count), whylogs \(regression.count)")
            }
            for (name, value, wanted) in pairs
            where value.bitPattern != wanted.bitPattern && !(abs(value - wanted) <= sumTolerance * abs(wanted)) {
                problems.append("\(place): \(name) \(value), whylogs \(wanted)")
            }
            return problems
        }
        guard let matrix = metrics.confusionMatrix else { return problems + ["\(place): no confusion matrix"] }
        guard matrix.labels == labels else {
            return problems + ["\(place): labels \(matrix.labels), whylogs \(labels)"]
        }
        if matrix.counts != counts { problems.append("\(place): counts \(matrix.counts), whylogs \(counts)") }
        for row in matrix.labels.indices {
            for column in matrix.labels.indices {
                let cell = matrix[prediction: row, target: column]
                let at = "\(place) cell (\(labels[row]), \(labels[column]))"
                if (cell.count == 0 ? nil : cell.count) != scoreN[row][column] {
                    problems.append("\(at): score n \(cell.count), whylogs \(String(describing: scoreN[row][column]))")
                }
                if cell.scores.kll.minItem != scoreMin[row][column] || cell.scores.kll.maxItem != scoreMax[row][column]
                {
                    problems.append("\(at): score range differs from whylogs'")
                }
            }
        }
        return problems
    }
}
