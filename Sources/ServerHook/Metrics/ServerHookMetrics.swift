import CCurrentCPU
public import Prometheus
import Synchronization

/// The Prometheus metrics of a model server and of its hook, registered in a registry you pass in
/// (never a global one). Names follow Prometheus conventions: base units, `_total` on counters,
/// low-cardinality labels (route templates, never raw paths).
///
/// | metric | type | labels |
/// |---|---|---|
/// | `serverhook_requests_total` | counter | `route`, `method`, `status` |
/// | `serverhook_request_errors_total` | counter (status ≥ 400) | `route`, `method`, `status` |
/// | `serverhook_request_duration_seconds` | histogram | `route` |
/// | `serverhook_request_size_bytes`, `serverhook_response_size_bytes` | histogram | `route` |
/// | `serverhook_prediction` | histogram of model outputs (none if kept without values) | |
/// | `serverhook_feature_drift_score` | gauge: drift of the last closed window from training | `feature` |
/// | `serverhook_feature_drift` | gauge: 1 drift, 0.5 possible or indeterminate, 0 none | `feature` |
/// | `serverhook_drift_window_start_seconds` | gauge: start of the window the drift gauges describe | |
/// | `serverhook_records_total`, `serverhook_records_dropped_total` | counter | |
/// | `serverhook_features_dropped_total` | counter: features over the per-window name limit | |
/// | `serverhook_windows_written_total`, `serverhook_written_bytes_total` | counter | |
/// | `serverhook_checkpoints_written_total`, `serverhook_write_failures_total` | counter | |
/// | `serverhook_pending_windows` | gauge: closed windows not yet on disk | |
/// | `serverhook_feedback_total` | counter | `result` (`joined`, `unknown`) |
/// | `serverhook_absolute_error` | histogram of \|prediction − truth\| | |
/// | `serverhook_window_mean_absolute_error`, `serverhook_window_root_mean_squared_error` | gauge: the open window (NaN before its first feedback) | |
public final class ServerHookMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry

    let records: Counter
    let recordsDropped: Counter
    let featuresDropped: Counter
    let windowsWritten: Counter
    let bytesWritten: Counter
    let checkpointsWritten: Counter
    let writeFailures: Counter
    let pendingWindows: Gauge
    let prediction: ValueHistogram
    let feedbackJoined: Counter
    let feedbackUnknown: Counter
    let absoluteError: ValueHistogram
    let windowMeanAbsoluteError: Gauge
    let windowRootMeanSquaredError: Gauge
    let driftWindowStart: Gauge

    private let durationBuckets: [Duration]
    private let sizeBuckets: [Double]
    private let caches: [_RequestMetricsCache]

    /// Registers the metrics.
    ///
    /// - Parameters:
    ///   - registry: the registry to register in (serve it with `registry.emitToString()`).
    ///   - predictionBuckets: upper bounds of the model-output histogram (default 0.5 to 10 by
    ///     0.5, the wine-quality scale; `+Inf` is added).
    public init(
        registry: PrometheusCollectorRegistry,
        predictionBuckets: [Double] = Array(stride(from: 0.5, through: 10.0, by: 0.5))
    ) {
        self.registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: Self.descriptor(name, help))
        }
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: Self.descriptor(name, help))
        }
        records = counter("records_total", "Records (predictions with features, and feedback) logged into windows.")
        recordsDropped = counter(
            "records_dropped_total",
            "Records not kept: over the feature limit, or in windows dropped after write failures.")
        featuresDropped = counter(
            "features_dropped_total",
            "Features not logged because the window already had the most distinct feature names.")
        windowsWritten = counter("windows_written_total", "Window files written.")
        bytesWritten = counter("written_bytes_total", "Bytes written to window and checkpoint files.")
        checkpointsWritten = counter("checkpoints_written_total", "Checkpoints of the open window written.")
        writeFailures = counter("write_failures_total", "Failed window or checkpoint writes (retried).")
        pendingWindows = gauge("pending_windows", "Closed windows waiting to be written.")
        prediction = registry.makeValueHistogram(
            descriptor: Self.descriptor("prediction", "Model outputs."), buckets: predictionBuckets)
        let feedback = Self.descriptor("feedback_total", "Ground-truth reports, by whether they matched a prediction.")
        feedbackJoined = registry.makeCounter(descriptor: feedback, labels: [("result", "joined")])
        feedbackUnknown = registry.makeCounter(descriptor: feedback, labels: [("result", "unknown")])
        absoluteError = registry.makeValueHistogram(
            descriptor: Self.descriptor("absolute_error", "Absolute error of predictions whose ground truth arrived."),
            buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5])
        windowMeanAbsoluteError = gauge(
            "window_mean_absolute_error", "Mean absolute error of the open window's joined predictions.")
        windowRootMeanSquaredError = gauge(
            "window_root_mean_squared_error", "Root mean squared error of the open window's joined predictions.")
        driftWindowStart = gauge(
            "drift_window_start_seconds",
            "Start (Unix seconds) of the closed window the drift gauges describe; they are stale when it is old.")
        durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
            .map { Duration.nanoseconds(Int64($0 * 1e9)) }
        sizeBuckets = [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304]
        caches = (0..<max(2, 2 * _ProcessorCount.active)).map { _ in _RequestMetricsCache() }
    }

    /// Records one HTTP request.
    ///
    /// - Parameters:
    ///   - route: the route template (`/predict`), never the raw path.
    ///   - method: the HTTP method.
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
        handles.duration.record(duration)
        handles.requestSize.record(Double(requestBytes))
        if let responseBytes { handles.responseSize.record(Double(responseBytes)) }
    }

    /// Sets the drift gauges of one feature.
    ///
    /// - Parameters:
    ///   - feature: the column name.
    ///   - score: the drift distance (KS for numbers, L∞ for categories; 0...1).
    ///   - verdict: 1 drift, 0.5 possible or indeterminate, 0 none.
    public func setDrift(feature: String, score: Double, verdict: Double) {
        registry.makeGauge(
            descriptor: Self.descriptor(
                "feature_drift_score",
                "Drift of the last closed window from the training profile (KS distance for numbers, L-infinity for categories)."
            ),
            labels: [("feature", feature)]
        ).set(score)
        registry.makeGauge(
            descriptor: Self.descriptor(
                "feature_drift",
                "Drift verdict of the last closed window: 1 drift, 0.5 possible or indeterminate, 0 none."),
            labels: [("feature", feature)]
        ).set(verdict)
    }

    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "serverhook", subsystem: "", metricName: name, unitName: "", helpText: help)
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
        var duration: DurationHistogram
        var requestSize: ValueHistogram
        var responseSize: ValueHistogram
    }

    private func requestHandles(route: String, method: String, status: Int) -> RequestHandles {
        let key = RequestKey(route: route, method: method, status: status)
        let cpu = Int(sketchbook_current_cpu())
        let cache = caches[cpu >= 0 ? cpu % caches.count : 0]
        if let handles = cache.handles.withLock({ $0[key] }) { return handles }
        let labels = [("route", route), ("method", method), ("status", String(status))]
        let handles = RequestHandles(
            requests: registry.makeCounter(
                descriptor: Self.descriptor("requests_total", "HTTP requests, by route template, method and status."),
                labels: labels),
            errors: status >= 400
                ? registry.makeCounter(
                    descriptor: Self.descriptor(
                        "request_errors_total", "HTTP requests answered with a status of 400 or more."),
                    labels: labels)
                : nil,
            duration: registry.makeDurationHistogram(
                descriptor: Self.descriptor("request_duration_seconds", "Time to handle a request, in seconds."),
                labels: [("route", route)], buckets: durationBuckets),
            requestSize: registry.makeValueHistogram(
                descriptor: Self.descriptor("request_size_bytes", "Request body sizes in bytes."),
                labels: [("route", route)], buckets: sizeBuckets),
            responseSize: registry.makeValueHistogram(
                descriptor: Self.descriptor("response_size_bytes", "Response body sizes in bytes."),
                labels: [("route", route)], buckets: sizeBuckets)
        )
        cache.handles.withLock { $0[key] = handles }
        return handles
    }
}

/// A per-core cache of the per-request metric handles, so the hot path skips the registry's lock.
final class _RequestMetricsCache: Sendable {
    let handles = Mutex<[ServerHookMetrics.RequestKey: ServerHookMetrics.RequestHandles]>([:])
}
