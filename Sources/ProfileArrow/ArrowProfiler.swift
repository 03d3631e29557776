import Profiles

/// Profiles an Arrow IPC stream or file (as pyarrow, Spark and polars write them) into a
/// whylogs-compatible `DatasetProfile`, record batch by record batch, on every core, in memory
/// bounded by the batches in flight.
///
/// Each column is logged as whylogs 1.6.4 logs the pandas column that pyarrow's
/// `Table.to_pandas()` gives (pandas 2.2): ints as int64, floats (half, single, double) as float64
/// with nulls as NaN, bools as bool (an object column when one is null), strings and large
/// strings as object columns of strings and `None`, a null column as all `None`, binary as
/// object columns of bytes, decimals as object columns of `Decimal` (floats to whylogs). The
/// deliberate differences, each documented in `docs/formats/arrow.md` §8:
///
/// - An integer column with nulls stays integral, its nulls counted (pandas makes it float64).
/// - Dates and timestamps, which whylogs cannot profile (pandas gives `datetime64` or `date`
///   objects; whylogs counts them as objects only), are logged as their epoch values in the
///   column's unit (days for date32, milliseconds for date64, the timestamp's unit), as an
///   integral column; the type (unit and time zone) is written to the profile's metadata under
///   ``typeMetadataPrefix`` + the column's name, and `profile show` prints them as dates.
/// - A dictionary-encoded string column is logged as its string values (pandas gives a
///   categorical column, which whylogs logs as the strings when no value is missing and cannot
///   log at all when one is).
/// - uint64 values above 2^63 − 1 are logged as floats (whylogs wraps them to negative ints).
///
/// Other types (lists, structs, maps, unions, intervals, durations, times, views, dictionaries of
/// non-strings) are skipped with a warning naming their type (``ArrowProfileResult/unsupportedColumns``),
/// or are an error with ``ArrowOptions/isStrict``. Compressed bodies (LZ4 frame, ZSTD) are
/// decompressed with liblz4 and libzstd. Big-endian data is refused.
///
/// Every length and offset in the input is checked (`docs/formats/arrow.md`); bad input is an
/// ``ArrowError`` naming the field and the byte offset, never a crash. Budgets per message and per
/// input are ``ArrowReadLimits``.
public struct ArrowProfiler: Sendable {
    /// How to read the input.
    public var options: ArrowOptions

    /// The metadata key prefix under which each profiled column's Arrow type is written
    /// (`arrow.type.<column>` → `timestamp[ms, tz=UTC]`).
    public static let typeMetadataPrefix = "arrow.type."

    /// The ``ArrowColumn/skipReason`` of a column left out by ``ArrowOptions/columns``.
    public static let notSelectedReason = "not selected"

    /// A profiler.
    ///
    /// - Parameter options: how to read the input.
    public init(options: ArrowOptions = ArrowOptions()) {
        self.options = options
    }

    /// Profiles an Arrow IPC stream or file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called on the reading thread as messages are read.
    /// - Returns: the profile and the columns.
    /// - Throws: ``ArrowError``.
    /// - Complexity: O(input size); memory O(threads × largest body + columns × sketch size).
    public func profile(
        fileAt path: String, progress: (@Sendable (ArrowProgress) -> Void)? = nil
    ) throws(ArrowError) -> ArrowProfileResult {
        try _ArrowRun(input: _ArrowInput(path: path), options: options, progress: progress).run()
    }

    /// Profiles an Arrow IPC stream or file from standard input, message by message (the input is
    /// never held whole).
    ///
    /// - Parameter progress: called on the reading thread as messages are read.
    /// - Returns: the profile and the columns.
    /// - Throws: ``ArrowError``.
    public func profileStandardInput(
        progress: (@Sendable (ArrowProgress) -> Void)? = nil
    ) throws(ArrowError) -> ArrowProfileResult {
        try _ArrowRun(input: _ArrowInput(standardInput: ()), options: options, progress: progress).run()
    }

    /// Profiles an Arrow IPC stream or file held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the input.
    ///   - name: the input's name in errors.
    /// - Returns: the profile and the columns.
    /// - Throws: ``ArrowError``.
    public func profile(bytes: [UInt8], name: String = "<memory>") throws(ArrowError) -> ArrowProfileResult {
        try _ArrowRun(input: _ArrowInput(bytes: bytes, name: name), options: options, progress: nil).run()
    }
}
