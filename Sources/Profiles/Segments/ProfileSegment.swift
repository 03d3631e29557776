/// The profile of one segment of a dataset: its key, its profile (marked with
/// ``DatasetProfile/setSegment(_:)``, so it is written as whylogs writes a segmented profile), and
/// its row count.
public struct ProfileSegment: Sendable {
    /// The segment.
    public var key: SegmentKey
    /// The segment's profile.
    public var profile: DatasetProfile
    /// The rows of the segment.
    public var rowCount: Int64

    /// A segment's profile.
    public init(key: SegmentKey, profile: DatasetProfile, rowCount: Int64) {
        self.key = key
        self.profile = profile
        self.rowCount = rowCount
    }
}
