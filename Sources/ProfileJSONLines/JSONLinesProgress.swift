import Profiles

/// How far ``JSONLinesProfiler`` has got, reported as blocks of lines are profiled.
public struct JSONLinesProgress: Sendable, Hashable {
    /// Input bytes profiled so far.
    public var bytesProcessed: Int64
    /// The input's size in bytes; 0 when unknown (a pipe).
    public var totalBytes: Int64
    /// Rows (objects) profiled so far.
    public var rowsProcessed: Int64

    /// A progress report.
    ///
    /// - Parameters:
    ///   - bytesProcessed: input bytes profiled so far.
    ///   - totalBytes: the input's size, 0 when unknown.
    ///   - rowsProcessed: rows profiled so far.
    public init(bytesProcessed: Int64, totalBytes: Int64, rowsProcessed: Int64) {
        self.bytesProcessed = bytesProcessed
        self.totalBytes = totalBytes
        self.rowsProcessed = rowsProcessed
    }
}
