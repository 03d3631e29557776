/// How far ``ArrowProfiler`` has got, reported as messages are read.
public struct ArrowProgress: Sendable, Hashable {
    /// Input bytes read so far.
    public var bytesProcessed: Int64
    /// The input's size in bytes, when known (a regular file); `nil` for a pipe.
    public var totalBytes: Int64?
    /// Rows read so far.
    public var rowsProcessed: Int64
    /// Whether profiling has finished.
    public var isFinished: Bool

    /// A progress report.
    ///
    /// - Parameters:
    ///   - bytesProcessed: bytes read so far.
    ///   - totalBytes: the input's size, if known.
    ///   - rowsProcessed: rows read so far.
    ///   - isFinished: whether profiling has finished.
    public init(bytesProcessed: Int64, totalBytes: Int64?, rowsProcessed: Int64, isFinished: Bool) {
        self.bytesProcessed = bytesProcessed
        self.totalBytes = totalBytes
        self.rowsProcessed = rowsProcessed
        self.isFinished = isFinished
    }
}
