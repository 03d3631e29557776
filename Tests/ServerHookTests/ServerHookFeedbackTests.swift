import Foundation
import Profiles
import Prometheus
import ServerHookPrometheus
import Testing

@testable import ServerHook

@Suite struct ServerHookFeedbackTests {
    @Test func feedbackJoinsEachPredictionOnceAndLogsItsError() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let hook = try HookTestSupport.makeHook(
            directory: directory, clock: clock,
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry)))
        hook.flushDueWindows()
        #expect(registry.emitToString().contains("serverhook_window_mean_absolute_error nan"))  // no feedback yet
        let first = PredictionID()
        let second = PredictionID()
        hook.record(features: HookTestSupport.features(1), prediction: 5.5, predictionID: first)
        hook.record(features: HookTestSupport.features(2), prediction: 6.0, predictionID: second)
        #expect(hook.recordFeedback(predictionID: first, actual: 6) == .joined(prediction: 5.5, absoluteError: 0.5))
        #expect(hook.recordFeedback(predictionID: first, actual: 6) == .unknownPrediction)
        #expect(hook.recordFeedback(predictionID: second, actual: 4.5) == .joined(prediction: 6, absoluteError: 1.5))
        #expect(hook.recordFeedback(predictionID: PredictionID(), actual: 4.5) == .unknownPrediction)
        hook.flushDueWindows()
        let text = registry.emitToString()
        #expect(text.contains(#"serverhook_feedback_total{result="joined"} 2"#))
        #expect(text.contains(#"serverhook_feedback_total{result="unknown"} 2"#))
        #expect(text.contains("serverhook_window_mean_absolute_error 1.0"))
        #expect(text.contains("serverhook_window_root_mean_squared_error \((1.25 as Double).squareRoot())"))
        hook.flushAll()
        let window = try #require(try HookTestSupport.windowFiles(in: directory).first?.window)
        // The pairs are the window's regression metrics (d = prediction − truth: −0.5, 1.5), not
        // columns.
        #expect(window.profile.columns[ServerHook.absoluteErrorColumn] == nil)
        let regression = try #require(window.profile.modelPerformance?.regression)
        #expect(regression.count == 2)
        #expect(regression.sumAbsoluteDifferences == 2)
        #expect(regression.sumDifferences == 1)
        #expect(regression.sumSquaredDifferences == 2.5)
        #expect(window.records == 4)
    }

    @Test func predictionsExpireAndTheStoreIsBounded() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.feedbackRetentionSeconds = 60
            $0.feedbackCapacity = 160
        }
        let old = PredictionID()
        hook.record(features: [:], prediction: 1, predictionID: old)
        clock.advance(seconds: 61)
        #expect(hook.recordFeedback(predictionID: old, actual: 1) == .unknownPrediction)
        for _ in 0..<10_000 { hook.record(features: [:], prediction: 1, predictionID: PredictionID()) }
        #expect(hook.predictions.count <= 160)
        #expect(hook.predictions.count >= 100)
    }

    @Test(arguments: ["", "xyz", String(repeating: "g", count: 32), String(repeating: "a", count: 33)])
    func predictionIDsParseOnlyTheirOwnForm(text: String) {
        #expect(PredictionID(text) == nil)
        let id = PredictionID()
        #expect(PredictionID(id.description) == id)
        #expect(id.description.count == 32)
    }
}
