public import Profiles

/// How ``JSONLinesProfiler`` reads JSON lines.
///
/// The defaults read every object of every line, flatten nested objects to dotted names, and log
/// each line as whylogs' `DatasetProfile.track(row=…)` logs a row (see ``JSONLinesProfiler``).
public struct JSONLinesOptions: Sendable, Hashable {
    /// Only these columns, by flattened name (`a.b.c`, `tags[]`); `nil` for all.
    public var columns: [String]?
    /// Columns read as free text: each string value also yields the text-metadata columns
    /// `<column>.<feature>` (see `DatasetProfile.declare(textColumn:)`).
    public var textColumns: [String]
    /// Whether a malformed line stops profiling with a ``JSONLinesError`` instead of being reported
    /// and counted.
    public var isStrict: Bool
    /// The profile's dataset timestamp (Unix epoch milliseconds); `nil` for now.
    public var datasetTimestampMilliseconds: UInt64?
    /// The longest line accepted, in bytes; a longer line is malformed (reported, its bytes skipped
    /// without being kept). Default 64 MiB.
    public var maximumLineBytes: Int
    /// The most distinct column names a file may produce; the name that would exceed it is a
    /// ``JSONLinesError`` with code `tooManyColumns`. Each column costs its sketches on every
    /// thread, so the limit bounds memory. Default 10,000.
    public var maximumColumns: Int
    /// The most bytes all distinct column names may take together. Default 64 MiB.
    public var maximumColumnNameBytes: Int
    /// The deepest nesting of objects and arrays accepted in a line (the line's object is depth 1);
    /// a deeper line is malformed. Default 64, at most 1,000.
    public var maximumDepth: Int
    /// The size of the blocks of whole lines the input is cut into and profiled in parallel.
    /// Default 4 MiB.
    public var blockSize: Int
    /// The number of threads; `nil` for one per active core.
    public var threadCount: Int?
    /// A seed for the compaction coins of the distribution sketches, for reproducible sketch bytes
    /// (block `i` uses `.seeded(seed &+ i)`); `nil` for system randomness, as whylogs.
    public var compactionSeed: UInt64?
    /// A model's target, prediction and score columns (flattened names): the profile then carries
    /// its performance metrics (`DatasetProfile.modelPerformance`), as whylogs'
    /// `log_classification_metrics` / `log_regression_metrics` of
    /// `pandas.read_json(lines=True, precise_float=True)`
    /// compute them. A line without one of them has a missing value there. The columns need not
    /// be among ``columns``: with `columns: []` the profile holds the metrics alone. `nil` (the
    /// default) for none.
    public var modelColumns: ModelColumns?

    /// Options with the defaults: every column, reports for malformed lines.
    public init(
        columns: [String]? = nil, textColumns: [String] = [], isStrict: Bool = false,
        datasetTimestampMilliseconds: UInt64? = nil, maximumLineBytes: Int = 64 << 20,
        maximumColumns: Int = 10_000, maximumColumnNameBytes: Int = 64 << 20, maximumDepth: Int = 64,
        blockSize: Int = 4 << 20, threadCount: Int? = nil, compactionSeed: UInt64? = nil
    ) {
        self.columns = columns
        self.textColumns = textColumns
        self.isStrict = isStrict
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds
        self.maximumLineBytes = maximumLineBytes
        self.maximumColumns = maximumColumns
        self.maximumColumnNameBytes = maximumColumnNameBytes
        self.maximumDepth = maximumDepth
        self.blockSize = blockSize
        self.threadCount = threadCount
        self.compactionSeed = compactionSeed
    }
}
