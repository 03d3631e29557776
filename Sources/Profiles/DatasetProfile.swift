public import Sketches

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whylogs-compatible dataset profile: per-column metrics, timestamps and metadata.
///
/// Log rows, whole typed columns or single values; merge profiles; convert to and from a
/// ``ProfileFile`` to read or write whylogs v1 files; summarise as whylogs' `view.to_pandas()`.
/// Declare text columns (``declare(textColumn:)``), or image columns (`declare(imageColumn:)`, in
/// `ProfileImages`), to also get derived columns `<column>.<feature>` of text and image metadata,
/// ordinary columns in the file.
public struct DatasetProfile: Sendable {
    /// The columns by name.
    public var columns: [String: ColumnProfile]
    /// The dataset timestamp: Unix epoch milliseconds, UTC.
    public var datasetTimestampMilliseconds: UInt64
    /// The creation timestamp: Unix epoch milliseconds, UTC.
    public var creationTimestampMilliseconds: UInt64
    /// The metadata, tags (`whylogs.tag.*`) included, as one dictionary (whylogs' in-memory
    /// `metadata`); split into tags and other keys when written (spec §1.4).
    public var metadata: [String: String]
    /// For a profile read from a segmented file, the segment's tags; written back by
    /// ``file``.
    public var segmentTags: [ProfileFile.SegmentTag]?
    /// The compaction coin given to the distribution sketch of each column created by logging
    /// (`.system` by default; a seeded coin makes sketch bytes reproducible beyond k values).
    public var compactionCoin: KLLCompactionCoin = .system
    /// The declared roles of columns by name: a ``ColumnRole/text`` or `ColumnRole.image`
    /// (`ProfileImages`) column also yields derived columns `<column>.<feature>` when values are
    /// logged (see ``declare(textColumn:)`` and `declare(imageColumn:)` for the rules). Roles are
    /// kept by ``merge(_:)`` (the union) but are not written to a file: ``init(file:limits:)`` gives a
    /// profile with no roles, whose derived columns are ordinary columns.
    public var columnRoles: [String: ColumnRole]
    /// The model performance metrics (a confusion matrix, regression metrics), if any: read from
    /// a v0 file's model profile, or logged with `logClassificationMetrics` /
    /// `logRegressionMetrics`. A profile with them is written in the v0 layout, as whylogs 1.6.4
    /// writes such profiles (see ``ProfileFile/serializedBytes()``).
    public var modelPerformance: ModelPerformanceMetrics?
    /// What decodes the values of image columns when set (`ProfileImages`' `imageDecoder`);
    /// otherwise each image role's own decoder does.
    package var imageFeatureSource: (any _ImageFeatureSource)?

    /// An empty profile.
    ///
    /// - Parameters:
    ///   - datasetTimestampMilliseconds: the dataset timestamp (default: now).
    ///   - creationTimestampMilliseconds: the creation timestamp (default: now).
    ///   - metadata: the metadata (default: none).
    ///   - columnRoles: the declared column roles (default: none; see ``columnRoles``).
    public init(
        datasetTimestampMilliseconds: UInt64? = nil, creationTimestampMilliseconds: UInt64? = nil,
        metadata: [String: String] = [:], columnRoles: [String: ColumnRole] = [:]
    ) {
        let now = Self.nowMilliseconds()
        self.columns = [:]
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds ?? now
        self.creationTimestampMilliseconds = creationTimestampMilliseconds ?? now
        self.metadata = metadata
        self.segmentTags = nil
        self.columnRoles = columnRoles
        self.modelPerformance = nil
    }

    /// The column names in Python's order (by Unicode scalar values).
    public var columnNames: [String] {
        columns.keys.sorted(by: _MetricPath.precedes)
    }

    /// The current time in Unix epoch milliseconds (truncated, as whylogs writes it).
    public static func nowMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(max(0, time.tv_sec)) * 1000 + UInt64(max(0, time.tv_nsec)) / 1_000_000
    }
}
