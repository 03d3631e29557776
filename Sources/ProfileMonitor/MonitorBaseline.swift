public import Profiles

/// What drift is measured against.
public enum MonitorBaseline: Sendable {
    /// A fixed reference: each segment is compared with the reference's same segment when the
    /// reference has it, else with the reference's whole dataset.
    case reference(MonitorReference)
    /// The merge of the series' previous N periods (those present, up to N; the first period of a
    /// series has no baseline and no drift finding).
    case trailing(Int)
}

/// A fixed drift reference: its whole-dataset profile and its segments' profiles.
public struct MonitorReference: Sendable {
    /// The whole dataset: the merge of the reference's unsegmented profiles, or of all of them
    /// when every one is segmented.
    public var overall: DatasetProfile
    /// The merge of each segment's profiles.
    public var segments: [MonitorSegment: DatasetProfile]
    /// Identifies the reference's content in a state file (a changed reference invalidates it).
    public var revision: String

    /// Creates a reference from profiles (unsegmented and segmented).
    ///
    /// - Parameters:
    ///   - profiles: the reference's profiles; not empty.
    ///   - revision: identifies their content (for example, their paths, sizes and modification times).
    /// - Throws: `ProfileError` when merging them would take a count past
    ///   `ColumnProfile.maximumCount` (`DatasetProfile.checkMergeable(_:)`).
    public init(profiles: [DatasetProfile], revision: String) throws(ProfileError) {
        precondition(!profiles.isEmpty, "a reference needs at least one profile")
        var whole: DatasetProfile?
        var all: DatasetProfile?
        var segments: [MonitorSegment: DatasetProfile] = [:]
        for profile in profiles {
            try _merge(profile, into: &all)
            if let tags = profile.segmentTags {
                try _merge(profile, into: &segments[MonitorSegment(tags)])
            } else {
                try _merge(profile, into: &whole)
            }
        }
        self.overall = whole ?? all!
        self.segments = segments
        self.revision = revision
    }
}

/// Merges `profile` into `running` (or starts it), checking the counts first.
func _merge(_ profile: DatasetProfile, into running: inout DatasetProfile?) throws(ProfileError) {
    guard var merged = running else {
        running = profile
        return
    }
    try merged.checkMergeable(profile)
    merged.merge(profile)
    running = merged
}
