import Profiles

/// Profiles JSON lines (one object per line) into a whylogs-compatible `DatasetProfile`, on
/// every core, streaming, in memory that does not grow with the input.
///
/// Each line's object is logged as whylogs 1.6.4 logs a row, `DatasetProfile.track(row=obj)`
/// (the path `why.log(row=obj)` takes), after two documented transformations (see
/// `docs/formats/jsonl.md`):
///
/// - nested objects are flattened to dotted names (`{"a": {"b": 1}}` logs `a.b`);
/// - an array is logged as its length under its own name, and its elements, pooled, under
///   `<name>[]` (`{"tags": ["x", "y"]}` logs 2 under `tags`, then `x` and `y` under `tags[]`).
///
/// whylogs' rules then apply value by value: a column's metric set is fixed by the Python type of
/// the first value it ever gets (bool and int integral, float fractional, str string, `null` any:
/// counts and types only); later values of other types are counted by type in the same column. A
/// key missing from a line is not a null: the column is simply not logged for that line. Numbers
/// are read as Python's `json` reads them (`1` is an int, `1.0` and `1e2` floats, `NaN` and
/// `±Infinity` accepted); an integer beyond Int64, which whylogs cannot log (it raises), is logged
/// as the nearest double. A key repeated in one object logs its last value, as Python keeps it.
///
/// A line that is not exactly one JSON object (invalid JSON, an array or scalar, trailing
/// characters, invalid UTF-8, a bad escape or lone surrogate, nesting deeper than
/// ``JSONLinesOptions/maximumDepth``, longer than ``JSONLinesOptions/maximumLineBytes``) is left
/// out and reported with its line number (``JSONLinesMalformedLine``), or is an error with
/// ``JSONLinesOptions/isStrict``. Blank lines are skipped; a UTF-8 byte-order mark at the start is
/// ignored.
///
/// How it works: the input is read front to back in blocks of whole lines (a raw line break
/// cannot occur inside a JSON string); threads take blocks in turn, check each line whole, then
/// flatten and log it into per-block column profiles; blocks are committed in input order, where
/// each new column gets the metric set of its first value. The profile is the same for any
/// number of threads (with ``JSONLinesOptions/compactionSeed``, byte for byte); mean and m2 are
/// combined across blocks with Chan's formula (about 1e-15 relative from whylogs' one pass).
public struct JSONLinesProfiler: Sendable {
    /// How to read the input.
    public var options: JSONLinesOptions

    /// A profiler.
    ///
    /// - Parameter options: how to read the input.
    public init(options: JSONLinesOptions = JSONLinesOptions()) {
        self.options = options
    }

    /// Profiles a JSON-lines file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called from worker threads as blocks are committed.
    /// - Returns: the profile and the malformed lines.
    /// - Throws: ``JSONLinesError``.
    /// - Complexity: O(input size); memory O(threads × block size + longest line + columns ×
    ///   threads × sketch size).
    public func profile(
        fileAt path: String, progress: (@Sendable (JSONLinesProgress) -> Void)? = nil
    ) throws(JSONLinesError) -> JSONLinesProfileResult {
        try validate(path)
        let input = try _JSONLinesInput(
            path: path, blockSize: options.blockSize, maximumLineBytes: options.maximumLineBytes)
        return try _JSONLinesRun(input: input, options: options, progress: progress).profile()
    }

    /// Profiles JSON lines from standard input, as they arrive (nothing is copied aside).
    ///
    /// - Parameter progress: called as blocks are committed (the total is 0 for a pipe).
    /// - Returns: the profile and the malformed lines.
    /// - Throws: ``JSONLinesError``.
    public func profileStandardInput(
        progress: (@Sendable (JSONLinesProgress) -> Void)? = nil
    ) throws(JSONLinesError) -> JSONLinesProfileResult {
        try validate("-")
        let input = _JSONLinesInput(
            standardInputWithBlockSize: options.blockSize, maximumLineBytes: options.maximumLineBytes)
        return try _JSONLinesRun(input: input, options: options, progress: progress).profile()
    }

    /// Profiles JSON lines held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the text.
    ///   - name: the input's name in errors.
    /// - Returns: the profile and the malformed lines.
    /// - Throws: ``JSONLinesError``.
    public func profile(bytes: [UInt8], name: String = "<memory>") throws(JSONLinesError) -> JSONLinesProfileResult {
        try validate(name)
        let input = _JSONLinesInput(
            bytes: bytes, name: name, blockSize: options.blockSize, maximumLineBytes: options.maximumLineBytes)
        return try _JSONLinesRun(input: input, options: options, progress: nil).profile()
    }

    private func validate(_ name: String) throws(JSONLinesError) {
        func invalid(_ field: String, _ expected: String, _ actual: String) -> JSONLinesError {
            JSONLinesError(.invalidOption, input: name, field: field, expected: expected, actual: actual)
        }
        if options.blockSize < 4096 || options.blockSize > 1 << 30 {
            throw invalid("block size", "4 KiB to 1 GiB", "\(options.blockSize) bytes")
        }
        if options.maximumLineBytes < 1 || options.maximumLineBytes > 1 << 30 {
            throw invalid("maximum line size", "1 byte to 1 GiB", "\(options.maximumLineBytes) bytes")
        }
        if options.maximumColumns < 1 {
            throw invalid("maximum column count", "at least 1", "\(options.maximumColumns)")
        }
        if options.maximumColumnNameBytes < 1 {
            throw invalid("maximum column name bytes", "at least 1", "\(options.maximumColumnNameBytes)")
        }
        if options.maximumDepth < 1 || options.maximumDepth > 1000 {
            throw invalid("maximum depth", "1 to 1000", "\(options.maximumDepth)")
        }
        if let threads = options.threadCount, threads < 1 {
            throw invalid("thread count", "at least 1", "\(threads)")
        }
    }
}
