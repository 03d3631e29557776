public import CoreMetrics
public import Prometheus
public import ServerHook

/// A swift-metrics factory on a Prometheus registry that gives the hook's metrics the help texts
/// and histogram buckets of `ServerHookMetrics.definitions(predictionBuckets:)`, and passes every
/// other metric to swift-prometheus's own `PrometheusMetricsFactory`.
///
/// swift-metrics carries neither: `PrometheusMetricsFactory` registers every metric with an empty
/// help text (no `# HELP` line), and while it takes buckets per label
/// (`durationHistogramBuckets`, `valueHistogramBuckets`), it has no setting for help texts; nor can
/// a metric be registered beforehand with its help, since the registry refuses (traps on) a second
/// registration of a name with another help text. So the hook's labels are registered here through
/// the registry's descriptor API, which takes both:
///
///     let registry = PrometheusCollectorRegistry()
///     let factory = ServerHookPrometheusFactory(registry: registry)
///     MetricsSystem.bootstrap(factory)    // or pass it: ServerHook(configuration:metricsFactory:)
///     // GET /metrics: registry.emitToBuffer()
public struct ServerHookPrometheusFactory: MetricsFactory {
    /// The registry the metrics live in (serve it with `registry.emitToBuffer()`).
    public let registry: PrometheusCollectorRegistry
    /// The factory metrics the hook does not define go to.
    public let fallback: PrometheusMetricsFactory
    private let definitions: [String: ServerHookMetrics.Definition]

    /// A factory on `registry`.
    ///
    /// - Parameters:
    ///   - registry: where the metrics are registered.
    ///   - definitions: the hook's metrics (default: `ServerHookMetrics.definitions(predictionBuckets:)`
    ///     with its default prediction buckets).
    public init(
        registry: PrometheusCollectorRegistry,
        definitions: [ServerHookMetrics.Definition] = ServerHookMetrics.definitions()
    ) {
        self.registry = registry
        self.fallback = PrometheusMetricsFactory(registry: registry)
        self.definitions = Dictionary(definitions.map { ($0.label, $0) }, uniquingKeysWith: { $1 })
    }

    private func descriptor(
        _ label: String, _ kind: ServerHookMetrics.Kind
    ) -> (
        MetricNameDescriptor, ServerHookMetrics.Definition
    )? {
        guard let definition = definitions[label], definition.kind == kind else { return nil }
        return (MetricNameDescriptor(metricName: label, unitName: "", helpText: definition.help), definition)
    }

    /// A counter: the hook's with its help text, any other label through ``fallback``.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let (descriptor, _) = descriptor(label, .counter) else {
            return fallback.makeCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    /// A floating-point counter: the hook's with its help text, any other label through ``fallback``.
    public func makeFloatingPointCounter(
        label: String, dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        guard let (descriptor, _) = descriptor(label, .counter) else {
            return fallback.makeFloatingPointCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    /// A histogram (`aggregate`) with the hook's buckets, or a gauge, with its help text; any other
    /// label through ``fallback``.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let (descriptor, definition) = descriptor(label, aggregate ? .histogram : .gauge) else {
            return fallback.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        return aggregate
            ? registry.makeValueHistogram(descriptor: descriptor, labels: dimensions, buckets: definition.buckets)
            : registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    /// A gauge: the hook's with its help text, any other label through ``fallback``.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let (descriptor, _) = descriptor(label, .gauge) else {
            return fallback.makeMeter(label: label, dimensions: dimensions)
        }
        return registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    /// A duration histogram with the hook's buckets (in seconds) and help text; any other label
    /// through ``fallback``.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let (descriptor, definition) = descriptor(label, .timer) else {
            return fallback.makeTimer(label: label, dimensions: dimensions)
        }
        // The bucket bounds in whole nanoseconds, as the hook registered them before swift-metrics.
        let buckets = definition.buckets.map { Duration.nanoseconds(Int64($0 * 1e9)) }
        return registry.makeDurationHistogram(descriptor: descriptor, labels: dimensions, buckets: buckets)
    }

    /// Removes a counter from the registry.
    public func destroyCounter(_ handler: any CounterHandler) { fallback.destroyCounter(handler) }
    /// Removes a floating-point counter from the registry.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        fallback.destroyFloatingPointCounter(handler)
    }
    /// Removes a histogram or gauge from the registry.
    public func destroyRecorder(_ handler: any RecorderHandler) { fallback.destroyRecorder(handler) }
    /// Removes a gauge from the registry.
    public func destroyMeter(_ handler: any MeterHandler) { fallback.destroyMeter(handler) }
    /// Removes a duration histogram from the registry.
    public func destroyTimer(_ handler: any TimerHandler) { fallback.destroyTimer(handler) }
}
