public import Profiles

/// The profile of one window as it fills: the whylogs profile and how many records went in.
///
/// Memory is bounded by the sketches (KLL, HLL and frequent items have fixed maximum sizes), so a
/// window takes the same space after a thousand records as after a billion.
public struct WindowAccumulator: Sendable {
    /// The window start, seconds since the Unix epoch (UTC).
    public var startSeconds: Int64
    /// The profile (dataset timestamp = window start).
    public var profile: DatasetProfile
    /// The records logged into it (a record = one prediction with its features, or one feedback).
    public var records: Int64
    /// Columns logged by position (``FeatureSchema``), not yet in ``profile``.
    var positional: [_PositionalColumns] = []
    /// Classification feedback recorded row by row, not yet in ``profile``'s confusion matrix.
    var classification = _ConfusionMatrixRecorder()
    /// Classification rows left out when merging windows (or restored matrices) whose labels
    /// together were more than `ConfusionMatrix.maximumLabels`: counted when the window is
    /// written.
    var rowsOverLabelLimit: Int64 = 0
    /// Whether this window holds the records of its window file on disk (it was restored from it,
    /// or from a checkpoint that did): then it may replace the file; otherwise the file is merged
    /// in first.
    var containsWindowFile = false
    /// The window's segments (``ServerHookConfiguration/segmentField``), by value: each the
    /// accumulator of the records with that value (no model quality). Bounded by the hook's
    /// admission of values (``ServerHookConfiguration/maxSegmentValues`` and the overflow segment).
    var segments: [String: WindowAccumulator] = [:]

    /// The largest record count a file may claim (2^48, far beyond any window): larger claims are
    /// clamped, so that adding to a restored count never overflows.
    public static let maxRestoredRecords: Int64 = 1 << 48

    /// The metadata key under which a window file stores its record count.
    public static let recordsMetadataKey = DatasetProfile.recordCountMetadataKey
    /// The metadata key of the writing instance.
    public static let instanceMetadataKey = "sketchbook.serverhook.instance"
    /// The metadata key of the window length in seconds.
    public static let windowSecondsMetadataKey = "sketchbook.serverhook.window_seconds"

    /// An empty window.
    public init(startSeconds: Int64) {
        self.startSeconds = startSeconds
        self.profile = DatasetProfile(
            datasetTimestampMilliseconds: UInt64(max(0, startSeconds)) * 1000)
        self.records = 0
    }

    /// A window read back from a file written by ``profileForWriting(instance:windowSeconds:)``.
    ///
    /// The record count comes from the metadata, or is 0 for a profile written by something else;
    /// it is clamped to 0...``maxRestoredRecords`` (a file is data: a crafted count must not make
    /// later additions overflow).
    public init(startSeconds: Int64, restoring profile: DatasetProfile) {
        self.startSeconds = startSeconds
        self.profile = profile
        self.records = Self.restoredRecords(profile.metadata[Self.recordsMetadataKey])
    }

    /// A record count from a file's metadata, clamped to 0...``maxRestoredRecords``.
    static func restoredRecords(_ text: String?) -> Int64 {
        guard let text, !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return 0 }
        // More digits than Int64 holds is a claim beyond the bound, not zero.
        return min(Int64(text) ?? .max, maxRestoredRecords)
    }

    /// Adds another accumulator of the same window. The model performance metrics merge as
    /// `ModelPerformanceMetrics.merge(_:)` does, except that the confusion matrix keeps
    /// at most `ConfusionMatrix.maximumLabels` labels (rows of further labels are left
    /// out and counted), so that the window can always be written.
    public mutating func merge(_ other: WindowAccumulator) {
        settle()
        var other = other
        other.settle()
        let theirs = other.profile.modelPerformance
        other.profile.modelPerformance = nil
        profile.merge(other.profile)
        if let theirs { mergeModelPerformance(theirs) }
        rowsOverLabelLimit &+= other.rowsOverLabelLimit
        let (sum, overflow) = records.addingReportingOverflow(other.records)
        records = overflow ? .max : sum
        containsWindowFile = containsWindowFile || other.containsWindowFile
        for (value, segment) in other.segments {
            segments[value].add(segment)
        }
    }

    /// Logs values by position: straight to the schema's columns, no name look-ups.
    @inline(__always)
    mutating func log(_ values: [Double], schema: FeatureSchema, prediction: Double?, predictionColumn: String) {
        var slot = 0
        while slot < positional.count && positional[slot].schema.token != schema.token { slot += 1 }
        if slot == positional.count {
            positional.append(_PositionalColumns(schema: schema, predictionColumn: predictionColumn, profile: profile))
        }
        positional[slot].log(values, prediction: prediction)
    }

    /// Folds the columns logged by position and the classification rows into ``profile``.
    mutating func settle() {
        if !positional.isEmpty {
            for columns in positional { columns.fold(into: &profile) }
            positional = []
        }
        if let matrix = classification.matrix() {
            classification = _ConfusionMatrixRecorder()
            mergeModelPerformance(ModelPerformanceMetrics(confusionMatrix: matrix))
        }
        // By index, in place: iterating the keys would hold a copy and make every write copy.
        var index = segments.startIndex
        while index != segments.endIndex {
            segments.values[index].settle()
            index = segments.index(after: index)
        }
    }

    /// Merges model performance metrics into ``profile``'s, within the label limit.
    private mutating func mergeModelPerformance(_ metrics: ModelPerformanceMetrics) {
        guard var mine = profile.modelPerformance else {
            profile.modelPerformance = metrics
            return
        }
        rowsOverLabelLimit &+= Int64(mine.mergeWithinLabelLimit(metrics))
        profile.modelPerformance = mine
    }

    /// Adds one joined regression prediction to ``profile``'s regression metrics.
    @inline(__always)
    mutating func addRegression(prediction: Double, target: Double) {
        if profile.modelPerformance == nil { profile.modelPerformance = ModelPerformanceMetrics() }
        if profile.modelPerformance!.regression == nil { profile.modelPerformance!.regression = RegressionMetrics() }
        profile.modelPerformance!.regression!.add(prediction: prediction, target: target)
    }

    /// The profile as written to a window file: timestamps set, the record count and instance in
    /// the metadata.
    public func profileForWriting(instance: String, windowSeconds: Int) -> DatasetProfile {
        var settled = self
        settled.settle()
        var result = settled.profile
        result.datasetTimestampMilliseconds = UInt64(max(0, startSeconds)) * 1000
        result.creationTimestampMilliseconds = DatasetProfile.nowMilliseconds()
        result.metadata[Self.recordsMetadataKey] = String(records)
        result.metadata[Self.instanceMetadataKey] = instance
        result.metadata[Self.windowSecondsMetadataKey] = String(windowSeconds)
        return result
    }
}
