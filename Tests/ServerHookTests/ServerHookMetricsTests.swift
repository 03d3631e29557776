import Foundation
import Profiles
import Prometheus
import Testing

@testable import ServerHook

@Suite struct ServerHookMetricsTests {
    @Test func theExpositionFollowsPrometheusNaming() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let metrics = ServerHookMetrics(registry: registry)
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
