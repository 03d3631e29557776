public import Profiles

/// A CSV file's profile, and what the profiler found on the way.
public struct CSVProfileResult: Sendable {
    /// The profile: one column per selected CSV column (plus text-metadata columns).
    public var profile: DatasetProfile
    /// The columns in file order, with the type inferred for each.
    public var columns: [(name: String, type: CSVColumnType)]
    /// The delimiter used (given or detected).
    public var delimiter: UInt8
    /// Data rows profiled (rows with too few fields included).
    public var rowCount: Int64
    /// Input bytes read.
    public var byteCount: Int64
    /// The number of malformed rows (see ``CSVMalformedRow``).
    public var malformedRowCount: Int
    /// The first malformed rows (at most ``maximumReportedMalformedRows``), in file order.
    public var malformedRows: [CSVMalformedRow]
    /// The number of string values that were not valid UTF-8; each invalid sequence was replaced by
    /// U+FFFD.
    public var invalidUTF8ValueCount: Int
    /// With ``CSVOptions/segmentColumns``, each segment's profile, ordered by key; empty otherwise.
    public var segments: [ProfileSegment] = []

    /// How many malformed rows are kept in ``malformedRows``.
    public static let maximumReportedMalformedRows = 100
}
