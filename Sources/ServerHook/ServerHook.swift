public import Logging
public import Profiles
import Synchronization

/// Per-request profiling for a model server.
///
/// Call ``record(features:prediction:predictionID:)`` from request handlers (or let
/// ``ServerHookMiddleware`` do it). Records go to per-core accumulators, so requests never wait
/// for one another and never for I/O. Windows are aligned to the clock
/// (``ServerHookConfiguration/windowSeconds``); run ``ServerHookService`` (a swift-service-lifecycle
/// `Service`) to write each closed window as a gzip-compressed whylogs v1 profile, atomically, at
///
///     <directory>/<yyyy-mm-dd>/<yyyy-mm-dd>T<HH-MM-SS>Z-<instance>.bin.gz
///
/// and to checkpoint the open window every ``ServerHookConfiguration/checkpointSeconds`` to
/// `<directory>/.checkpoints/`, so that a crash loses at most one checkpoint interval. A new hook
/// picks checkpoints and partial windows of its instance up, and a graceful shutdown writes
/// everything. Write failures (disk full, read-only directory) are logged, counted and retried;
/// nothing on the request path throws.
///
/// Memory: one open window per shard plus the closed windows not yet written (at most
/// ``ServerHookConfiguration/maxPendingWindows``); each window is bounded by its sketches.
public final class ServerHook: Sendable {
    /// The configuration.
    public let configuration: ServerHookConfiguration
    /// The metrics, if the hook reports to Prometheus.
    public let metrics: ServerHookMetrics?
    /// The training profile drift is measured against, if any.
    public let trainingProfile: DatasetProfile?

    let logger: Logger
    let shards: [_WindowShard]
    let predictions: _PredictionStore
    let flushState: Mutex<_FlushState>
    let counters = _HookCounters()
    let featureNames = _FeatureNameBudget()
    let clock: @Sendable () -> UInt64

    /// A hook; restores checkpoints and partial windows its instance left in the directory.
    ///
    /// - Parameters:
    ///   - configuration: directory, instance, window and checkpoint intervals, limits.
    ///   - metrics: where to report (default: nowhere).
    ///   - trainingProfile: the profile each closed window is compared with for the drift gauges.
    ///   - logger: where failures are logged (values of features never are).
    /// - Throws: ``ServerHookError`` if the configuration is invalid or the directory cannot be
    ///   created. A corrupt checkpoint is not an error: it is set aside as `*.corrupt` and logged.
    public convenience init(
        configuration: ServerHookConfiguration,
        metrics: ServerHookMetrics? = nil,
        trainingProfile: DatasetProfile? = nil,
        logger: Logger = Logger(label: "sketchbook.serverhook")
    ) throws(ServerHookError) {
        try self.init(
            configuration: configuration, metrics: metrics, trainingProfile: trainingProfile, logger: logger,
            clock: { DatasetProfile.nowMilliseconds() })
    }

    /// A hook with an injected clock (Unix epoch milliseconds), for tests.
    package init(
        configuration: ServerHookConfiguration,
        metrics: ServerHookMetrics?,
        trainingProfile: DatasetProfile?,
        logger: Logger,
        clock: @escaping @Sendable () -> UInt64
    ) throws(ServerHookError) {
        try configuration.validate()
        self.configuration = configuration
        self.metrics = metrics
        self.trainingProfile = trainingProfile
        self.logger = logger
        self.clock = clock
        self.shards = (0..<configuration.shardCount).map { _ in _WindowShard() }
        self.predictions = _PredictionStore(
            capacity: configuration.feedbackCapacity, retentionSeconds: configuration.feedbackRetentionSeconds)
        self.flushState = Mutex(_FlushState())
        try _DurableFile.makeDirectories(configuration.directory)
        try _DurableFile.makeDirectories(checkpointDirectory)
        restore()
    }

    /// What the hook has done since it started.
    public struct Health: Sendable, Hashable {
        /// Records logged.
        public var records: Int64
        /// Records dropped (over the feature limit, or in windows dropped after write failures).
        public var recordsDropped: Int64
        /// Window files written.
        public var windowsWritten: Int64
        /// Checkpoints written.
        public var checkpointsWritten: Int64
        /// Bytes written to window and checkpoint files.
        public var bytesWritten: Int64
        /// Failed writes.
        public var writeFailures: Int64
        /// Closed windows not yet on disk.
        public var pendingWindows: Int
        /// Records restored from checkpoints and partial windows at start-up.
        public var recordsRestored: Int64
        /// Features dropped from records kept: names over
        /// ``ServerHookConfiguration/maxFeatureNamesPerWindow``.
        public var featuresDropped: Int64
    }

    /// What the hook has done since it started.
    public var health: Health {
        Health(
            records: counters.records.load(ordering: .relaxed),
            recordsDropped: counters.recordsDropped.load(ordering: .relaxed),
            windowsWritten: counters.windowsWritten.load(ordering: .relaxed),
            checkpointsWritten: counters.checkpointsWritten.load(ordering: .relaxed),
            bytesWritten: counters.bytesWritten.load(ordering: .relaxed),
            writeFailures: counters.writeFailures.load(ordering: .relaxed),
            pendingWindows: flushState.withLock { $0.pending.count },
            recordsRestored: counters.recordsRestored.load(ordering: .relaxed),
            featuresDropped: counters.featuresDropped.load(ordering: .relaxed))
    }

    var checkpointDirectory: String { "\(configuration.directory)/.checkpoints" }

    /// The start of the window containing `milliseconds`, in seconds.
    @inline(__always)
    func windowStart(milliseconds: UInt64) -> Int64 {
        let seconds = Int64(milliseconds / 1000)
        let length = Int64(configuration.windowSeconds)
        return seconds - seconds % length
    }
}

/// The hook's counters (atomics: read by ``ServerHook/health`` without locks).
final class _HookCounters: Sendable {
    let records = Atomic<Int64>(0)
    let recordsDropped = Atomic<Int64>(0)
    let windowsWritten = Atomic<Int64>(0)
    let checkpointsWritten = Atomic<Int64>(0)
    let bytesWritten = Atomic<Int64>(0)
    let writeFailures = Atomic<Int64>(0)
    let recordsRestored = Atomic<Int64>(0)
    let featuresDropped = Atomic<Int64>(0)
}

/// State only the flusher touches (under its own lock, never taken on the request path).
struct _FlushState: Sendable {
    /// Restored data of the window that was open at start-up, merged in when it closes.
    var seed: WindowAccumulator?
    /// Closed windows not yet written, by start.
    var pending: [Int64: WindowAccumulator] = [:]
    /// Records by position taken from the shards' queues and logged, by window start.
    var applied: [Int64: WindowAccumulator] = [:]
    /// When the last checkpoint was taken (ms), and of how many records by window start.
    var lastCheckpointMilliseconds: UInt64 = 0
    var checkpointedRecords: [Int64: Int64] = [:]
    /// No retry of failed writes before this time (ms).
    var retryAfterMilliseconds: UInt64 = 0
    var consecutiveFailures = 0
}
