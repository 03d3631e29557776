import CCurrentCPU
public import Profiles
import Prometheus
import Sketches
import Synchronization

extension ServerHook {
    /// Logs one prediction and its features into the open window.
    ///
    /// Never throws and never blocks on I/O: the record goes to the accumulator of the core it
    /// runs on (its own lock, uncontended unless two requests share a core at that instant).
    ///
    /// - Parameters:
    ///   - features: feature name → value (as whylogs' row logging: numbers, strings, bools, null).
    ///   - prediction: the model output, logged as ``ServerHookConfiguration/predictionColumn`` and
    ///     to the `serverhook_prediction` histogram.
    ///   - predictionID: if given, the prediction is kept for ``recordFeedback(predictionID:actual:)``.
    /// - Returns: `false` if the record was dropped (more than
    ///   ``ServerHookConfiguration/maxFeaturesPerRecord`` features).
    /// - Complexity: O(features) sketch updates; no allocation once each column exists, except
    ///   for sketch growth and compaction.
    @discardableResult
    public func record(
        features: [String: FeatureValue], prediction: Double?, predictionID: PredictionID? = nil
    ) -> Bool {
        guard features.count <= configuration.maxFeaturesPerRecord else {
            noteDropped()
            return false
        }
        let now = clock()
        let predictionColumn = configuration.predictionColumn
        let features = configuration.hashedStringColumns.isEmpty ? features : pseudonymised(features)
        let withoutFrequentItems = configuration.columnsWithoutFrequentItems
        currentShard().withWindow(startingAt: windowStart(milliseconds: now)) { window in
            for (name, value) in features { window.profile.log(column: name, value: value) }
            if let prediction { window.profile.log(column: predictionColumn, value: .double(prediction)) }
            for name in withoutFrequentItems where window.profile.columns[name]?.frequentItems != nil {
                window.profile.columns[name]!.frequentItems = nil
            }
            window.records += 1
        }
        noteRecorded(prediction: prediction, predictionID: predictionID, now: now)
        return true
    }

    /// Counts a record dropped before it reached a window.
    private func noteDropped() {
        counters.recordsDropped.add(1, ordering: .relaxed)
        metrics?.recordsDropped.increment()
    }

    /// Counts a logged prediction, reports its output, and keeps it for feedback if it has an id.
    @inline(__always)
    private func noteRecorded(prediction: Double?, predictionID: PredictionID?, now: UInt64) {
        counters.records.add(1, ordering: .relaxed)
        if let metrics {
            metrics.records.increment()
            if let prediction { metrics.prediction.record(prediction) }
        }
        if let predictionID, let prediction {
            predictions.insert(predictionID, prediction: prediction, now: now)
        }
    }

    /// The most records by position a shard queues for the flusher; beyond it (the flusher is
    /// behind or not running) records are logged on the caller's thread.
    static let queueLimit = 16_384

    /// Logs one prediction whose features are numbers in a fixed order: the fast path. The
    /// record is queued on the caller's core and logged into its window's sketches by the flusher
    /// (``flushDueWindows()``, every second under ``ServerHookService``), so the request pays an
    /// append; it is attributed to the window of the moment it was recorded.
    ///
    /// - Parameters:
    ///   - values: the feature values, in `schema` order (NaN counts as null, as in whylogs).
    ///   - schema: the feature names (make it once, reuse it).
    ///   - prediction: the model output (``ServerHookConfiguration/predictionColumn``).
    ///   - predictionID: if given, the prediction is kept for ``recordFeedback(predictionID:actual:)``.
    /// - Returns: `false` if the record was dropped: `values` does not match `schema`, or it has
    ///   more than ``ServerHookConfiguration/maxFeaturesPerRecord`` features.
    /// - Complexity: O(features) sketch updates.
    @discardableResult
    public func record(
        _ values: [Double], schema: FeatureSchema, prediction: Double?, predictionID: PredictionID? = nil
    ) -> Bool {
        guard values.count == schema.names.count, values.count <= configuration.maxFeaturesPerRecord else {
            noteDropped()
            return false
        }
        let now = clock()
        let start = windowStart(milliseconds: now)
        let shard = currentShard()
        let record = _QueuedRecord(startSeconds: start, values: values, schema: schema, prediction: prediction)
        if !shard.enqueue(record, limit: Self.queueLimit) {
            let predictionColumn = configuration.predictionColumn
            shard.withWindow(startingAt: start) { window in
                window.log(values, schema: schema, prediction: prediction, predictionColumn: predictionColumn)
                window.records += 1
            }
        }
        noteRecorded(prediction: prediction, predictionID: predictionID, now: now)
        return true
    }

    /// The result of ``recordFeedback(predictionID:actual:)``.
    public enum FeedbackOutcome: Sendable, Hashable {
        /// The prediction was found: its error was logged.
        case joined(prediction: Double, absoluteError: Double)
        /// No prediction with this identifier is held (never made, already joined, expired or
        /// evicted).
        case unknownPrediction
    }

    /// The column names feedback is logged under.
    public static let absoluteErrorColumn = "feedback_absolute_error"
    /// The squared error column: the square root of its mean is the window's RMSE.
    public static let squaredErrorColumn = "feedback_squared_error"

    /// Joins the ground truth of an earlier prediction: logs `|prediction − actual|` and its
    /// square into the open window (columns ``absoluteErrorColumn`` and ``squaredErrorColumn``,
    /// whose means are the window's MAE and MSE) and to the `serverhook_absolute_error` histogram.
    ///
    /// - Parameters:
    ///   - predictionID: the identifier returned with the prediction.
    ///   - actual: the true value.
    /// - Returns: whether the prediction was found, and its error.
    public func recordFeedback(predictionID: PredictionID, actual: Double) -> FeedbackOutcome {
        let now = clock()
        guard actual.isFinite, let entry = predictions.take(predictionID, now: now) else {
            metrics?.feedbackUnknown.increment()
            return .unknownPrediction
        }
        let error = abs(entry.prediction - actual)
        currentShard().withWindow(startingAt: windowStart(milliseconds: now)) { window in
            window.profile.log(column: Self.absoluteErrorColumn, value: .double(error))
            window.profile.log(column: Self.squaredErrorColumn, value: .double(error * error))
            window.records += 1
        }
        counters.records.add(1, ordering: .relaxed)
        if let metrics {
            metrics.records.increment()
            metrics.feedbackJoined.increment()
            metrics.absoluteError.record(error)
        }
        return .joined(prediction: entry.prediction, absoluteError: error)
    }

    /// The features with the strings of ``ServerHookConfiguration/hashedStringColumns`` replaced by
    /// their keyed hashes.
    func pseudonymised(_ features: [String: FeatureValue]) -> [String: FeatureValue] {
        var result = features
        for name in configuration.hashedStringColumns {
            guard case .string(let text)? = features[name] else { continue }
            var utf8 = text
            let hash = utf8.withUTF8 { MurmurHash3.hash(UnsafeRawBufferPointer($0), seed: configuration.stringHashKey) }
            result[name] = .string(PredictionID.hexDigits(hash.h1, hash.h2))
        }
        return result
    }

    /// The shard of the calling thread's core.
    @inline(__always)
    func currentShard() -> _WindowShard {
        let cpu = Int(sketchbook_current_cpu())
        return shards[cpu >= 0 ? cpu % shards.count : 0]
    }
}
