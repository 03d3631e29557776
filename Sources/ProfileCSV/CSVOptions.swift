public import Profiles

/// How ``CSVProfiler`` reads a CSV file.
///
/// The defaults read a file the way `pandas.read_csv(path, sep=…)` does with its defaults, so that
/// the profile equals `why.log(pandas.read_csv(path, sep=…))` (see ``CSVProfiler`` for the rules).
public struct CSVOptions: Sendable, Hashable {
    /// The field delimiter, or `nil` to detect it from the start of the input among `,` `;` tab
    /// and `|` (the one that splits the first rows into the same number of fields, more than one,
    /// most consistently; `,` when none does).
    public var delimiter: UInt8?
    /// Whether the first row names the columns (pandas' `header=0`). Without a header the columns
    /// are named `0`, `1`, … as pandas names them, and the first row decides how many there are.
    public var hasHeader: Bool
    /// Only these columns, by name, in the profile (pandas' `usecols`); `nil` for all.
    public var columns: [String]?
    /// Columns read as free text: always strings, and each value also yields the text-metadata
    /// columns `<column>.<feature>` (see `DatasetProfile.declare(textColumn:)`).
    public var textColumns: [String]
    /// Whether a malformed row (wrong field count, unterminated quote) stops profiling with a
    /// ``CSVError`` instead of being reported and counted.
    public var isStrict: Bool
    /// The profile's dataset timestamp (Unix epoch milliseconds); `nil` for now.
    public var datasetTimestampMilliseconds: UInt64?
    /// The longest row accepted, in bytes; a longer row is an error (it bounds the memory one row
    /// may take). Default 64 MiB.
    public var maximumRowBytes: Int
    /// The most columns accepted: a header (or first row, without a header) with more fields is
    /// a ``CSVError`` with code `tooManyColumns`, raised when that row is read, before any column
    /// is set up. Each column costs its sketches on every thread, so the limit bounds memory: a
    /// one-row CSV of 100,000 columns took 1.5 GB on two threads, 10,000 columns 170 MB.
    /// Default 10,000, wider than real tables.
    public var maximumColumns: Int
    /// The size of the blocks the input is cut into and profiled in parallel. Default 8 MiB.
    public var blockSize: Int
    /// The number of threads; `nil` for one per active core.
    public var threadCount: Int?
    /// A seed for the compaction coins of the distribution sketches, for reproducible sketch bytes
    /// (block `i` uses `.seeded(seed &+ i)`); `nil` for system randomness, as whylogs.
    public var compactionSeed: UInt64?
    /// A model's target, prediction and score columns: the profile then carries its performance
    /// metrics (`DatasetProfile.modelPerformance`), computed from the rows as whylogs'
    /// `log_classification_metrics` / `log_regression_metrics` compute them from
    /// `pandas.read_csv`'s columns. The columns need not be among ``columns``: with
    /// `columns: []` the profile holds the metrics alone, as whylogs' `log_full_data=False`.
    /// `nil` (the default) for none.
    public var modelColumns: ModelColumns?
    /// Columns to segment by: besides the whole profile, one profile per distinct combination of
    /// their values (``CSVProfileResult/segments``), as whylogs' `segment_on_column` /
    /// `ColumnMapperFunction(col_names:)` segment a frame. A value is keyed as Python's `str()` of
    /// what pandas read (`nan` for a missing value: such rows form a segment, where whylogs' one-
    /// column segmentation drops them). The columns need not be among ``columns``. Segmenting
    /// reads the input twice. Empty (the default) for none.
    public var segmentColumns: [String]
    /// The most segments: an input with more distinct keys fails with
    /// ``CSVError/Code-swift.enum/tooManySegments`` (each segment holds a profile of every column).
    /// Default 1,000.
    public var maximumSegments: Int

    /// Options with pandas' defaults: delimiter detected, a header row, every column.
    public init(
        delimiter: UInt8? = nil, hasHeader: Bool = true, columns: [String]? = nil, textColumns: [String] = [],
        isStrict: Bool = false, datasetTimestampMilliseconds: UInt64? = nil,
        maximumRowBytes: Int = 64 << 20, maximumColumns: Int = 10_000, blockSize: Int = 8 << 20,
        threadCount: Int? = nil, compactionSeed: UInt64? = nil, modelColumns: ModelColumns? = nil,
        segmentColumns: [String] = [], maximumSegments: Int = 1_000
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.columns = columns
        self.textColumns = textColumns
        self.isStrict = isStrict
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds
        self.maximumRowBytes = maximumRowBytes
        self.maximumColumns = maximumColumns
        self.blockSize = blockSize
        self.threadCount = threadCount
        self.compactionSeed = compactionSeed
        self.modelColumns = modelColumns
        self.segmentColumns = segmentColumns
        self.maximumSegments = maximumSegments
    }

    /// The delimiters detection chooses from, in order of preference.
    public static let detectableDelimiters: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]
}
