import Foundation

/// Merges many profile files, one file at a time, into one profile or one profile per period.
///
/// Inputs are files and directories; directories are searched recursively for `.bin` and
/// `.bin.gz` files (see ``profilePaths(in:)``). Each file is read, decoded and folded into the
/// running result before the next is read, so memory holds the running result (one profile per
/// period when grouping) plus one file, however many files there are. Merging follows whylogs
/// (``DatasetProfile/merge(_:)``, spec §3): the merged dataset timestamp is the earliest.
///
/// ```swift
/// let merger = ProfileMerger(by: .day)
/// let result = try merger.merge(inputs: ["windows/"]) { print($0.filesDone, "/", $0.filesTotal) }
/// try result.write(toDirectory: "daily")
/// ```
public struct ProfileMerger: Sendable {
    /// Group profiles into UTC periods of this length by dataset timestamp (`nil`: one profile).
    public var granularity: MergePeriod.Granularity?
    /// Skip files that are not valid profiles (reported in ``ProfileMergeResult/skipped``) instead
    /// of failing on the first one (the default).
    public var skipsInvalidFiles: Bool
    /// The decompression limits for reading each file.
    public var readLimits: ProfileReadLimits

    /// Creates a merger.
    ///
    /// - Parameters:
    ///   - granularity: group by UTC hour or day of the dataset timestamp (default: no grouping).
    ///   - skipsInvalidFiles: skip invalid files instead of failing (default: fail).
    ///   - readLimits: the decompression limits for reading each file.
    public init(
        by granularity: MergePeriod.Granularity? = nil, skipsInvalidFiles: Bool = false,
        readLimits: ProfileReadLimits = .default
    ) {
        self.granularity = granularity
        self.skipsInvalidFiles = skipsInvalidFiles
        self.readLimits = readLimits
    }

    /// The profile files of the inputs, in a deterministic order: each input in the order given; a
    /// file as is (whatever its name); a directory searched recursively for files ending `.bin` or
    /// `.bin.gz` (hidden entries, whose names begin with `.`, are skipped), sorted by path. A file
    /// named twice is kept once (its first place).
    ///
    /// - Parameter inputs: file and directory paths.
    /// - Returns: the file paths.
    /// - Throws: ``ProfileMergeError`` with code `inputNotFound` for a missing or unlistable input.
    public static func profilePaths(in inputs: [String]) throws(ProfileMergeError) -> [String] {
        var paths: [String] = []
        var seen: Set<String> = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ProfileMergeError(.inputNotFound, path: input, reason: "no such file or directory")
            }
            let found = isDirectory.boolValue ? try profilePaths(inDirectory: input) : [input]
            for path in found where seen.insert(path).inserted {
                paths.append(path)
            }
        }
        return paths
    }

    private static func profilePaths(inDirectory directory: String) throws(ProfileMergeError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ProfileMergeError(.inputNotFound, path: directory, reason: "cannot list the directory")
        }
        var result: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                result += try profilePaths(inDirectory: path)
            } else if name.hasSuffix(".bin") || name.hasSuffix(".bin.gz") {
                result.append(path)
            }
        }
        return result
    }

    /// Merges the profile files of `inputs` (files and directories, see ``profilePaths(in:)``).
    ///
    /// - Parameters:
    ///   - inputs: file and directory paths.
    ///   - progress: called after each file is read.
    /// - Returns: the merged profile(s).
    /// - Throws: ``ProfileMergeError``: `inputNotFound`, `noProfiles` when there are no profile
    ///   files (or all were skipped), `invalidProfile` naming the first bad file unless skipping.
    /// - Complexity: O(total size of the files); memory O(one file + one profile per period).
    public func merge(
        inputs: [String], progress: (ProfileMergeProgress) -> Void = { _ in }
    ) throws(ProfileMergeError) -> ProfileMergeResult {
        let paths = try Self.profilePaths(in: inputs)
        guard !paths.isEmpty else {
            throw ProfileMergeError(
                .noProfiles, path: inputs.joined(separator: " "), reason: "no .bin or .bin.gz profile files")
        }
        return try merge(files: paths, progress: progress)
    }

    /// Merges the given profile files, in order, reading one at a time.
    ///
    /// - Parameters:
    ///   - paths: profile files (v1, segmented v1 or v0; plain or gzip).
    ///   - progress: called after each file is read.
    /// - Returns: the merged profile(s).
    /// - Throws: ``ProfileMergeError``: `invalidProfile` naming the first bad file (unless
    ///   ``skipsInvalidFiles``), `noProfiles` if no file could be merged.
    /// - Complexity: O(total size of the files); memory O(one file + one profile per period).
    public func merge(
        files paths: [String], progress: (ProfileMergeProgress) -> Void = { _ in }
    ) throws(ProfileMergeError) -> ProfileMergeResult {
        var groups: [MergePeriod?: ProfileMergeResult.Group] = [:]
        var skipped: [ProfileMergeError] = []
        var merged = 0
        for (index, path) in paths.enumerated() {
            do throws(ProfileMergeError) {
                let profile = try read(path)
                let period = granularity.map { MergePeriod($0, containing: profile.datasetTimestampMilliseconds) }
                if groups[period] == nil {
                    groups[period] = ProfileMergeResult.Group(period: period, profile: profile, fileCount: 1)
                } else {
                    groups[period]!.profile.merge(profile)
                    groups[period]!.fileCount += 1
                }
                merged += 1
            } catch {
                guard skipsInvalidFiles else { throw error }
                skipped.append(error)
            }
            progress(
                ProfileMergeProgress(
                    filesDone: index + 1, filesTotal: paths.count, filesSkipped: skipped.count, path: path))
        }
        guard merged > 0 else {
            throw ProfileMergeError(
                .noProfiles, path: paths.first ?? "", reason: "no valid profile among \(paths.count) files")
        }
        let ordered = groups.values.sorted { a, b in
            switch (a.period, b.period) {
            case (let x?, let y?): x < y
            default: false
            }
        }
        return ProfileMergeResult(groups: ordered, filesMerged: merged, skipped: skipped)
    }

    private func read(_ path: String) throws(ProfileMergeError) -> DatasetProfile {
        do {
            return try DatasetProfile(file: ProfileFile(contentsOf: path, limits: readLimits))
        } catch {
            throw ProfileMergeError(.invalidProfile, path: path, reason: error.description, underlying: error)
        }
    }
}
