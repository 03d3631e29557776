import Foundation
import Profiles
import Prometheus
import ServerHookPrometheus
import SketchbookTestSupport
import Sketches
import Testing

@testable import ServerHook

/// Model quality in the hook: classification and regression feedback row by row into the window's
/// model performance metrics, their gauges, restore, and windows written before the metrics.
@Suite struct ServerHookModelQualityTests {
    static func metricsHook(
        directory: String, clock: ManualClock, configure: (inout ServerHookConfiguration) -> Void = { _ in }
    ) throws -> (ServerHook, PrometheusCollectorRegistry) {
        let registry = PrometheusCollectorRegistry()
        let hook = try HookTestSupport.makeHook(
            directory: directory, clock: clock,
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry)), configure: configure)
        return (hook, registry)
    }

    @Test(arguments: [1, 7, 2026])
    func classificationFeedbackRowByRowGivesTheMatrixOfLogClassification(seed: UInt64) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        // One shard: the rows of a cell reach one sketch in order, as in the batch.
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        var generator = SplitMix64(seed: seed)
        var targets: [ClassLabel] = []
        var predictions: [ClassLabel] = []
        var scores: [Double] = []
        for _ in 0..<600 {
            let predicted = Int64.random(in: 0...2, using: &generator)
            let actual = Bool.random(using: &generator) ? predicted : Int64.random(in: 0...2, using: &generator)
            let score = Double.random(in: 0...1, using: &generator)
            let id = PredictionID()
            hook.record(features: [:], predictedLabel: .integer(predicted), score: score, predictionID: id)
            let outcome = hook.recordFeedback(predictionID: id, actualLabel: .integer(actual))
            #expect(
                outcome == .joinedLabel(predictedLabel: String(predicted), isCorrect: predicted == actual),
                "seed \(seed)")
            targets.append(.integer(actual))
            predictions.append(.integer(predicted))
            scores.append(score)
        }
        hook.flushAll()
        let window = try #require(try HookTestSupport.windowFiles(in: directory).first?.window, "seed \(seed)")
        let matrix = try #require(window.profile.modelPerformance?.confusionMatrix, "seed \(seed)")
        var reference = ModelPerformanceMetrics()
        try reference.logClassification(targets: targets, predictions: predictions, scores: scores)
        let expected = try #require(reference.confusionMatrix)
        #expect(matrix.labels == expected.labels, "seed \(seed)")
        #expect(matrix.counts == expected.counts, "seed \(seed)")
        for (cell, expectedCell) in zip(matrix.cells, expected.cells) where expectedCell.count > 0 {
            // The sketches hold the same values in the same order: the same image.
            #expect(
                cell.scores.kll.serializedBytes() == expectedCell.scores.kll.serializedBytes(), "seed \(seed)")
            // One row at a time is Welford's update, a batch Chan's formula: equal up to rounding.
            #expect(
                abs(cell.scores.mean - expectedCell.scores.mean) <= 1e-12 * abs(expectedCell.scores.mean),
                "seed \(seed)")
            #expect(
                abs(cell.scores.m2 - expectedCell.scores.m2) <= 1e-9 * abs(expectedCell.scores.m2), "seed \(seed)")
        }
        // The label and score are columns of the window too.
        #expect(window.profile.columns["predicted_label"]?.counts?.n == 600, "seed \(seed)")
        #expect(window.profile.columns["predicted_score"]?.counts?.n == 600, "seed \(seed)")
        #expect(window.records == 1200, "seed \(seed)")
    }

    @Test func classificationFeedbackOnManyShardsCountsEveryRow() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 8 }
        let rows = 4000
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<(rows / 8) {
                let id = PredictionID()
                let predicted = ["cat", "dog"][index % 2]
                hook.record(features: [:], predictedLabel: .string(predicted), score: 0.5, predictionID: id)
                _ = hook.recordFeedback(predictionID: id, actualLabel: .string(worker % 2 == 0 ? "cat" : "dog"))
            }
        }
        hook.flushAll()
        let matrix = try #require(
            try HookTestSupport.windowFiles(in: directory).first?.window.profile.modelPerformance?.confusionMatrix)
        #expect(matrix.labels == ["cat", "dog"])
        #expect(matrix.counts == [[1000, 1000], [1000, 1000]])
    }

    @Test(arguments: [3, 11])
    func regressionFeedbackGivesTheRegressionMetricsOfLogRegression(seed: UInt64) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        var generator = SplitMix64(seed: seed)
        var targets: [Double] = []
        var predictions: [Double] = []
        for _ in 0..<500 {
            let prediction = Double.random(in: 3...8, using: &generator)
            let actual = Double(Int.random(in: 3...8, using: &generator))
            let id = PredictionID()
            hook.record(features: ["x": .double(prediction)], prediction: prediction, predictionID: id)
            _ = hook.recordFeedback(predictionID: id, actual: actual)
            targets.append(actual)
            predictions.append(prediction)
        }
        hook.flushAll()
        let regression = try #require(
            try HookTestSupport.windowFiles(in: directory).first?.window.profile.modelPerformance?.regression,
            "seed \(seed)")
        var reference = ModelPerformanceMetrics()
        try reference.logRegression(targets: targets, predictions: predictions)
        // The same additions in the same order: equal exactly.
        #expect(regression == reference.regression, "seed \(seed)")
    }

    @Test func gaugesReportAccuracyF1AndFeedbackCounts() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let (hook, registry) = try Self.metricsHook(directory: directory, clock: clock)
        hook.flushDueWindows()
        var text = registry.emitToString()
        #expect(text.contains("serverhook_window_accuracy nan"))
        #expect(text.contains("serverhook_window_macro_f1 nan"))
        // (predicted, actual): 1 right of 2 predicted "1"; 2 right of 3 predicted "0".
        let rows: [(Int64, Int64)] = [(1, 1), (1, 0), (0, 0), (0, 0), (0, 1)]
        for (predicted, actual) in rows {
            let id = PredictionID()
            hook.record(features: [:], predictedLabel: .integer(predicted), score: 0.9, predictionID: id)
            _ = hook.recordFeedback(predictionID: id, actualLabel: .integer(actual))
        }
        let regressionID = PredictionID()
        hook.record(features: [:], prediction: 5, predictionID: regressionID)
        #expect(hook.recordFeedback(predictionID: regressionID, actualLabel: .integer(5)) == .kindMismatch)
        #expect(hook.recordFeedback(predictionID: PredictionID(), actualLabel: .integer(1)) == .unknownPrediction)
        // Still held after the mismatch: joins with a value.
        #expect(hook.recordFeedback(predictionID: regressionID, actual: 7) == .joined(prediction: 5, absoluteError: 2))
        hook.flushDueWindows()
        text = registry.emitToString()
        // Accuracy 3/5; F1: class 0 precision 2/3 recall 2/3, class 1 precision 1/2 recall 1/2.
        let expected = ClassificationMetrics(labels: ["0", "1"], counts: [[2, 1], [1, 1]])
        #expect(expected.accuracy == 0.6)
        #expect(text.contains("serverhook_window_accuracy \(expected.accuracy)"))
        #expect(text.contains("serverhook_window_macro_f1 \(expected.macro.f1)"))
        #expect(abs(expected.macro.f1 - (2.0 / 3.0 + 0.5) / 2) < 1e-15)
        #expect(text.contains(#"serverhook_window_feedback{kind="classification"} 5.0"#))
        #expect(text.contains(#"serverhook_window_feedback{kind="regression"} 1.0"#))
        #expect(text.contains("serverhook_window_mean_absolute_error 2.0"))
        #expect(text.contains(#"serverhook_feedback_total{result="joined"} 6"#))
        #expect(text.contains(#"serverhook_feedback_total{result="unknown"} 1"#))
        #expect(text.contains(#"serverhook_feedback_total{result="mismatched"} 1"#))
    }

    @Test func labelsBeyondTheLimitAreRefusedAndCounted() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let (hook, registry) = try Self.metricsHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        for index in 0..<ConfusionMatrix.maximumLabels {
            let id = PredictionID()
            hook.record(features: [:], predictedLabel: .string("p"), predictionID: id)
            let outcome = hook.recordFeedback(predictionID: id, actualLabel: .string(index == 0 ? "p" : "t\(index)"))
            #expect(outcome != .labelLimitReached, "label \(index)")
        }
        let id = PredictionID()
        hook.record(features: [:], predictedLabel: .string("p"), predictionID: id)
        #expect(hook.recordFeedback(predictionID: id, actualLabel: .string("one too many")) == .labelLimitReached)
        hook.flushAll()
        #expect(registry.emitToString().contains(#"serverhook_feedback_total{result="refused"} 1"#))
        let matrix = try #require(
            try HookTestSupport.windowFiles(in: directory).first?.window.profile.modelPerformance?.confusionMatrix)
        #expect(matrix.labels.count == ConfusionMatrix.maximumLabels)
        #expect(matrix.totalCount == ConfusionMatrix.maximumLabels)
    }

    @Test func mergingWindowsKeepsTheLabelLimit() throws {
        var first = WindowAccumulator(startSeconds: 0)
        var second = WindowAccumulator(startSeconds: 0)
        for index in 0..<200 {
            let recorded = (
                first.classification.record(prediction: "a\(index)", target: "a\(index)", score: 1),
                second.classification.record(prediction: "b\(index)", target: "b\(index)", score: 1)
            )
            #expect(recorded == (true, true))
        }
        first.merge(second)
        let matrix = try #require(first.profile.modelPerformance?.confusionMatrix)
        #expect(matrix.labels.count == ConfusionMatrix.maximumLabels)
        #expect(matrix.totalCount == ConfusionMatrix.maximumLabels)
        #expect(first.rowsOverLabelLimit == 400 - Int64(ConfusionMatrix.maximumLabels))
        #expect(matrix.labels == ConfusionMatrix.mergedOrder(matrix.labels))
    }

    @Test func aRestartKeepsTheOpenWindowsMatrixAndRegressionMetrics() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let crashing = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for (predicted, actual) in [(1, 1), (0, 1), (1, 1)] as [(Int64, Int64)] {
                let id = PredictionID()
                crashing.record(features: [:], predictedLabel: .integer(predicted), predictionID: id)
                _ = crashing.recordFeedback(predictionID: id, actualLabel: .integer(actual))
            }
            let id = PredictionID()
            crashing.record(features: [:], prediction: 4, predictionID: id)
            _ = crashing.recordFeedback(predictionID: id, actual: 5)
            clock.advance(seconds: 10)
            crashing.flushDueWindows()  // a checkpoint; then a crash
        }
        clock.advance(seconds: 5)
        let (restarted, registry) = try Self.metricsHook(directory: directory, clock: clock)
        restarted.flushDueWindows()
        let text = registry.emitToString()
        #expect(text.contains("serverhook_window_accuracy \(2.0 / 3.0)"))
        #expect(text.contains("serverhook_window_mean_absolute_error 1.0"))
        let id = PredictionID()
        restarted.record(features: [:], predictedLabel: .integer(0), predictionID: id)
        _ = restarted.recordFeedback(predictionID: id, actualLabel: .integer(0))
        restarted.flushAll()
        let metrics = try #require(
            try HookTestSupport.windowFiles(in: directory).first?.window.profile.modelPerformance)
        #expect(metrics.confusionMatrix?.counts == [[1, 1], [0, 2]])
        #expect(metrics.regression?.count == 1)
    }

    /// A window file as the hook wrote it before windows carried model performance metrics: the
    /// feedback as two columns of absolute and squared errors.
    static func writeOldFormatWindow(directory: String, startSeconds: Int64, errors: [Double]) throws {
        var window = WindowAccumulator(startSeconds: startSeconds)
        for error in errors {
            window.profile.log(column: ServerHook.absoluteErrorColumn, value: .double(error))
            window.profile.log(column: ServerHook.squaredErrorColumn, value: .double(error * error))
            window.records += 1
        }
        let name = WindowFileName(startSeconds: startSeconds, instance: "test")
        try FileManager.default.createDirectory(
            atPath: "\(directory)/\(name.dayFolder)", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let bytes = window.profileForWriting(instance: "test", windowSeconds: 60).file.gzipSerializedBytes()
        try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name.relativePath)"))
    }

    @Test func aWindowWrittenTheOldWayIsRestoredAndCountsInTheGauges() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        try Self.writeOldFormatWindow(
            directory: directory, startSeconds: Int64(HookTestSupport.dayStart), errors: [1, 3])
        clock.advance(seconds: 20)
        let (hook, registry) = try Self.metricsHook(directory: directory, clock: clock)
        #expect(hook.health.recordsRestored == 2)
        hook.flushDueWindows()
        var text = registry.emitToString()
        #expect(text.contains("serverhook_window_mean_absolute_error 2.0"))
        #expect(text.contains("serverhook_window_root_mean_squared_error \((5.0 as Double).squareRoot())"))
        let id = PredictionID()
        hook.record(features: [:], prediction: 6, predictionID: id)
        _ = hook.recordFeedback(predictionID: id, actual: 4)
        hook.flushDueWindows()
        text = registry.emitToString()
        // (1 + 3 + 2) / 3; sqrt((1 + 9 + 4) / 3).
        #expect(text.contains("serverhook_window_mean_absolute_error 2.0"))
        #expect(text.contains("serverhook_window_root_mean_squared_error \((14.0 / 3).squareRoot())"))
        hook.flushAll()
        let profile = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        // The old columns are kept, the new pair is in the regression metrics.
        #expect(profile.columns[ServerHook.absoluteErrorColumn]?.counts?.n == 2)
        #expect(profile.modelPerformance?.regression?.count == 1)
        #expect(profile.modelPerformance?.regression?.sumDifferences == 2)
    }

    @Test func aWindowFileWithAnImplausibleMatrixCountIsSetAside() throws {
        var metrics = ModelPerformanceMetrics()
        metrics.regression = RegressionMetrics(count: UInt64(WindowAccumulator.maxRestoredRecords) + 1)
        #expect(throws: ServerHookError.self) { try ServerHook.checkModelPerformanceCounts(metrics) }
        metrics.regression = RegressionMetrics(count: 3)
        try ServerHook.checkModelPerformanceCounts(metrics)
    }
}
