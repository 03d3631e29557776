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

    /// An empty profile.
    ///
    /// - Parameters:
    ///   - datasetTimestampMilliseconds: the dataset timestamp (default: now).
    ///   - creationTimestampMilliseconds: the creation timestamp (default: now).
    ///   - metadata: the metadata (default: none).
    public init(
        datasetTimestampMilliseconds: UInt64? = nil, creationTimestampMilliseconds: UInt64? = nil,
        metadata: [String: String] = [:]
    ) {
        let now = Self.nowMilliseconds()
        self.columns = [:]
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds ?? now
        self.creationTimestampMilliseconds = creationTimestampMilliseconds ?? now
        self.metadata = metadata
        self.segmentTags = nil
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
