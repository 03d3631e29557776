public import Profiles

/// How ``ArrowProfiler`` reads an Arrow input.
public struct ArrowOptions: Sendable, Hashable {
    /// Only these columns, by name, in the profile; `nil` for all.
    public var columns: [String]?
    /// Columns read as free text: string columns whose values also yield the text-metadata
    /// columns `<column>.<feature>` (see `DatasetProfile.declare(textColumn:)`).
    public var textColumns: [String]
    /// Whether a column of a type that cannot be profiled stops profiling with an ``ArrowError``
    /// instead of being skipped with a warning.
    public var isStrict: Bool
    /// The profile's dataset timestamp (Unix epoch milliseconds); `nil` for now.
    public var datasetTimestampMilliseconds: UInt64?
    /// The number of threads that profile record batches; `nil` for one per active core.
    public var threadCount: Int?
    /// The budgets for the input.
    public var limits: ArrowReadLimits
    /// A seed for the compaction coins of the distribution sketches, for reproducible sketch bytes
    /// (thread `i` uses `.seeded(seed &+ i)`); `nil` for system randomness, as whylogs.
    public var compactionSeed: UInt64?
    /// A model's target, prediction and score columns: the profile then carries its performance
    /// metrics (`DatasetProfile.modelPerformance`), as whylogs' `log_classification_metrics` /
    /// `log_regression_metrics` compute them from `Table.to_pandas()` (an int column with nulls
    /// is a float column there: `1` is the label `1.0`). The columns need not be among
    /// ``columns``: with `columns: []` the profile holds the metrics alone. `nil` (the default)
    /// for none.
    public var modelColumns: ModelColumns?

    /// Options: every column, unsupported columns skipped, one thread per core.
    ///
    /// - Parameters:
    ///   - columns: see ``columns``.
    ///   - textColumns: see ``textColumns``.
    ///   - isStrict: see ``isStrict``.
    ///   - datasetTimestampMilliseconds: see ``datasetTimestampMilliseconds``.
    ///   - threadCount: see ``threadCount``.
    ///   - limits: see ``limits``.
    ///   - compactionSeed: see ``compactionSeed``.
    public init(
        columns: [String]? = nil, textColumns: [String] = [], isStrict: Bool = false,
        datasetTimestampMilliseconds: UInt64? = nil, threadCount: Int? = nil,
        limits: ArrowReadLimits = ArrowReadLimits(), compactionSeed: UInt64? = nil
    ) {
        self.columns = columns
        self.textColumns = textColumns
        self.isStrict = isStrict
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds
        self.threadCount = threadCount
        self.limits = limits
        self.compactionSeed = compactionSeed
    }
}
