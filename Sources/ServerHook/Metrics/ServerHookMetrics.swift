import CCurrentCPU
public import CoreMetrics
import Metrics
import Synchronization

/// The metrics of a model server and of its hook, recorded through swift-metrics: in the
/// `MetricsFactory` you pass in (default: the global `MetricsSystem.factory`), so a server that
/// bootstraps Prometheus, OpenTelemetry or StatsD gets them. Labels are Prometheus names (base
/// units, `_total` on counters) and dimensions are low-cardinality (route templates, never raw
/// paths).
///
/// | metric | swift-metrics type | dimensions |
/// |---|---|---|
/// | `serverhook_requests_total` | `Counter` | `route`, `method`, `status` |
/// | `serverhook_request_errors_total` | `Counter` (status ≥ 400) | `route`, `method`, `status` |
/// | `serverhook_request_duration_seconds` | `Timer` | `route` |
/// | `serverhook_request_size_bytes`, `serverhook_response_size_bytes` | `Recorder` (aggregating) | `route` |
/// | `serverhook_prediction` | `Recorder` (aggregating) of model outputs (none if kept without values) | |
/// | `serverhook_feature_drift_score` | `Gauge`: drift of the last closed window from training | `feature` |
/// | `serverhook_feature_drift` | `Gauge`: 1 drift, 0.5 possible or indeterminate, 0 none | `feature` |
/// | `serverhook_drift_window_start_seconds` | `Gauge`: start of the window the drift gauges describe | |
/// | `serverhook_records_total`, `serverhook_records_dropped_total` | `Counter` | |
/// | `serverhook_features_dropped_total` | `Counter`: features over the per-window name limit | |
/// | `serverhook_segment_overflow_total` | `Counter`: records logged into the overflow segment | |
/// | `serverhook_windows_written_total`, `serverhook_written_bytes_total` | `Counter` | |
/// | `serverhook_checkpoints_written_total`, `serverhook_write_failures_total` | `Counter` | |
/// | `serverhook_pending_windows` | `Gauge`: closed windows not yet on disk | |
/// | `serverhook_feedback_total` | `Counter` | `result` (`joined`, `unknown`, `mismatched`: a label for a value or the reverse, `refused`: a label beyond the 256 a window's confusion matrix holds) |
/// | `serverhook_absolute_error` | `Recorder` (aggregating) of \|prediction − truth\| | |
/// | `serverhook_window_mean_absolute_error`, `serverhook_window_root_mean_squared_error` | `Gauge`: the open window's regression metrics (NaN before its first regression feedback) | |
/// | `serverhook_window_accuracy`, `serverhook_window_macro_f1` | `Gauge`: the open window's confusion matrix (NaN before its first classification feedback) | |
/// | `serverhook_window_feedback` | `Gauge`: feedback joined into the open window | `kind` (`regression`, `classification`) |
/// | `serverhook_constraint_failures_total` | `Counter`: failures of a constraint of the suite, one per closed window it failed on | `constraint`, `severity` |
/// | `serverhook_window_constraints_failed` | `Gauge`: constraints failed on the last checked window | `severity` (`error`, `warning`) |
/// | `serverhook_window_constraints_indeterminate` | `Gauge`: `no_drift` constraints undecided on it | |
/// | `serverhook_constraints_window_start_seconds` | `Gauge`: start of the window the constraint gauges describe | |
///
/// swift-metrics carries neither help texts nor histogram buckets: ``definitions(predictionBuckets:)`` lists both, for
/// a backend that takes them (a Prometheus registry: see `ServerHookPrometheus` in wine-server).
public final class ServerHookMetrics: Sendable {
    /// The factory the metrics were made in.
    public let factory: any MetricsFactory

    let records: Counter
    let recordsDropped: Counter
    let featuresDropped: Counter
    let segmentOverflow: Counter
    let windowsWritten: Counter
    let bytesWritten: Counter
    let checkpointsWritten: Counter
    let writeFailures: Counter
    let pendingWindows: Gauge
    let prediction: Recorder
    let feedbackJoined: Counter
    let feedbackUnknown: Counter
    let feedbackMismatched: Counter
    let feedbackRefused: Counter
    let windowAccuracy: Gauge
    let windowMacroF1: Gauge
    let windowRegressionFeedback: Gauge
    let windowClassificationFeedback: Gauge
    let absoluteError: Recorder
    let windowMeanAbsoluteError: Gauge
    let windowRootMeanSquaredError: Gauge
    let driftWindowStart: Gauge

    private let caches: [_RequestMetricsCache]

    /// Makes the metrics in `factory`.
    ///
    /// - Parameter factory: the swift-metrics backend (default: the one the process bootstrapped,
    ///   `MetricsSystem.factory`; without a bootstrap, nowhere).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        func counter(_ name: Name) -> Counter { Counter(label: name.label, factory: factory) }
        func gauge(_ name: Name) -> Gauge { Gauge(label: name.label, factory: factory) }
        records = counter(.recordsTotal)
        recordsDropped = counter(.recordsDroppedTotal)
        featuresDropped = counter(.featuresDroppedTotal)
        segmentOverflow = counter(.segmentOverflowTotal)
        windowsWritten = counter(.windowsWrittenTotal)
        bytesWritten = counter(.writtenBytesTotal)
        checkpointsWritten = counter(.checkpointsWrittenTotal)
        writeFailures = counter(.writeFailuresTotal)
        pendingWindows = gauge(.pendingWindows)
        prediction = Recorder(label: Name.prediction.label, aggregate: true, factory: factory)
        feedbackJoined = Counter(label: Name.feedbackTotal.label, dimensions: [("result", "joined")], factory: factory)
        feedbackUnknown = Counter(
            label: Name.feedbackTotal.label, dimensions: [("result", "unknown")], factory: factory)
        feedbackMismatched = Counter(
            label: Name.feedbackTotal.label, dimensions: [("result", "mismatched")], factory: factory)
        feedbackRefused = Counter(
            label: Name.feedbackTotal.label, dimensions: [("result", "refused")], factory: factory)
        windowAccuracy = gauge(.windowAccuracy)
        windowMacroF1 = gauge(.windowMacroF1)
        windowRegressionFeedback = Gauge(
            label: Name.windowFeedback.label, dimensions: [("kind", "regression")], factory: factory)
        windowClassificationFeedback = Gauge(
            label: Name.windowFeedback.label, dimensions: [("kind", "classification")], factory: factory)
        absoluteError = Recorder(label: Name.absoluteError.label, aggregate: true, factory: factory)
        windowMeanAbsoluteError = gauge(.windowMeanAbsoluteError)
        windowRootMeanSquaredError = gauge(.windowRootMeanSquaredError)
        driftWindowStart = gauge(.driftWindowStartSeconds)
        caches = (0..<max(2, 2 * _ProcessorCount.active)).map { _ in _RequestMetricsCache() }
    }

    /// Records one HTTP request (framework middlewares call this).
    ///
    /// - Parameters:
    ///   - route: the route template (`/predict`), never the raw path.
    ///   - method: the HTTP method label (``methodLabel(_:)``).
    ///   - status: the response status code.
    ///   - duration: the time to handle it.
    ///   - requestBytes: the request body size.
    ///   - responseBytes: the response body size, if known.
    public func recordRequest(
        route: String, method: String, status: Int, duration: Duration, requestBytes: Int, responseBytes: Int?
    ) {
        let handles = requestHandles(route: route, method: method, status: status)
        handles.requests.increment()
        handles.errors?.increment()
        handles.duration.record(duration: duration)
        handles.requestSize.record(Double(requestBytes))
        if let responseBytes { handles.responseSize.record(Double(responseBytes)) }
    }

    /// An HTTP method as a label: the standard methods by name, anything else as `other` (labels
    /// must stay few).
    public static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS": method
        default: "other"
        }
    }

    /// Sets the drift gauges of one feature.
    ///
    /// - Parameters:
    ///   - feature: the column name.
    ///   - score: the drift distance (KS for numbers, L∞ for categories; 0...1).
    ///   - verdict: 1 drift, 0.5 possible or indeterminate, 0 none.
    public func setDrift(feature: String, score: Double, verdict: Double) {
        Gauge(label: Name.featureDriftScore.label, dimensions: [("feature", feature)], factory: factory).record(score)
        Gauge(label: Name.featureDrift.label, dimensions: [("feature", feature)], factory: factory).record(verdict)
    }

    /// The failure counter of one constraint (`serverhook_constraint_failures_total`).
    ///
    /// - Parameters:
    ///   - constraint: the constraint's name as a label (bounded by the suite: see
    ///     ``ServerHookConfiguration/maxConstraintMetricNames``).
    ///   - severity: `error` or `warning`.
    public func constraintFailures(constraint: String, severity: String) -> Counter {
        Counter(
            label: Name.constraintFailuresTotal.label,
            dimensions: [("constraint", constraint), ("severity", severity)],
            factory: factory)
    }

    /// Sets the constraint gauges from one closed window's check.
    ///
    /// - Parameters:
    ///   - windowStart: the window's start, Unix seconds.
    ///   - errors: error-severity constraints that failed.
    ///   - warnings: warning-severity constraints that failed.
    ///   - indeterminate: constraints the sketches could not decide.
    public func setConstraintResults(windowStart: Int64, errors: Int, warnings: Int, indeterminate: Int) {
        let failed = Name.windowConstraintsFailed.label
        Gauge(label: failed, dimensions: [("severity", "error")], factory: factory).record(Double(errors))
        Gauge(label: failed, dimensions: [("severity", "warning")], factory: factory).record(Double(warnings))
        Gauge(label: Name.windowConstraintsIndeterminate.label, factory: factory).record(Double(indeterminate))
        Gauge(label: Name.constraintsWindowStartSeconds.label, factory: factory).record(Double(windowStart))
    }

    // MARK: - Per-request handles

    struct RequestKey: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    struct RequestHandles: Sendable {
        var requests: Counter
        var errors: Counter?
        var duration: CoreMetrics.Timer
        var requestSize: Recorder
        var responseSize: Recorder
    }

    private func requestHandles(route: String, method: String, status: Int) -> RequestHandles {
        let key = RequestKey(route: route, method: method, status: status)
        let cpu = Int(sketchbook_current_cpu())
        let cache = caches[cpu >= 0 ? cpu % caches.count : 0]
        if let handles = cache.handles.withLock({ $0[key] }) { return handles }
        let labels = [("route", route), ("method", method), ("status", String(status))]
        let routeOnly = [("route", route)]
        let handles = RequestHandles(
            requests: Counter(label: Name.requestsTotal.label, dimensions: labels, factory: factory),
            errors: status >= 400
                ? Counter(label: Name.requestErrorsTotal.label, dimensions: labels, factory: factory) : nil,
            duration: CoreMetrics.Timer(
                label: Name.requestDurationSeconds.label, dimensions: routeOnly, factory: factory),
            requestSize: Recorder(
                label: Name.requestSizeBytes.label, dimensions: routeOnly, aggregate: true, factory: factory),
            responseSize: Recorder(
                label: Name.responseSizeBytes.label, dimensions: routeOnly, aggregate: true, factory: factory)
        )
        cache.handles.withLock { $0[key] = handles }
        return handles
    }
}

/// A per-core cache of the per-request metric handles, so the hot path skips the factory (and
/// its registry's lock).
final class _RequestMetricsCache: Sendable {
    let handles = Mutex<[ServerHookMetrics.RequestKey: ServerHookMetrics.RequestHandles]>([:])
}
