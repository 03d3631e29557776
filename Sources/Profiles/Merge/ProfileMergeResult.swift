import Foundation

/// The outcome of a ``ProfileMerger`` run: one merged profile, or one per period.
public struct ProfileMergeResult: Sendable {
    /// A merged profile, the period it covers and the segment it describes.
    public struct Group: Sendable {
        /// The period, or `nil` when the merge was not grouped.
        public var period: MergePeriod?
        /// The segment, or `nil` for whole-dataset profiles. Segments are always merged apart.
        public var segment: SegmentKey?
        /// The merge of every profile in the period and segment (or of all profiles).
        public var profile: DatasetProfile
        /// How many files were merged into it.
        public var fileCount: Int

        /// Creates a group.
        public init(period: MergePeriod?, segment: SegmentKey? = nil, profile: DatasetProfile, fileCount: Int) {
            self.period = period
            self.segment = segment
            self.profile = profile
            self.fileCount = fileCount
        }
    }

    /// What a group is merged by: the period (if grouped by time) and the segment (if any).
    struct GroupKey: Hashable, Comparable {
        var period: MergePeriod?
        var segment: SegmentKey?

        /// Periods earliest first; in a period, the whole dataset first, then segments in order.
        static func < (a: GroupKey, b: GroupKey) -> Bool {
            if a.period != b.period {
                guard let x = a.period else { return true }
                guard let y = b.period else { return false }
                return x < y
            }
            guard let y = b.segment else { return false }
            guard let x = a.segment else { return true }
            return x < y
        }
    }

    /// The merged profiles, by period (earliest first) and in each period the whole dataset, then
    /// each segment; a single group with no period when the merge was not grouped and no input
    /// was segmented.
    public var groups: [Group]
    /// Files merged.
    public var filesMerged: Int
    /// The files skipped as invalid (only with ``ProfileMerger/skipsInvalidFiles``), in input order.
    public var skipped: [ProfileMergeError]

    /// Links to directories and repeated files passed over while listing the inputs (see
    /// ``ProfileMerger/profileInputs(in:)``), in the order they were met.
    public var skippedInputs: [ProfileInputListing.Skipped]

    /// Creates a result.
    public init(
        groups: [Group], filesMerged: Int, skipped: [ProfileMergeError],
        skippedInputs: [ProfileInputListing.Skipped] = []
    ) {
        self.groups = groups
        self.filesMerged = filesMerged
        self.skipped = skipped
        self.skippedInputs = skippedInputs
    }

    /// The merge of all groups: the merged profile when the merge was not grouped.
    ///
    /// Each group's counts are within ``ColumnProfile/maximumCount``, but groups add up: a sum past
    /// it (which would not read back, and past `Int64` would wrap or trap) throws instead.
    ///
    /// - Throws: ``ProfileError`` with code `countOverflow` (``DatasetProfile/checkMergeable(_:)``).
    public var profile: DatasetProfile {
        get throws(ProfileError) {
            var result = groups[0].profile
            for group in groups.dropFirst() {
                try result.checkMergeable(group.profile)
                result.merge(group.profile)
            }
            return result
        }
    }

    /// Writes ``profile`` to a file atomically (a temporary file, then a rename).
    ///
    /// - Parameters:
    ///   - path: the output file.
    ///   - gzip: whether to gzip it; `nil` (the default) compresses when `path` ends in `.gz`.
    /// - Throws: ``ProfileMergeError`` with code `writeFailed`, or `invalidProfile` when the groups'
    ///   counts add up past ``ColumnProfile/maximumCount``.
    public func write(toFile path: String, gzip: Bool? = nil) throws(ProfileMergeError) {
        let merged: DatasetProfile
        do {
            merged = try profile
        } catch {
            throw ProfileMergeError(
                .invalidProfile, path: path, reason: "the periods cannot be merged: \(error.description)",
                underlying: error)
        }
        try Self.write(merged, to: path, gzip: gzip ?? path.hasSuffix(".gz"))
    }

    /// The file name of a period's profile: the period's name (``MergePeriod/name``) then `.bin`,
    /// or `.bin.gz` when gzipped, e.g. `2026-11-25.bin`, `2026-11-25T13.bin.gz`.
    ///
    /// - Parameters:
    ///   - period: the period.
    ///   - gzip: whether the file is gzipped.
    /// - Returns: the file name.
    public static func fileName(for period: MergePeriod, gzip: Bool) -> String {
        period.name + (gzip ? ".bin.gz" : ".bin")
    }

    /// Whether any group is a segment's (an input was a segmented profile).
    public var hasSegments: Bool { groups.contains { $0.segment != nil } }

    /// Writes each group's profile into `directory` (created if missing) as
    /// ``fileName(for:gzip:)``; each file is written atomically (a temporary file, then a rename),
    /// replacing any file of that name. An ungrouped result is written as `merged.bin[.gz]`. A
    /// segment's profile is named by its segment (``SegmentKey/fileName``), after its period and
    /// `_` when grouped by time: `segment-region=eu.bin`, `2026-11-25_segment-region=eu.bin`.
    ///
    /// - Parameters:
    ///   - directory: the output directory.
    ///   - gzip: whether to gzip the files.
    /// - Returns: the paths written, in period order.
    /// - Throws: ``ProfileMergeError`` with code `writeFailed`.
    @discardableResult
    public func write(toDirectory directory: String, gzip: Bool = false) throws(ProfileMergeError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ProfileMergeError(.writeFailed, path: directory, reason: "cannot create the directory")
        }
        var written: [String] = []
        let segmentNames = SegmentKey.fileNames(for: Array(Set(groups.compactMap(\.segment))))
        let suffix = gzip ? ".bin.gz" : ".bin"
        for group in groups {
            var name = group.period.map { Self.fileName(for: $0, gzip: gzip) } ?? "merged" + suffix
            if let segment = group.segment {
                name = (group.period.map { $0.name + "_" } ?? "") + segmentNames[segment]! + suffix
            }
            let path = (directory as NSString).appendingPathComponent(name)
            try Self.write(group.profile, to: path, gzip: gzip)
            written.append(path)
        }
        return written
    }

    /// Writes one profile atomically, mapping the error.
    static func write(_ profile: DatasetProfile, to path: String, gzip: Bool) throws(ProfileMergeError) {
        do {
            try profile.file.write(to: path, gzip: gzip)
        } catch {
            throw ProfileMergeError(
                .writeFailed, path: path, reason: "cannot write: \(error.actual)", underlying: error)
        }
    }
}
