/// Profiles of one dataset by segment: the whole-dataset profile (if any) and each segment's.
///
/// What `profile diff`, `profile check` and `profile show` compare or list when an input is a
/// directory of segmented profiles (`profile csv --segment-by`, whylogs' segmented files, merged
/// days): files of the same segment are merged, whole-dataset files apart.
public struct SegmentedProfiles: Sendable {
    /// The merge of the whole-dataset (unsegmented) profiles, or `nil` when every input was a
    /// segment's.
    public var whole: DatasetProfile?
    /// Each segment's profile, by key.
    public var segments: [SegmentKey: DatasetProfile]
    /// How many files were merged.
    public var fileCount: Int

    /// A set of profiles.
    public init(whole: DatasetProfile?, segments: [SegmentKey: DatasetProfile], fileCount: Int) {
        self.whole = whole
        self.segments = segments
        self.fileCount = fileCount
    }

    /// The groups of an ungrouped merge (``ProfileMerger`` without a period), by segment.
    public init(_ result: ProfileMergeResult) {
        whole = result.groups.first { $0.segment == nil }?.profile
        segments = [:]
        for group in result.groups {
            if let key = group.segment { segments[key] = group.profile }
        }
        fileCount = result.filesMerged
    }

    /// The profile files of `inputs` (files, and directories searched as ``ProfileMerger`` searches
    /// them), merged by segment.
    ///
    /// - Throws: ``ProfileMergeError`` for a missing input, no profile, or a file that is not one.
    public static func load(
        _ inputs: [String], readLimits: ProfileReadLimits = .default
    ) throws(ProfileMergeError) -> SegmentedProfiles {
        SegmentedProfiles(try ProfileMerger(readLimits: readLimits).merge(inputs: inputs))
    }

    /// Whether any profile was a segment's.
    public var isSegmented: Bool { !segments.isEmpty }

    /// The segment keys in order.
    public var keys: [SegmentKey] { segments.keys.sorted() }

    /// The profile of the whole dataset: the whole-dataset profiles' merge when there are any,
    /// otherwise the merge of every segment (which covers the dataset when the segments are one
    /// segmentation's, as `profile csv --segment-by` writes them).
    ///
    /// - Throws: ``ProfileError`` with code `countOverflow` when the segments' counts add up past
    ///   ``ColumnProfile/maximumCount``.
    public var overall: DatasetProfile {
        get throws(ProfileError) {
            if let whole { return whole }
            var result: DatasetProfile?
            for key in keys {
                let profile = segments[key]!
                if result == nil {
                    result = profile
                } else {
                    try result!.checkMergeable(profile)
                    result!.merge(profile)
                }
            }
            return result ?? DatasetProfile()
        }
    }
}
