/// The contents of a whylogs profile file, at the level of the file format: dataset properties,
/// the segment (for segmented files), and each column's metric components by path.
///
/// This is the boundary between the file format (reading and writing v1, segmented v1 and v0
/// files, gzip) and the profile model (``DatasetProfile``), which converts to and from it.
public struct ProfileFile: Sendable, Hashable {
    /// The dataset timestamp: Unix epoch milliseconds, UTC.
    public var datasetTimestampMilliseconds: UInt64
    /// The creation timestamp: Unix epoch milliseconds, UTC.
    public var creationTimestampMilliseconds: UInt64
    /// Tags: keys beginning with `whylogs.tag.` (the file's `properties.tags`).
    public var tags: [String: String]
    /// Every other metadata key (the file's `properties.metadata`).
    public var metadata: [String: String]
    /// For a segmented file, the segment's tags (`whylogs.tag.<column>` → value), in file order;
    /// `nil` for an unsegmented profile.
    public var segmentTags: [SegmentTag]?
    /// Column name → component path → component.
    public var columns: [String: [String: MetricComponent]]
    /// Which layout the file was read from (`.v1` for files built in memory).
    public var sourceFormat: SourceFormat
    /// The model performance metrics of a v0 file with a model profile (`modeProfile`), or `nil`.
    /// A file that has them is written in the v0 layout, as whylogs 1.6.4 writes such profiles
    /// (see ``serializedBytes()``).
    public var modelPerformance: ModelPerformanceMetrics?

    /// The layouts a profile file can have.
    public enum SourceFormat: Sendable, Hashable {
        /// whylogs v1 (`WHY1` magic).
        case v1
        /// whylogs v1, segmented (a non-empty `DatasetSegmentHeader`).
        case segmentedV1
        /// whylogs v0 (`DatasetProfileMessage`).
        case v0
    }

    /// One tag of a segment (`whylogs.tag.<column>` and the segment's value, as Python `str(value)`).
    public struct SegmentTag: Sendable, Hashable {
        /// The key: `whylogs.tag.` and the column name.
        public var key: String
        /// The value as Python `str(value)` writes it.
        public var value: String

        /// A tag.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Creates a file model.
    public init(
        datasetTimestampMilliseconds: UInt64, creationTimestampMilliseconds: UInt64,
        tags: [String: String] = [:], metadata: [String: String] = [:],
        columns: [String: [String: MetricComponent]] = [:], sourceFormat: SourceFormat = .v1
    ) {
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds
        self.creationTimestampMilliseconds = creationTimestampMilliseconds
        self.tags = tags
        self.metadata = metadata
        self.columns = columns
        self.sourceFormat = sourceFormat
        self.segmentTags = nil
        self.modelPerformance = nil
    }
}
