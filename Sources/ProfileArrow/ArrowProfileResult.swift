public import Profiles

/// An Arrow input's profile, and what the profiler found on the way.
public struct ArrowProfileResult: Sendable {
    /// The profile: one column per profiled Arrow column (plus text-metadata columns).
    public var profile: DatasetProfile
    /// Every top-level column of the schema in order, with its type and, for a column not in
    /// the profile, why.
    public var columns: [ArrowColumn]
    /// Rows profiled (the record batches' lengths).
    public var rowCount: Int64
    /// Record batches read.
    public var batchCount: Int
    /// Input bytes read.
    public var byteCount: Int64
    /// Whether the input was the IPC file format (`ARROW1`) rather than a stream.
    public var isFileFormat: Bool
    /// The number of string values that were not valid UTF-8; each invalid sequence was replaced by
    /// U+FFFD.
    public var invalidUTF8ValueCount: Int

    /// The columns skipped because their type cannot be profiled (what the warnings name).
    public var unsupportedColumns: [ArrowColumn] {
        columns.filter { $0.skipReason != nil && $0.skipReason != ArrowProfiler.notSelectedReason }
    }
}
