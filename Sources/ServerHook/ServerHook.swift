public import CoreMetrics
public import Logging
public import ProfileConstraints
public import Profiles
import Synchronization

/// Per-request profiling for a model server.
///
/// Call ``record(features:prediction:predictionID:)`` from request handlers (or let a framework
/// middleware do it: `ServerHookHummingbird`, `ServerHookVapor`, or ``record(captured:)`` from your
/// own). Records go to per-core accumulators, so requests never wait
/// for one another and never for I/O. Windows are aligned to the clock
/// (``ServerHookConfiguration/windowSeconds``); run ``ServerHookService`` (a swift-service-lifecycle
/// `Service`) to write each closed window as a gzip-compressed whylogs v1 profile, atomically, at
///
///     <directory>/<yyyy-mm-dd>/<yyyy-mm-dd>T<HH-MM-SS>Z-<instance>.bin.gz
///
/// (with ``ServerHookConfiguration/segmentField``, each segment of the window as a whylogs segmented
/// profile in `<start>-<instance>.segments/` beside it: ``WindowFileName/segmentFolder``)
/// and to checkpoint the open window every ``ServerHookConfiguration/checkpointSeconds`` to
/// `<directory>/.checkpoints/`, so that a crash loses at most one checkpoint interval. A new hook
/// picks checkpoints and partial windows of its instance up, and a graceful shutdown writes
/// everything. Write failures (disk full, read-only directory) are logged, counted and retried;
/// nothing on the request path throws.
///
/// One hook per instance and directory: the hook holds an exclusive lock (`.<instance>.lock`) for
/// its lifetime, and a second one, in this process or another, is refused. The directory must be
/// the effective user's and writable by no one else; nothing below it is reached through a
/// symbolic link. A window file is never replaced by a window that does not hold its records
/// (after the wall clock steps back, the two are merged); checkpoints are scheduled on the
/// monotonic clock.
///
/// Memory: one open window per shard plus the closed windows not yet written (at most
/// ``ServerHookConfiguration/maxPendingWindows``) and, after the wall clock stepped back, as many
/// windows held open again; each window is bounded by its sketches, and a segmented window holds
/// ``ServerHookConfiguration/maxSegmentValues`` + 1 segment profiles besides its own (twice the
/// values at most, when records stamped late in a window are judged by the next window's values).
public final class ServerHook: Sendable {
    /// The configuration.
    public let configuration: ServerHookConfiguration
    /// The metrics (swift-metrics handles in the factory the hook was given), if it reports any.
    public let metrics: ServerHookMetrics?
    /// The training profile drift is measured against, if any; also the reference of the
    /// constraint suite's `no_drift` entries.
    public let trainingProfile: DatasetProfile?
    /// The constraint suite each closed window is checked against before its file is written, if
    /// any: the results go to the log, to the metrics and into the file's metadata
    /// (``constraintsMetadataPrefix``).
    public let constraints: ConstraintSuite?

    let logger: Logger
    let shards: [_WindowShard]
    let predictions: _PredictionStore
    let flushState: Mutex<_FlushState>
    let counters = _HookCounters()
    let featureNames = _FeatureNameBudget()
    /// The distinct segment values the open window has taken, across shards.
    let segmentValues = _FeatureNameBudget()
    let clock: @Sendable () -> UInt64
    let monotonicClock: @Sendable () -> UInt64
    let storage: _OutputDirectory
    /// The `constraint` label of each of the suite's constraints, by index (bounded: see
    /// ``ServerHookConfiguration/maxConstraintMetricNames``).
    let constraintLabels: [String]

    /// A hook; restores checkpoints and partial windows its instance left in the directory.
    ///
    /// - Parameters:
    ///   - configuration: directory, instance, window and checkpoint intervals, limits.
    ///   - metricsFactory: the swift-metrics backend the hook's metrics (``ServerHookMetrics``) go
    ///     to (default: the process's, `MetricsSystem.factory`; without a bootstrap, nowhere).
    ///   - trainingProfile: the profile each closed window is compared with for the drift gauges,
    ///     and the reference of the suite's `no_drift` constraints.
    ///   - constraints: a suite each closed window is checked against, off the request path,
    ///     before its file is written (see ``constraints``).
    ///   - logger: where failures are logged (values of features never are).
    /// - Throws: ``ServerHookError``: ``ServerHookError/Code/invalidConfiguration`` naming the
    ///   field (`constraints` for a suite with `no_drift` entries and no training profile);
    ///   ``ServerHookError/Code/instanceInUse`` if another process (or hook) writes the same
    ///   instance to the directory; ``ServerHookError/Code/unsafeDirectory`` if the directory is
    ///   not the effective user's, is writable by group or others, or `.checkpoints` is a link;
    ///   ``ServerHookError/Code/ioFailure`` if it cannot be created. A corrupt checkpoint is not an
    ///   error: it is set aside as `*.corrupt` and logged.
    public convenience init(
        configuration: ServerHookConfiguration,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        trainingProfile: DatasetProfile? = nil,
        constraints: ConstraintSuite? = nil,
        logger: Logger = Logger(label: "sketchbook.serverhook")
    ) throws(ServerHookError) {
        try self.init(
            configuration: configuration, metrics: ServerHookMetrics(factory: metricsFactory),
            trainingProfile: trainingProfile, constraints: constraints, logger: logger,
            clock: { DatasetProfile.nowMilliseconds() })
    }

    /// A hook with injected clocks, for tests.
    ///
    /// - Parameters:
    ///   - clock: the wall clock (Unix epoch milliseconds): windows follow it, and it may step.
    ///   - monotonicClock: milliseconds from any origin, never stepping back: checkpoints and
    ///     retries are scheduled on it (default: `ContinuousClock`).
    package init(
        configuration: ServerHookConfiguration,
        metrics: ServerHookMetrics?,
        trainingProfile: DatasetProfile?,
        constraints: ConstraintSuite? = nil,
        logger: Logger,
        clock: @escaping @Sendable () -> UInt64,
        monotonicClock: (@Sendable () -> UInt64)? = nil
    ) throws(ServerHookError) {
        try configuration.validate()
        if let constraints, constraints.needsReference, trainingProfile == nil {
            let count = constraints.constraints.count { $0.check.needsReference }
            throw ServerHookError(
                .invalidConfiguration, field: "constraints",
                expected: "a training profile for the suite's \(count) no_drift constraint(s)",
                actual: "no training profile")
        }
        self.configuration = configuration
        self.metrics = metrics
        self.trainingProfile = trainingProfile
        self.constraints = constraints
        self.constraintLabels =
            constraints.map { Self.constraintLabels($0, limit: configuration.maxConstraintMetricNames) } ?? []
        self.logger = logger
        self.clock = clock
        let origin = ContinuousClock.now
        self.monotonicClock =
            monotonicClock ?? {
                let elapsed = origin.duration(to: .now).components
                return UInt64(elapsed.seconds) * 1000 + UInt64(elapsed.attoseconds / 1_000_000_000_000_000)
            }
        self.shards = (0..<configuration.shardCount).map { _ in
            _WindowShard(windowSeconds: configuration.windowSeconds)
        }
        self.predictions = _PredictionStore(
            capacity: configuration.feedbackCapacity, retentionSeconds: configuration.feedbackRetentionSeconds)
        self.flushState = Mutex(_FlushState())
        // The lock is taken before restore removes temporaries or adopts checkpoints.
        self.storage = try _OutputDirectory(path: configuration.directory, instance: configuration.instance)
        registerConstraintMetrics()
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
        /// Closed windows checked against the constraint suite and written.
        public var windowsChecked: Int64
        /// Constraint failures (error and warning severity) summed over the checked windows.
        public var constraintFailures: Int64
        /// Records that went to the overflow segment
        /// (``ServerHook/overflowSegmentValue``; see ``ServerHookConfiguration/maxSegmentValues``).
        public var segmentOverflow: Int64
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
            featuresDropped: counters.featuresDropped.load(ordering: .relaxed),
            windowsChecked: counters.windowsChecked.load(ordering: .relaxed),
            constraintFailures: counters.constraintFailures.load(ordering: .relaxed),
            segmentOverflow: counters.segmentOverflow.load(ordering: .relaxed))
    }

    var checkpointDirectory: String { storage.checkpointPath }

    /// The start of the window containing `milliseconds`, in seconds.
    @inline(__always)
    func windowStart(milliseconds: UInt64) -> Int64 {
        let seconds = Int64(milliseconds / 1000)
        let length = Int64(configuration.windowSeconds)
        return seconds - seconds % length
    }
}

/// The hook's counters (atomics: read by ``ServerHook/health`` without locks).
///
/// Additions saturate at `Int64.max`: a record count read from a file is data, and no count may
/// trap the server.
final class _HookCounters: Sendable {
    let records = Atomic<Int64>(0)
    let recordsDropped = Atomic<Int64>(0)
    let windowsWritten = Atomic<Int64>(0)
    let checkpointsWritten = Atomic<Int64>(0)
    let bytesWritten = Atomic<Int64>(0)
    let writeFailures = Atomic<Int64>(0)
    let recordsRestored = Atomic<Int64>(0)
    let featuresDropped = Atomic<Int64>(0)
    let windowsChecked = Atomic<Int64>(0)
    let constraintFailures = Atomic<Int64>(0)
    let segmentOverflow = Atomic<Int64>(0)
}

extension Atomic where Value == Int64 {
    /// Adds `amount` (clamped at 0), saturating at `Int64.max` instead of trapping.
    func saturatingAdd(_ amount: Int64) {
        let amount = Swift.max(0, amount)
        var current = load(ordering: .relaxed)
        while true {
            let (sum, overflow) = current.addingReportingOverflow(amount)
            let (exchanged, original) = compareExchange(
                expected: current, desired: overflow ? .max : sum, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

/// State only the flusher touches (under its own lock, never taken on the request path).
struct _FlushState: Sendable {
    /// Data of windows the wall clock has not passed that the shards do not hold: the window open
    /// at start-up (restored), a written window the clock stepped back into (its file), a closed
    /// window the clock stepped back into before it was written. Checkpointed with the rest of its
    /// window, and written only once the clock has passed it, so that a window's checkpoint and
    /// its file never each hold only a part of it.
    var seeds: [Int64: WindowAccumulator] = [:]
    /// Closed windows not yet written, by start.
    var pending: [Int64: WindowAccumulator] = [:]
    /// Records by position taken from the shards' queues and logged, by window start.
    var applied: [Int64: WindowAccumulator] = [:]
    /// When the last checkpoint was taken (monotonic ms; `nil` before the first), and of how
    /// many records by window start.
    var lastCheckpointMonotonic: UInt64?
    var checkpointedRecords: [Int64: Int64] = [:]
    /// No retry of failed writes before this time (monotonic ms).
    var retryAfterMonotonic: UInt64 = 0
    var consecutiveFailures = 0
    /// The last write error, for the shutdown message.
    var lastWriteError: ServerHookError?
    /// The window the wall clock was last in: when it changes, whether that window's file is
    /// already on disk is checked (the clock stepped back).
    var currentWindowChecked: Int64?
}
