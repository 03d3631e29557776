import CCurrentCPU
import CoreMetrics
import Logging
public import Profiles
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
    ///     A window takes at most ``ServerHookConfiguration/maxFeatureNamesPerWindow`` distinct
    ///     names; features under further names are dropped and counted
    ///     (``Health/featuresDropped``), the rest of the record is kept.
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
        let features = configuration.hashedStringColumns.isEmpty ? features : pseudonymised(features)
        log(features, prediction: prediction, now: now, limitingNames: true, segment: segmentValue(of: features))
        noteRecorded(prediction: prediction, predictionID: predictionID, now: now)
        return true
    }

    /// Logs a record by name into the open window of the calling core's shard.
    ///
    /// - Parameters:
    ///   - limitingNames: whether new names count against (and are refused beyond)
    ///     ``ServerHookConfiguration/maxFeatureNamesPerWindow``: names from request data do, a
    ///     ``FeatureSchema``'s do not.
    ///   - segment: the record's segment value, if the hook segments.
    func log(
        _ features: [String: FeatureValue], prediction: Double?, now: UInt64, limitingNames: Bool, segment: String?
    ) {
        let predictionColumn = configuration.predictionColumn
        let withoutValues = configuration.columnsWithoutFrequentItems
        let nameLimit = configuration.maxFeatureNamesPerWindow
        let labelColumn = configuration.labelColumn
        let scoreColumn = configuration.scoreColumn
        var dropped = 0
        var windowStart: Int64 = 0
        currentShard().withWindow(startingAt: self.windowStart(milliseconds: now)) { window in
            windowStart = window.startSeconds
            for (name, value) in features {
                if window.profile.columns[name] == nil {
                    if limitingNames && name != labelColumn && name != scoreColumn
                        && !featureNames.admit(name, windowStart: windowStart, limit: nameLimit)
                    {
                        dropped += 1
                        continue
                    }
                    // Made with only the metrics that keep no values, before the first value.
                    if withoutValues.contains(name) { window.profile.columns[name] = .withoutValues() }
                }
                window.profile.log(column: name, value: value)
            }
            if let prediction {
                if window.profile.columns[predictionColumn] == nil && withoutValues.contains(predictionColumn) {
                    window.profile.columns[predictionColumn] = .withoutValues()
                }
                window.profile.log(column: predictionColumn, value: .double(prediction))
            }
            window.records += 1
            if let segment { logSegment(segment, features: features, prediction: prediction, into: &window) }
        }
        if dropped > 0 { noteFeaturesDropped(dropped, windowStart: windowStart, limit: nameLimit) }
    }

    /// Counts features dropped over the per-window name limit, and logs it once per window.
    private func noteFeaturesDropped(_ count: Int, windowStart: Int64, limit: Int) {
        counters.featuresDropped.add(Int64(count), ordering: .relaxed)
        metrics?.featuresDropped.increment(by: Int64(count))
        if featureNames.shouldWarn(windowStart: windowStart) {
            // Names come from request data: counted, never logged.
            logger.warning(
                "features under new names dropped: the window already has the most distinct feature names",
                metadata: ["limit": "\(limit)", "window_start": "\(windowStart)"])
        }
    }

    /// Counts a record dropped before it reached a window.
    func noteDropped() {
        counters.recordsDropped.add(1, ordering: .relaxed)
        metrics?.recordsDropped.increment()
    }

    /// Counts a logged prediction, reports its output, and keeps it for feedback if it has an id.
    @inline(__always)
    private func noteRecorded(prediction: Double?, predictionID: PredictionID?, now: UInt64) {
        counters.records.add(1, ordering: .relaxed)
        if let metrics {
            metrics.records.increment()
            // A prediction column kept without values stays out of the histogram too: the sum
            // of one record is its value.
            let withoutValues = configuration.columnsWithoutFrequentItems
            if let prediction, withoutValues.isEmpty || !withoutValues.contains(configuration.predictionColumn) {
                metrics.prediction.record(prediction)
            }
        }
        if let predictionID, let prediction {
            predictions.insert(predictionID, prediction: .value(prediction), now: now)
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
    ///   - segmentValue: the record's value of ``ServerHookConfiguration/segmentField`` when
    ///     `schema` does not name it (a request field that is not a model feature, such as a
    ///     region): it chooses the record's segment and is not logged as a column. Ignored when the
    ///     hook does not segment or `schema` names the field; `nil` is a missing value (`nan`).
    /// - Returns: `false` if the record was dropped: `values` does not match `schema`, or it has
    ///   more than ``ServerHookConfiguration/maxFeaturesPerRecord`` features.
    /// - Complexity: O(features) sketch updates.
    @discardableResult
    public func record(
        _ values: [Double], schema: FeatureSchema, prediction: Double?, predictionID: PredictionID? = nil,
        segmentValue: FeatureValue? = nil
    ) -> Bool {
        guard values.count == schema.names.count, values.count <= configuration.maxFeaturesPerRecord else {
            noteDropped()
            return false
        }
        let now = clock()
        if needsByNamePath(schema, prediction: prediction) {
            // Positional columns keep every metric and raw values; such a schema takes the
            // by-name path, where values are pseudonymised and columns made without values.
            var features = Dictionary(uniqueKeysWithValues: zip(schema.names, values.lazy.map(FeatureValue.double)))
            if !configuration.hashedStringColumns.isEmpty { features = pseudonymised(features) }
            log(
                features, prediction: prediction, now: now, limitingNames: false,
                segment: self.segmentValue(of: values, schema: schema, given: segmentValue))
            noteRecorded(prediction: prediction, predictionID: predictionID, now: now)
            return true
        }
        let start = windowStart(milliseconds: now)
        let shard = currentShard()
        let record = _QueuedRecord(
            startSeconds: start, values: values, schema: schema, prediction: prediction, segmentValue: segmentValue)
        if !shard.enqueue(record, limit: Self.queueLimit) {
            let predictionColumn = configuration.predictionColumn
            let segment = self.segmentValue(of: values, schema: schema, given: segmentValue)
            shard.withWindow(startingAt: start) { window in
                window.log(values, schema: schema, prediction: prediction, predictionColumn: predictionColumn)
                window.records += 1
                if let segment {
                    logSegment(segment, values: values, schema: schema, prediction: prediction, into: &window)
                }
            }
        }
        noteRecorded(prediction: prediction, predictionID: predictionID, now: now)
        return true
    }

    /// Whether a record by position must go by name: it names a column of
    /// ``ServerHookConfiguration/hashedStringColumns`` or
    /// ``ServerHookConfiguration/columnsWithoutFrequentItems`` (or its prediction goes to such a column).
    ///
    /// - Complexity: O(1) when neither option is used, else O(names) hash look-ups.
    @inline(__always)
    private func needsByNamePath(_ schema: FeatureSchema, prediction: Double?) -> Bool {
        let withoutValues = configuration.columnsWithoutFrequentItems
        let hashed = configuration.hashedStringColumns
        if withoutValues.isEmpty && hashed.isEmpty { return false }
        if prediction != nil && withoutValues.contains(configuration.predictionColumn) { return true }
        return schema.names.contains { withoutValues.contains($0) || hashed.contains($0) }
    }

    /// The features with the values of ``ServerHookConfiguration/hashedStringColumns`` replaced by
    /// their pseudonyms: the 16 hex digits of SipHash-2-4 under
    /// ``ServerHookConfiguration/stringHashKey`` (validated present when the set is not empty).
    /// A value of another kind is hashed by its text (an integer 42, or the double 42.0, as `"42"`;
    /// bytes as they are),
    /// so that no raw value of such a column reaches a profile; nulls and NaN stay null.
    func pseudonymised(_ features: [String: FeatureValue]) -> [String: FeatureValue] {
        guard let key = configuration.stringHashKey else { return features }
        var result = features
        for name in configuration.hashedStringColumns {
            let text: String
            switch features[name] {
            case .string(let value)?: text = value
            case .int(let value)?: text = String(value)
            case .double(let value)? where !value.isNaN:
                // An integral double is the integer it stands for (by position every value is a
                // double): 12345.0 gets the pseudonym of 12345, whichever way it came.
                if let integer = Int64(exactly: value) { text = String(integer) } else { text = "\(value)" }
            case .bool(let value)?: text = value ? "true" : "false"
            case .bytes(let value)?:
                let hash = value.withUnsafeBytes { _SipHash24.hash($0, k0: key.k0, k1: key.k1) }
                result[name] = .string(PredictionID.hexDigits(hash))
                continue
            case .null?, .double?, nil: continue
            }
            result[name] = .string(Self.pseudonym(of: text, key: key))
        }
        return result
    }

    /// The pseudonym of one string: SipHash-2-4 of its UTF-8 bytes, as 16 lowercase hex digits.
    static func pseudonym(of text: String, key: StringHashKey) -> String {
        PredictionID.hexDigits(_SipHash24.hash(text, k0: key.k0, k1: key.k1))
    }

    /// The shard of the calling thread's core.
    @inline(__always)
    func currentShard() -> _WindowShard {
        let cpu = Int(sketchbook_current_cpu())
        return shards[cpu >= 0 ? cpu % shards.count : 0]
    }
}
