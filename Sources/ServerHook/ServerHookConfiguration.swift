/// How a ``ServerHook`` cuts, stores and reports its windows.
///
/// The defaults suit a model server: 5-minute windows aligned to the clock, a checkpoint of the
/// open window every 10 seconds, files under `./profiles`.
public struct ServerHookConfiguration: Sendable {
    /// The directory the window files go to: `<directory>/<yyyy-mm-dd>/<start>-<instance>.bin.gz`.
    /// Created (owner-only) if missing.
    public var directory: String
    /// The instance name, part of every file name so that replicas can share a directory. Letters,
    /// digits, `.`, `_` and `-` only (it names files: never build it from request data).
    public var instance: String
    /// The window length in seconds; windows start at multiples of it since the Unix epoch (UTC).
    public var windowSeconds: Int
    /// How often the open window is checkpointed, in seconds: a crash loses at most this much.
    public var checkpointSeconds: Int
    /// The column the model output is logged under.
    public var predictionColumn: String
    /// The column a classifier's predicted label is logged under
    /// (``ServerHook/record(features:predictedLabel:score:predictionID:)``; default
    /// `"predicted_label"`): apart from ``predictionColumn``, so that a server with a regressor
    /// and a classifier keeps their outputs apart.
    public var labelColumn: String
    /// The column a classifier's score is logged under (default `"predicted_score"`).
    ///
    /// Listing the label column in ``columnsWithoutFrequentItems`` keeps its values out of that
    /// column, not out of the window's confusion matrix, whose labels are the label texts: a
    /// classifier whose labels are personal data should not report them to the hook.
    public var scoreColumn: String
    /// The most features one record may carry; a larger record is dropped and counted.
    public var maxFeaturesPerRecord: Int
    /// Closed windows kept in memory while their files cannot be written (disk full, read-only
    /// directory). Beyond this the oldest is dropped and its records counted as dropped.
    public var maxPendingWindows: Int
    /// How long a prediction can be joined with its ground truth (``ServerHook/recordFeedback(predictionID:actual:)``).
    public var feedbackRetentionSeconds: Int
    /// The most predictions kept for joining; the oldest are forgotten first.
    public var feedbackCapacity: Int
    /// The number of accumulator shards (default: twice the active processor count, at least 2).
    public var shardCount: Int
    /// File permission bits of window and checkpoint files (default owner read/write only).
    public var fileMode: UInt32
    /// The most distinct feature names one window takes from
    /// ``ServerHook/record(features:prediction:predictionID:)`` (default 1,000): names from
    /// request data could otherwise grow a window, its file and its drift gauges without bound.
    /// Features under further names are dropped (the rest of the record is kept), counted in
    /// ``ServerHook/Health/featuresDropped`` and `serverhook_features_dropped_total`, and logged
    /// at most once per window. Columns logged by position (``FeatureSchema``), the prediction
    /// column and the label and score columns (``labelColumn``, ``scoreColumn``) do not count.
    public var maxFeatureNamesPerWindow: Int
    /// Columns whose values must not be kept (free text, personal data): their profiles keep
    /// counts (with nulls), type counts and the distinct-count sketch only. No metric that holds
    /// or bounds values is kept, for strings and numbers alike: no frequent items, no distribution
    /// (quantile sketch items, min, max, mean) and no exact integer min/max. This holds for the
    /// prediction column (which then stays out of the `serverhook_prediction` histogram) and the
    /// feedback columns too.
    ///
    /// The distinct-count sketch (HyperLogLog) keeps, per register, the largest rank of the
    /// values' unkeyed hashes: someone who guesses a value can check it weakly against it. For a
    /// secret with few possible values, also list the column in ``hashedStringColumns``.
    public var columnsWithoutFrequentItems: Set<String>
    /// Columns whose values are replaced, before logging, by a keyed pseudonym: the 16 hex digits
    /// of SipHash-2-4 (a keyed pseudorandom function) of the string's UTF-8 bytes under
    /// ``stringHashKey``, which must then be set. A value of another kind is hashed by its text
    /// (an integer 42, or the double 42.0, as `"42"`), on both recording paths, so the column becomes a string column;
    /// nulls stay null.
    ///
    /// What it protects: the raw strings never reach a window, a checkpoint, a metric or a log,
    /// and without the key a pseudonym can be neither reversed nor computed (unlike a seeded
    /// hash, known value–pseudonym pairs do not reveal the key).
    ///
    /// What it does not: equal strings get equal pseudonyms, so counts, distinct counts and
    /// frequencies are those of the raw values, and frequency analysis (the most frequent
    /// pseudonym is the most common value) works. Anyone holding the key can hash every candidate
    /// of a low-entropy value (a postcode, a date of birth, a small set of names) and reverse it.
    /// This is pseudonymisation, not anonymisation or encryption: keep the key secret, and the
    /// same key across instances so that their windows merge.
    ///
    /// The prediction column cannot be listed (``validate()`` refuses it); to keep no prediction
    /// values, list it in ``columnsWithoutFrequentItems``.
    public var hashedStringColumns: Set<String>
    /// The key of ``hashedStringColumns`` (128 bits, never all zero); required when that set is
    /// not empty. Never logged.
    public var stringHashKey: StringHashKey?
    /// How long the final flush (``ServerHook/flushAll()``, graceful shutdown) retries windows
    /// whose files cannot be written before it gives them up as lost, in seconds (default 5; 0
    /// tries each once).
    public var finalFlushGraceSeconds: Double
    /// The most log lines one closed window's constraint check writes about constraints that did
    /// not pass (default 10): a summary line comes first, and one line says how many more there
    /// were. All of them are in the window file's metadata (the first
    /// ``maxConstraintResultsInMetadata``). Ignored without a suite.
    public var maxConstraintLogLines: Int
    /// The most constraint names the `serverhook_constraint_failures_total` counter is labelled
    /// with (default 1,000): the suite's first distinct names, in suite order; the constraints
    /// after them count under the name `(other)`. A suite is configuration, not request data, but
    /// a generated one can hold thousands of entries, and each name is a Prometheus series.
    public var maxConstraintMetricNames: Int
    /// The most constraint results (those that did not pass) a window file's metadata lists
    /// (default 100); its counts cover them all.
    public var maxConstraintResultsInMetadata: Int
    /// The request feature each window is segmented by, if any (for example a model version or a
    /// region): besides its whole profile, a window keeps one profile per value of this feature,
    /// and writes each as a whylogs segmented profile of its own in the window's segment folder
    /// (``WindowFileName/segmentFolder``). The value is the feature's text as whylogs' `str(value)`
    /// gives it (an integer `7`, a double as Python's `repr`, `7.0`; a string as it is; `True` or
    /// `False`; a missing or null value `nan`); a column of ``hashedStringColumns`` is segmented by
    /// its pseudonyms, and a column of ``columnsWithoutFrequentItems`` that is not hashed cannot be
    /// the segment field (its values would name files). Segments hold the features and the
    /// prediction, not the model quality (feedback joins the whole window only).
    public var segmentField: String?
    /// The most distinct values of ``segmentField`` one window keeps a segment for (default 16):
    /// every value costs a profile per shard. Records of further values, and values that are
    /// bytes or longer than ``maxSegmentValueBytes``, go to one overflow segment, value
    /// ``ServerHook/overflowSegmentValue`` (`__other__`), counted in
    /// `serverhook_segment_overflow_total`; no record is dropped.
    public var maxSegmentValues: Int
    /// The longest segment value kept as its own segment, in UTF-8 bytes (default 256); longer
    /// values go to the overflow segment.
    public var maxSegmentValueBytes: Int

    /// A configuration.
    ///
    /// - Parameters:
    ///   - directory: where window files go (default `profiles`).
    ///   - instance: the instance name in file names (default `"local"`).
    ///   - windowSeconds: the window length (default 300).
    ///   - checkpointSeconds: the checkpoint interval (default 10).
    ///   - predictionColumn: the model output's column (default `"prediction"`).
    public init(
        directory: String = "profiles",
        instance: String = "local",
        windowSeconds: Int = 300,
        checkpointSeconds: Int = 10,
        predictionColumn: String = "prediction"
    ) {
        self.directory = directory
        self.instance = instance
        self.windowSeconds = windowSeconds
        self.checkpointSeconds = checkpointSeconds
        self.predictionColumn = predictionColumn
        self.labelColumn = "predicted_label"
        self.scoreColumn = "predicted_score"
        self.maxFeaturesPerRecord = 256
        self.maxPendingWindows = 64
        self.feedbackRetentionSeconds = 3600
        self.feedbackCapacity = 100_000
        self.shardCount = max(2, 2 * _ProcessorCount.active)
        self.fileMode = 0o600
        self.columnsWithoutFrequentItems = []
        self.hashedStringColumns = []
        self.stringHashKey = nil
        self.maxFeatureNamesPerWindow = 1000
        self.finalFlushGraceSeconds = 5
        self.maxConstraintLogLines = 10
        self.maxConstraintMetricNames = 1000
        self.maxConstraintResultsInMetadata = 100
        self.segmentField = nil
        self.maxSegmentValues = 16
        self.maxSegmentValueBytes = 256
    }

    /// Checks the configuration.
    ///
    /// - Throws: ``ServerHookError`` with code ``ServerHookError/Code/invalidConfiguration`` naming
    ///   the field.
    public func validate() throws(ServerHookError) {
        func require(_ condition: Bool, _ field: String, _ expected: String, _ actual: String) throws(ServerHookError) {
            if !condition {
                throw ServerHookError(.invalidConfiguration, field: field, expected: expected, actual: actual)
            }
        }
        try require(!directory.isEmpty, "directory", "a directory path", "an empty string")
        try require(
            !instance.isEmpty && instance.count <= 64
                && instance.utf8.allSatisfy { Self.isFileNameByte($0) } && instance.first != ".",
            "instance", "1 to 64 of A-Z a-z 0-9 . _ - (not starting with .)", "\"\(instance)\"")
        try require(
            (1...86_400).contains(windowSeconds) && 86_400 % windowSeconds == 0,
            "window seconds", "a divisor of 86400 (1 s to 1 day)", "\(windowSeconds)")
        try require(
            (1...windowSeconds).contains(checkpointSeconds),
            "checkpoint seconds", "1 to the window length (\(windowSeconds))", "\(checkpointSeconds)")
        try require(!predictionColumn.isEmpty, "prediction column", "a column name", "an empty string")
        try require(
            !labelColumn.isEmpty && labelColumn != predictionColumn, "label column",
            "a column name other than the prediction column", "\"\(labelColumn)\"")
        try require(
            !scoreColumn.isEmpty && scoreColumn != predictionColumn && scoreColumn != labelColumn, "score column",
            "a column name other than the prediction and label columns", "\"\(scoreColumn)\"")
        try require(maxFeaturesPerRecord >= 1, "max features per record", "at least 1", "\(maxFeaturesPerRecord)")
        try require(maxPendingWindows >= 1, "max pending windows", "at least 1", "\(maxPendingWindows)")
        try require(
            feedbackRetentionSeconds >= 0, "feedback retention seconds", "at least 0", "\(feedbackRetentionSeconds)")
        try require(feedbackCapacity >= 0, "feedback capacity", "at least 0", "\(feedbackCapacity)")
        try require((1...1024).contains(shardCount), "shard count", "1 to 1024", "\(shardCount)")
        try require(
            (0...3600).contains(finalFlushGraceSeconds), "final flush grace seconds", "0 to 3600",
            "\(finalFlushGraceSeconds)")
        try require(
            maxFeatureNamesPerWindow >= 1, "max feature names per window", "at least 1", "\(maxFeatureNamesPerWindow)")
        try require(
            (0...10_000).contains(maxConstraintLogLines), "max constraint log lines", "0 to 10000",
            "\(maxConstraintLogLines)")
        try require(
            (1...100_000).contains(maxConstraintMetricNames), "max constraint metric names", "1 to 100000",
            "\(maxConstraintMetricNames)")
        try require(
            (0...100_000).contains(maxConstraintResultsInMetadata), "max constraint results in metadata",
            "0 to 100000", "\(maxConstraintResultsInMetadata)")
        if let segmentField {
            try require(
                !segmentField.isEmpty && segmentField.utf8.count <= 256, "segment field",
                "a feature name (1 to 256 bytes)",
                "\(segmentField.utf8.count) bytes")
        }
        if let segmentField {
            try require(
                !columnsWithoutFrequentItems.contains(segmentField) || hashedStringColumns.contains(segmentField),
                "segment field",
                "a feature whose values may be kept (segment values name files and tags), or one of the hashed string columns",
                "\"\(segmentField)\", a column without frequent items")
        }
        try require((1...1000).contains(maxSegmentValues), "max segment values", "1 to 1000", "\(maxSegmentValues)")
        try require(
            (1...4096).contains(maxSegmentValueBytes), "max segment value bytes", "1 to 4096", "\(maxSegmentValueBytes)"
        )
        try require(
            !hashedStringColumns.contains(predictionColumn), "hashed string columns",
            "feature columns (the prediction is a number, for the drift gauges and the prediction histogram)",
            "the prediction column")
        try require(
            hashedStringColumns.isEmpty || stringHashKey != nil, "string hash key",
            "a 128-bit key for the \(hashedStringColumns.count) hashed string column(s)", "no key")
    }

    static func isFileNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
