import Foundation
import Profiles

/// Profiles a CSV file into a whylogs-compatible `DatasetProfile`, on every core, in memory that
/// does not grow with the file.
///
/// The profile equals `why.log(pandas.read_csv(path, sep=…))` (pandas 2.2, whylogs 1.6.4): rows and
/// fields are split as pandas' C tokenizer splits them (`_CSVTokenizer`), each column gets the
/// type pandas infers over all its values (``CSVColumnType``), values are parsed with pandas'
/// rules (missing-value strings, whitespace, the 17-digit float converter, `true`/`false` in any
/// case), and each column is logged as whylogs logs a pandas column of that type. Differences,
/// by design:
///
/// - pandas reads a file in chunks of about 2^20 / columns rows (`low_memory=True`) and infers
///   each chunk's type separately; when chunks disagree it warns (`DtypeWarning`) and mixes types
///   in one column. Sketchbook infers over the whole column, as `low_memory=False` does.
/// - An integer beyond `Int64` with no negative value gives pandas a `uint64` column;
///   Sketchbook reads such a column as strings (`object`), as pandas does when it also holds a
///   negative value.
/// - A row with more fields than the header is left out and reported, as with
///   `on_bad_lines='warn'` (pandas' default stops with an error; a header with one field fewer
///   than every data row makes pandas use the first column as the index).
/// - Numbers are exact as pandas reads them; mean and m2 are combined across blocks with Chan's
///   formula (about 1e-15 relative from whylogs' single numpy pass); KLL sketches are merged from
///   blocks (same error bounds).
///
/// How it works: the input is cut into blocks (``CSVOptions/blockSize``) that threads map read-only
/// (`mmap`), each starting at the first line break after the block's offset. A block is read a
/// group of 2,048 rows at a time: the group is split into fields (64 bytes at a time into bit masks
/// of quotes, delimiters and line breaks; byte by byte from a row with quotes pandas reads
/// differently), then each column is parsed and logged over the group, with the type known from
/// the blocks before it, while the group's bytes are still in cache. Blocks are committed in
/// order: a block whose guessed start was inside a quoted field (its start differs from where the
/// previous block's last row ends) is read again from the right place; a column that widens inside
/// a block is read again from the block's first row; a block whose columns were logged with a
/// type the whole column does not have is read again for those columns at the end. Memory is
/// bounded by the blocks in flight (two per thread) and their profiles.
public struct CSVProfiler: Sendable {
    /// How to read the input.
    public var options: CSVOptions

    /// A profiler.
    ///
    /// - Parameter options: how to read the input (pandas' defaults).
    public init(options: CSVOptions = CSVOptions()) {
        self.options = options
    }

    /// Profiles a CSV file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called from worker threads as blocks are profiled (at most once per block).
    /// - Returns: the profile, the column types, and the rows that were malformed.
    /// - Throws: ``CSVError``.
    /// - Complexity: O(file size); memory O(threads × block size + columns × sketch size).
    public func profile(
        fileAt path: String, progress: (@Sendable (CSVProgress) -> Void)? = nil
    ) throws(CSVError) -> CSVProfileResult {
        try profile(source: _CSVByteSource(path: path), progress: progress)
    }

    /// Profiles CSV text from standard input. A pipe is first copied to an unlinked temporary file
    /// (progress reports the bytes read, with a total equal to them), then profiled like a file.
    ///
    /// - Parameter progress: called as the input is read and as blocks are profiled.
    /// - Returns: the profile, the column types, and the rows that were malformed.
    /// - Throws: ``CSVError``.
    public func profileStandardInput(
        progress: (@Sendable (CSVProgress) -> Void)? = nil
    ) throws(CSVError) -> CSVProfileResult {
        let source = try _CSVByteSource(standardInput: { bytes in
            progress?(CSVProgress(bytesProcessed: 0, totalBytes: bytes, rowsProcessed: 0, isFinished: false))
        })
        return try profile(source: source, progress: progress)
    }

    /// Profiles CSV text held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the text.
    ///   - name: the input's name in errors.
    /// - Returns: the profile, the column types, and the rows that were malformed.
    /// - Throws: ``CSVError``.
    public func profile(bytes: [UInt8], name: String = "<memory>") throws(CSVError) -> CSVProfileResult {
        try profile(source: _CSVByteSource(bytes: bytes, name: name), progress: nil)
    }

    private func profile(
        source: _CSVByteSource, progress: (@Sendable (CSVProgress) -> Void)?
    ) throws(CSVError) -> CSVProfileResult {
        try validate(source)
        let preamble = try _CSVPreamble(source: source, options: options)
        let run = try _CSVRun(source: source, preamble: preamble, options: options, progress: progress)
        return try run.profile()
    }

    private func validate(_ source: _CSVByteSource) throws(CSVError) {
        if let delimiter = options.delimiter,
            delimiter == UInt8(ascii: "\"") || delimiter == UInt8(ascii: "\n") || delimiter == UInt8(ascii: "\r")
        {
            throw CSVError(
                .invalidOption, input: source.name, field: "delimiter",
                expected: "a byte other than a quote or a line break", actual: "\(delimiter)")
        }
        if options.blockSize < 4096 || options.blockSize > 1 << 30 {
            throw CSVError(
                .invalidOption, input: source.name, field: "block size", expected: "4 KiB to 1 GiB",
                actual: "\(options.blockSize) bytes")
        }
        if options.maximumRowBytes < 1 || options.maximumRowBytes > 1 << 30 {
            throw CSVError(
                .invalidOption, input: source.name, field: "maximum row size", expected: "1 byte to 1 GiB",
                actual: "\(options.maximumRowBytes) bytes")
        }
        if options.maximumColumns < 1 {
            throw CSVError(
                .invalidOption, input: source.name, field: "maximum column count", expected: "at least 1",
                actual: "\(options.maximumColumns)")
        }
        if let threads = options.threadCount, threads < 1 {
            throw CSVError(
                .invalidOption, input: source.name, field: "thread count", expected: "at least 1", actual: "\(threads)")
        }
    }
}
