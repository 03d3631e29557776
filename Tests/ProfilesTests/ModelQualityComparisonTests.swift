import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// `ModelQualityComparison`: a real degradation is called, the same model on other rows of the
/// same data is not (the tests gate the thresholds), and what cannot be tested is informational.
@Suite struct ModelQualityComparisonTests {
    /// A binary classifier's rows: `accuracy` of them right, the score of the predicted label
    /// higher when right (so that ROC-AUC follows accuracy).
    static func classifier(
        rows: Int, accuracy: Double, separation: Double = 1.5, random: inout SplitMix64
    ) throws -> ModelPerformanceMetrics {
        var targets: [ClassLabel] = []
        var predictions: [ClassLabel] = []
        var scores: [Double] = []
        for _ in 0..<rows {
            let truth = Int64.random(in: 0...1, using: &random)
            let right = Double.random(in: 0..<1, using: &random) < accuracy
            targets.append(.integer(truth))
            predictions.append(.integer(right ? truth : 1 - truth))
            let noise = Double.random(in: 0..<1, using: &random)
            scores.append(right ? 0.5 + 0.5 * pow(noise, 1 / separation) : 0.5 + 0.5 * pow(noise, separation))
        }
        var metrics = ModelPerformanceMetrics()
        try metrics.logClassification(targets: targets, predictions: predictions, scores: scores)
        return metrics
    }

    static func regressor(rows: Int, errorScale: Double, random: inout SplitMix64) throws -> ModelPerformanceMetrics {
        var targets: [Double] = []
        var predictions: [Double] = []
        for _ in 0..<rows {
            let target = Double.random(in: 0..<100, using: &random)
            targets.append(target)
            predictions.append(target + errorScale * (Double.random(in: 0..<1, using: &random) * 2 - 1))
        }
        var metrics = ModelPerformanceMetrics()
        try metrics.logRegression(targets: targets, predictions: predictions)
        return metrics
    }

    @Test func aClassifierThatGotWorseIsCalledOnAccuracyAndROCAUC() throws {
        var random = SplitMix64(seed: 7)
        let reference = try Self.classifier(rows: 3000, accuracy: 0.9, random: &random)
        let target = try Self.classifier(rows: 3000, accuracy: 0.8, separation: 1.1, random: &random)
        let comparison = try #require(ModelQualityComparison(reference: reference, target: target))
        let accuracy = try #require(comparison.rows.first { $0.metric == .accuracy })
        #expect(accuracy.verdict == .drift && (accuracy.pValue ?? 1) < 1e-6, "\(accuracy)")
        #expect(abs(accuracy.degradation - 0.1) < 0.03)
        let auc = try #require(comparison.rows.first { $0.metric == .rocAUC })
        #expect(auc.verdict == .drift || auc.verdict == .indeterminate, "\(auc)")
        #expect(comparison.rows.first { $0.metric == .macroF1 }?.verdict == nil)
        #expect(comparison.verdict == .drift)
    }

    /// 36 of 40 right, then 32 of 40: a drop of 0.1, beyond the drift threshold, but two samples of
    /// 40 differ that much by chance (one-sided p ≈ 0.1).
    @Test func aDropOnASmallSampleIsNotSignificant() throws {
        func metrics(correct: Int) throws -> ModelPerformanceMetrics {
            var metrics = ModelPerformanceMetrics()
            let targets = (0..<40).map { ClassLabel.integer(Int64($0 % 2)) }
            let predictions = targets.enumerated().map { $0.offset < correct ? $0.element : .integer(1 - Int64($0.offset % 2)) }
            try metrics.logClassification(targets: targets, predictions: predictions)
            return metrics
        }
        let comparison = try #require(ModelQualityComparison(reference: try metrics(correct: 36), target: try metrics(correct: 32)))
        let accuracy = try #require(comparison.rows.first { $0.metric == .accuracy })
        #expect(abs(accuracy.degradation - 0.1) < 1e-12)
        #expect(accuracy.verdict == DriftVerdict.none, "\(accuracy)")
        #expect(accuracy.reason.hasPrefix("not significant"))
        #expect(comparison.rows.allSatisfy { $0.metric != .rocAUC }, "no scores, no ROC-AUC")
    }

    /// The same model on two samples of the same data: over 50 seeds of a classifier and a
    /// regressor (100 comparisons), at most 3 alarms (drift, possible or indeterminate). With
    /// Holm's adjustment each comparison raises a false alarm with chance at most 1 %: 1 expected,
    /// more than 3 about once in 50 runs of this test.
    @Test func theSameModelOnOtherRowsRarelyRaisesAnAlarm() throws {
        var alarms: [String] = []
        for seed in UInt64(1)...50 {
            var random = SplitMix64(seed: seed)
            let rows = [200, 1000, 5000][Int(seed % 3)]
            let reference = try Self.classifier(rows: rows, accuracy: 0.85, random: &random)
            let target = try Self.classifier(rows: rows, accuracy: 0.85, random: &random)
            let comparison = try #require(ModelQualityComparison(reference: reference, target: target))
            let regression = try #require(
                ModelQualityComparison(
                    reference: try Self.regressor(rows: rows, errorScale: 5, random: &random),
                    target: try Self.regressor(rows: rows, errorScale: 5, random: &random)))
            for row in comparison.rows + regression.rows
            where row.verdict == .drift || row.verdict == .possible || row.verdict == .indeterminate {
                alarms.append("seed \(seed) (\(rows) rows): \(row.metric) \(row.verdict!) \(row.reason)")
            }
        }
        #expect(alarms.count <= 3, Comment(rawValue: alarms.joined(separator: " | ")))
        print("same model, other rows: \(alarms.count) alarms in 100 comparisons " + alarms.joined(separator: " | "))
    }

    @Test func aRegressorWhoseErrorsGrewIsCalledOnMAEAndRMSEIsInformational() throws {
        var random = SplitMix64(seed: 9)
        let reference = try Self.regressor(rows: 2000, errorScale: 5, random: &random)
        let target = try Self.regressor(rows: 2000, errorScale: 6.5, random: &random)
        let comparison = try #require(ModelQualityComparison(reference: reference, target: target))
        let mae = try #require(comparison.rows.first { $0.metric == .meanAbsoluteError })
        #expect(mae.verdict == .drift && abs(mae.degradation - 0.3) < 0.08, "\(mae)")
        let rmse = try #require(comparison.rows.first { $0.metric == .rootMeanSquaredError })
        #expect(rmse.verdict == nil && rmse.change > 0)
        // A better model is no alarm.
        let better = try #require(ModelQualityComparison(reference: target, target: reference))
        #expect(better.verdict == DriftVerdict.none)
    }

    @Test func thresholdsAreConfigurable() throws {
        var random = SplitMix64(seed: 10)
        let reference = try Self.regressor(rows: 4000, errorScale: 5, random: &random)
        let target = try Self.regressor(rows: 4000, errorScale: 5.6, random: &random)
        let strict = try #require(ModelQualityComparison(reference: reference, target: target))
        #expect(strict.rows.first { $0.metric == .meanAbsoluteError }?.verdict == .drift)
        let lenient = try #require(
            ModelQualityComparison(
                reference: reference, target: target,
                thresholds: [.meanAbsoluteError: DriftThreshold(drift: 0.5, possible: 0.25)]))
        #expect(lenient.rows.first { $0.metric == .meanAbsoluteError }?.verdict == DriftVerdict.none)
    }

    @Test func aClassifierAndARegressorAreNotCompared() throws {
        var random = SplitMix64(seed: 11)
        let classifier = try Self.classifier(rows: 100, accuracy: 0.9, random: &random)
        let regressor = try Self.regressor(rows: 100, errorScale: 1, random: &random)
        #expect(ModelQualityComparison(reference: classifier, target: regressor) == nil)
        #expect(ModelQualityComparison(reference: ModelPerformanceMetrics(), target: classifier) == nil)
    }
}
