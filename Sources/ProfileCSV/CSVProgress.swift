import Profiles

/// How far ``CSVProfiler`` has got, reported as blocks are profiled.
public struct CSVProgress: Sendable, Hashable {
    /// Input bytes profiled so far.
    public var bytesProcessed: Int64
    /// The input's size in bytes (for standard input, what has been read so far).
    public var totalBytes: Int64
    /// Rows profiled so far.
    public var rowsProcessed: Int64
    /// Whether profiling has finished.
    public var isFinished: Bool

    /// A progress report.
    public init(bytesProcessed: Int64, totalBytes: Int64, rowsProcessed: Int64, isFinished: Bool) {
        self.bytesProcessed = bytesProcessed
        self.totalBytes = totalBytes
        self.rowsProcessed = rowsProcessed
        self.isFinished = isFinished
    }
}
