/// Which slice of a dataset a profile describes: the segment columns and their values, as whylogs
/// tags a segmented profile (`whylogs.tag.<column>` → Python `str(value)`).
///
/// A profile read from a segmented file has one (``DatasetProfile/segmentKey``); `profile csv
/// --segment-by` writes one file per key; merging groups by it. The values are text from the
/// data: hostile. Escape them where they are shown (``description`` does not), and use
/// ``fileName`` — never a value — to name a file.
public struct SegmentKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The segment columns, in the order the segmentation named them.
    public let columns: [String]
    /// The value of each column, as Python's `str(value)` of what pandas read (`nan` for a missing
    /// value).
    public let values: [String]

    /// A key of columns and their values.
    ///
    /// - Precondition: as many values as columns, at least one.
    public init(columns: [String], values: [String]) {
        precondition(!columns.isEmpty && columns.count == values.count, "a segment key needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The key of a segmented file's tags, or `nil` when there are none. A tag key without the
    /// `whylogs.tag.` prefix names its column as it is.
    public init?(tags: [ProfileFile.SegmentTag]) {
        guard !tags.isEmpty else { return nil }
        columns = tags.map { tag in
            tag.key.hasPrefix(DatasetProfile.tagPrefix)
                ? String(tag.key.dropFirst(DatasetProfile.tagPrefix.count)) : tag.key
        }
        values = tags.map(\.value)
    }

    /// The file's segment tags: `whylogs.tag.<column>` and the value, in column order.
    public var tags: [ProfileFile.SegmentTag] {
        zip(columns, values).map { ProfileFile.SegmentTag(key: DatasetProfile.tagPrefix + $0, value: $1) }
    }

    /// `column=value` pairs joined by `, ` (not escaped).
    public var description: String {
        zip(columns, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// Orders by columns, then values, each compared by Unicode scalars (Python's order).
    public static func < (lhs: SegmentKey, rhs: SegmentKey) -> Bool {
        if lhs.columns != rhs.columns { return precedes(lhs.columns, rhs.columns) }
        return precedes(lhs.values, rhs.values)
    }

    private static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return _MetricPath.precedes(x, y) }
        return a.count < b.count
    }
}
