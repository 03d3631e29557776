extension ServerHookMetrics {
    /// What a metric is to swift-metrics.
    public enum Kind: Sendable, Hashable {
        /// A `Counter`.
        case counter
        /// A `Gauge` (a non-aggregating `Recorder`).
        case gauge
        /// An aggregating `Recorder`: a histogram of values.
        case histogram
        /// A `Timer`: a histogram of durations.
        case timer
    }

    /// One metric the hook reports, with what swift-metrics does not carry: its help text and, for
    /// histograms, the bucket upper bounds it was designed with.
    public struct Definition: Sendable, Hashable {
        /// The swift-metrics label, which is the Prometheus metric name.
        public var label: String
        /// The swift-metrics type.
        public var kind: Kind
        /// One line saying what it counts (Prometheus `# HELP`).
        public var help: String
        /// The dimension names, in the order they are passed.
        public var dimensions: [String]
        /// Histogram bucket upper bounds (seconds for ``Kind/timer``), without `+Inf`; empty for
        /// counters and gauges.
        public var buckets: [Double]

        /// A definition.
        public init(label: String, kind: Kind, help: String, dimensions: [String] = [], buckets: [Double] = []) {
            self.label = label
            self.kind = kind
            self.help = help
            self.dimensions = dimensions
            self.buckets = buckets
        }
    }

    /// Every metric the hook and its middlewares report.
    ///
    /// - Parameter predictionBuckets: upper bounds of the model-output histogram (default 0.5 to 10
    ///   by 0.5, the wine-quality scale).
    public static func definitions(
        predictionBuckets: [Double] = Array(stride(from: 0.5, through: 10.0, by: 0.5))
    ) -> [Definition] {
        let request = ["route", "method", "status"]
        let sizes: [Double] = [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304]
        return [
            Definition(
                label: Name.requestsTotal.label, kind: .counter,
                help: "HTTP requests, by route template, method and status.", dimensions: request),
            Definition(
                label: Name.requestErrorsTotal.label, kind: .counter,
                help: "HTTP requests answered with a status of 400 or more.", dimensions: request),
            Definition(
                label: Name.requestDurationSeconds.label, kind: .timer,
                help: "Time to handle a request, in seconds.", dimensions: ["route"],
                buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
            Definition(
                label: Name.requestSizeBytes.label, kind: .histogram, help: "Request body sizes in bytes.",
                dimensions: ["route"], buckets: sizes),
            Definition(
                label: Name.responseSizeBytes.label, kind: .histogram, help: "Response body sizes in bytes.",
                dimensions: ["route"], buckets: sizes),
            Definition(
                label: Name.recordsTotal.label, kind: .counter,
                help: "Records (predictions with features, and feedback) logged into windows."),
            Definition(
                label: Name.recordsDroppedTotal.label, kind: .counter,
                help: "Records not kept: over the feature limit, or in windows dropped after write failures."),
            Definition(
                label: Name.featuresDroppedTotal.label, kind: .counter,
                help: "Features not logged because the window already had the most distinct feature names."),
            Definition(
                label: Name.segmentOverflowTotal.label, kind: .counter,
                help:
                    "Records logged into the overflow segment (__other__): their segment value was beyond the window's bound, bytes, or too long."
            ),
            Definition(label: Name.windowsWrittenTotal.label, kind: .counter, help: "Window files written."),
            Definition(
                label: Name.writtenBytesTotal.label, kind: .counter,
                help: "Bytes written to window and checkpoint files."),
            Definition(
                label: Name.checkpointsWrittenTotal.label, kind: .counter,
                help: "Checkpoints of the open window written."),
            Definition(
                label: Name.writeFailuresTotal.label, kind: .counter,
                help: "Failed window or checkpoint writes (retried)."),
            Definition(
                label: Name.pendingWindows.label, kind: .gauge, help: "Closed windows waiting to be written."),
            Definition(
                label: Name.prediction.label, kind: .histogram, help: "Model outputs.", buckets: predictionBuckets),
            Definition(
                label: Name.feedbackTotal.label, kind: .counter,
                help:
                    "Ground-truth reports: joined, unknown prediction, of the wrong kind (mismatched), or refused (label limit).",
                dimensions: ["result"]),
            Definition(
                label: Name.absoluteError.label, kind: .histogram,
                help: "Absolute error of predictions whose ground truth arrived.",
                buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5]),
            Definition(
                label: Name.windowMeanAbsoluteError.label, kind: .gauge,
                help: "Mean absolute error of the open window's joined predictions."),
            Definition(
                label: Name.windowRootMeanSquaredError.label, kind: .gauge,
                help: "Root mean squared error of the open window's joined predictions."),
            Definition(
                label: Name.windowAccuracy.label, kind: .gauge,
                help: "Accuracy of the open window's joined classifications (NaN before the first)."),
            Definition(
                label: Name.windowMacroF1.label, kind: .gauge,
                help: "Macro-averaged F1 of the open window's joined classifications (NaN before the first)."),
            Definition(
                label: Name.windowFeedback.label, kind: .gauge,
                help: "Ground-truth reports joined into the open window, by model kind.", dimensions: ["kind"]),
            Definition(
                label: Name.driftWindowStartSeconds.label, kind: .gauge,
                help:
                    "Start (Unix seconds) of the closed window the drift gauges describe; they are stale when it is old."
            ),
            Definition(
                label: Name.featureDriftScore.label, kind: .gauge,
                help:
                    "Drift of the last closed window from the training profile (KS distance for numbers, L-infinity for categories).",
                dimensions: ["feature"]),
            Definition(
                label: Name.featureDrift.label, kind: .gauge,
                help: "Drift verdict of the last closed window: 1 drift, 0.5 possible or indeterminate, 0 none.",
                dimensions: ["feature"]),
            Definition(
                label: Name.constraintFailuresTotal.label, kind: .counter,
                help:
                    "Constraint failures on closed windows (one per failing constraint per window), by name and severity.",
                dimensions: ["constraint", "severity"]),
            Definition(
                label: Name.windowConstraintsFailed.label, kind: .gauge,
                help: "Constraints of the suite that failed on the last checked window, by severity.",
                dimensions: ["severity"]),
            Definition(
                label: Name.windowConstraintsIndeterminate.label, kind: .gauge,
                help: "Constraints (no_drift) the sketches could not decide on the last checked window."),
            Definition(
                label: Name.constraintsWindowStartSeconds.label, kind: .gauge,
                help:
                    "Start (Unix seconds) of the closed window the constraint gauges describe; they are stale when it is old."
            ),
        ]
    }

    /// The metric names, without the `serverhook_` prefix.
    enum Name: String, CaseIterable {
        case requestsTotal = "requests_total"
        case requestErrorsTotal = "request_errors_total"
        case requestDurationSeconds = "request_duration_seconds"
        case requestSizeBytes = "request_size_bytes"
        case responseSizeBytes = "response_size_bytes"
        case recordsTotal = "records_total"
        case recordsDroppedTotal = "records_dropped_total"
        case featuresDroppedTotal = "features_dropped_total"
        case segmentOverflowTotal = "segment_overflow_total"
        case windowsWrittenTotal = "windows_written_total"
        case writtenBytesTotal = "written_bytes_total"
        case checkpointsWrittenTotal = "checkpoints_written_total"
        case writeFailuresTotal = "write_failures_total"
        case pendingWindows = "pending_windows"
        case prediction = "prediction"
        case feedbackTotal = "feedback_total"
        case absoluteError = "absolute_error"
        case windowMeanAbsoluteError = "window_mean_absolute_error"
        case windowRootMeanSquaredError = "window_root_mean_squared_error"
        case windowAccuracy = "window_accuracy"
        case windowMacroF1 = "window_macro_f1"
        case windowFeedback = "window_feedback"
        case driftWindowStartSeconds = "drift_window_start_seconds"
        case featureDriftScore = "feature_drift_score"
        case featureDrift = "feature_drift"
        case constraintFailuresTotal = "constraint_failures_total"
        case windowConstraintsFailed = "window_constraints_failed"
        case windowConstraintsIndeterminate = "window_constraints_indeterminate"
        case constraintsWindowStartSeconds = "constraints_window_start_seconds"

        var label: String { "serverhook_" + rawValue }
    }
}
