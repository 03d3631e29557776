public import Profiles

/// A JSON-lines input's profile, and what the profiler found on the way.
public struct JSONLinesProfileResult: Sendable {
    /// The profile: one column per flattened name (plus text-metadata columns).
    public var profile: DatasetProfile
    /// Lines profiled (one object each).
    public var rowCount: Int64
    /// Lines read, blank and malformed ones included.
    public var lineCount: Int
    /// Input bytes read.
    public var byteCount: Int64
    /// The number of malformed lines (see ``JSONLinesMalformedLine``).
    public var malformedLineCount: Int
    /// The first malformed lines (at most ``maximumReportedMalformedLines``), in input order.
    public var malformedLines: [JSONLinesMalformedLine]

    /// How many malformed lines are kept in ``malformedLines``.
    public static let maximumReportedMalformedLines = 100
}
