import Foundation
import MetricsTestKit
import Profiles
import Prometheus
import ServerHookPrometheus
import Testing

@testable import ServerHook

@Suite struct ServerHookMetricsTests {
    @Test func theExpositionFollowsPrometheusNaming() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let metrics = ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry))
        var training = DatasetProfile()
        training.log(column: "x", doubles: (0..<1000).map(Double.init))
        let hook = try HookTestSupport.makeHook(
            directory: directory, clock: clock, metrics: metrics, training: training)
        for index in 0..<50 { hook.record(features: ["x": .double(Double(index + 5000))], prediction: 5.2) }
        metrics.recordRequest(
            route: "/predict", method: "POST", status: 200, duration: .milliseconds(3), requestBytes: 300,
            responseBytes: 80)
        metrics.recordRequest(
            route: "/predict", method: "POST", status: 422, duration: .microseconds(300), requestBytes: 310,
            responseBytes: nil)
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        let text = registry.emitToString()
        for expected in [
            #"serverhook_requests_total{route="/predict",method="POST",status="200"} 1"#,
            #"serverhook_request_errors_total{route="/predict",method="POST",status="422"} 1"#,
            #"serverhook_request_duration_seconds_bucket{route="/predict",le="0.005"} 2"#,
            #"serverhook_request_size_bytes_count{route="/predict"} 2"#,
            #"serverhook_response_size_bytes_count{route="/predict"} 1"#,
            #"serverhook_prediction_bucket{le="5.5"} 50"#,
            #"serverhook_prediction_bucket{le="5.0"} 0"#,
            "serverhook_records_total 50",
            "serverhook_windows_written_total 1",
            #"serverhook_feature_drift_score{feature="x"} 1.0"#,
            #"serverhook_feature_drift{feature="x"} 1.0"#,
            "# TYPE serverhook_request_duration_seconds histogram",
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        #expect(!text.contains(#"serverhook_request_errors_total{route="/predict",method="POST",status="200"}"#))
    }
}

@Suite struct ServerHookMetricsBackendTests {
    /// Through swift-metrics, any backend gets the hook's metrics: here swift-metrics' test kit.
    @Test func aSwiftMetricsBackendOtherThanPrometheusGetsTheMetrics() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let factory = TestMetrics()
        let metrics = ServerHookMetrics(factory: factory)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock, metrics: metrics)
        for index in 0..<7 { hook.record(features: ["x": .double(Double(index))], prediction: 4.5) }
        metrics.recordRequest(
            route: "/predict", method: "POST", status: 503, duration: .milliseconds(2), requestBytes: 10,
            responseBytes: 20)
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        #expect(try factory.expectCounter("serverhook_records_total").totalValue == 7)
        #expect(try factory.expectCounter("serverhook_windows_written_total").totalValue == 1)
        #expect(try factory.expectRecorder("serverhook_prediction").values == Array(repeating: 4.5, count: 7))
        let request = [("route", "/predict"), ("method", "POST"), ("status", "503")]
        #expect(try factory.expectCounter("serverhook_requests_total", request).totalValue == 1)
        #expect(try factory.expectCounter("serverhook_request_errors_total", request).totalValue == 1)
        #expect(
            try factory.expectTimer("serverhook_request_duration_seconds", [("route", "/predict")]).values
                == [2_000_000])
    }

    /// The Prometheus exposition through ServerHookPrometheusFactory has the help texts and the
    /// buckets of ServerHookMetrics.definitions (swift-metrics carries neither).
    @Test func thePrometheusFactoryGivesHelpTextsAndBuckets() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry))
        metrics.recordRequest(
            route: "/predict", method: "GET", status: 200, duration: .microseconds(700), requestBytes: 100,
            responseBytes: 5000)
        metrics.recordRequest(
            route: "/predict", method: "GET", status: 500, duration: .seconds(20), requestBytes: 0, responseBytes: nil)
        metrics.setDrift(feature: "x", score: 0.25, verdict: 0.5)
        _ = metrics.constraintFailures(constraint: "x is non negative", severity: "error")  // registered
        metrics.setConstraintResults(windowStart: 60, errors: 1, warnings: 0, indeterminate: 0)
        let text = registry.emitToString()
        for definition in ServerHookMetrics.definitions() {
            #expect(text.contains("# HELP \(definition.label) \(definition.help)\n"), "\(definition.label)")
        }
        for expected in [
            "# TYPE serverhook_requests_total counter",
            "# TYPE serverhook_pending_windows gauge",
            "# TYPE serverhook_prediction histogram",
            #"serverhook_request_duration_seconds_bucket{route="/predict",le="0.0005"} 0"#,
            #"serverhook_request_duration_seconds_bucket{route="/predict",le="0.001"} 1"#,
            #"serverhook_request_size_bytes_bucket{route="/predict",le="64.0"} 1"#,
            #"serverhook_request_size_bytes_bucket{route="/predict",le="256.0"} 2"#,
            #"serverhook_response_size_bytes_bucket{route="/predict",le="16384.0"} 1"#,
            #"serverhook_prediction_bucket{le="10.0"} 0"#,
            #"serverhook_absolute_error_bucket{le="0.75"} 0"#,
            #"serverhook_feedback_total{result="joined"} 0"#,
            #"serverhook_feature_drift_score{feature="x"} 0.25"#,
            #"serverhook_feature_drift{feature="x"} 0.5"#,
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }
}
