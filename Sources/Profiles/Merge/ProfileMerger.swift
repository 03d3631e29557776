import Dispatch
import Foundation
import Synchronization

/// Merges many profile files, streaming, into one profile or one profile per period.
///
/// Inputs are files and directories; directories are searched recursively for `.bin` and
/// `.bin.gz` files (see ``profilePaths(in:)``). Files are read and decoded a small batch at a time
/// (four per core, decoded on every core) and folded into the running result in input order, so
/// memory holds the running result (one profile per period when grouping) plus one batch of
/// profiles, however many files there are, and the result does not depend on the core count. Merging follows whylogs
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
    /// The decompression limits and decoding budgets for reading each file.
    public var readLimits: ProfileReadLimits

    /// Creates a merger.
    ///
    /// - Parameters:
    ///   - granularity: group by UTC hour or day of the dataset timestamp (default: no grouping).
    ///   - skipsInvalidFiles: skip invalid files instead of failing (default: fail).
    ///   - readLimits: the decompression limits and decoding budgets for reading each file.
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
    /// named twice is kept once (its first place). See ``profileInputs(in:)`` for links.
    ///
    /// - Parameter inputs: file and directory paths.
    /// - Returns: the file paths.
    /// - Throws: ``ProfileMergeError`` with code `inputNotFound` for a missing or unlistable input.
    public static func profilePaths(in inputs: [String]) throws(ProfileMergeError) -> [String] {
        try profileInputs(in: inputs).paths
    }

    /// The profile files of the inputs (as ``profilePaths(in:)``), and what was passed over.
    ///
    /// An input that is a link is followed: naming it is the user's choice. Inside a searched
    /// directory, links to files are followed but links to directories are not (a link to an
    /// enclosing directory would repeat it without end); each is reported as skipped. A file
    /// reached by a second path (a link, a hard link, a directory named twice: the same device and
    /// inode) is listed once, at its first place, and the later paths are reported as skipped; the
    /// same path named twice is kept once silently.
    ///
    /// - Parameter inputs: file and directory paths.
    /// - Returns: the file paths and the skipped entries.
    /// - Throws: ``ProfileMergeError`` with code `inputNotFound` for a missing or unlistable input.
    /// - Complexity: O(entries) expected, plus sorting each directory's names.
    public static func profileInputs(in inputs: [String]) throws(ProfileMergeError) -> ProfileInputListing {
        var listing = ProfileInputListing(paths: [], skipped: [])
        var seenPaths: Set<String> = []
        var firstPath: [_FileIdentity: String] = [:]
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ProfileMergeError(.inputNotFound, path: input, reason: "no such file or directory")
            }
            let found =
                isDirectory.boolValue ? try profilePaths(inDirectory: input, skipped: &listing.skipped) : [input]
            for path in found where seenPaths.insert(path).inserted {
                if let identity = _FileIdentity(path: path) {
                    if let first = firstPath[identity] {
                        listing.skipped.append(.init(path: path, reason: .sameFile(as: first)))
                        continue
                    }
                    firstPath[identity] = path
                }
                listing.paths.append(path)
            }
        }
        return listing
    }

    private static func profilePaths(
        inDirectory directory: String, skipped: inout [ProfileInputListing.Skipped]
    ) throws(ProfileMergeError) -> [String] {
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
                if _FileIdentity.isSymbolicLink(path) {
                    skipped.append(.init(path: path, reason: .linkToDirectory))
                } else {
                    result += try profilePaths(inDirectory: path, skipped: &skipped)
                }
            } else if name.hasSuffix(".bin") || name.hasSuffix(".bin.gz") {
                result.append(path)
            }
        }
        return result
    }

    /// Merges the profile files of `inputs` (files and directories, see ``profileInputs(in:)``);
    /// the entries passed over are in ``ProfileMergeResult/skippedInputs``.
    ///
    /// - Parameters:
    ///   - inputs: file and directory paths.
    ///   - progress: called after each file is read.
    /// - Returns: the merged profile(s).
    /// - Throws: ``ProfileMergeError``: `inputNotFound`, `noProfiles` when there are no profile
    ///   files (or all were skipped), `invalidProfile` naming the first bad file unless skipping.
    /// - Complexity: O(total size of the files); memory O(one batch of files + one profile per period).
    public func merge(
        inputs: [String], progress: (ProfileMergeProgress) -> Void = { _ in }
    ) throws(ProfileMergeError) -> ProfileMergeResult {
        let listing = try Self.profileInputs(in: inputs)
        guard !listing.paths.isEmpty else {
            throw ProfileMergeError(
                .noProfiles, path: inputs.joined(separator: " "), reason: "no .bin or .bin.gz profile files")
        }
        var result = try merge(files: listing.paths, progress: progress)
        result.skippedInputs = listing.skipped
        return result
    }

    /// Merges the given profile files, in order, reading a batch at a time.
    ///
    /// - Parameters:
    ///   - paths: profile files (v1, segmented v1 or v0; plain or gzip).
    ///   - progress: called after each file is read.
    /// - Returns: the merged profile(s).
    /// - Throws: ``ProfileMergeError``: `invalidProfile` naming the first bad file (unless
    ///   ``skipsInvalidFiles``) — one that does not read, or whose counts would take the merged
    ///   ones past ``ColumnProfile/maximumCount`` (its `underlying` error has code
    ///   `countOverflow`) or the merged columns past ``ProfileReadLimits/maxColumns`` of
    ///   ``readLimits`` (`limitExceeded`) — and `noProfiles` if no file could be merged.
    /// - Complexity: O(total size of the files); memory O(one batch of files + one profile per period).
    public func merge(
        files paths: [String], progress: (ProfileMergeProgress) -> Void = { _ in }
    ) throws(ProfileMergeError) -> ProfileMergeResult {
        var groups: [ProfileMergeResult.GroupKey: _ProfileAccumulator] = [:]
        var skipped: [ProfileMergeError] = []
        var merged = 0
        // Files are read and decoded a batch at a time on every core, then folded in input order:
        // memory holds one batch of profiles, and the result does not depend on the core count.
        let batchSize = max(1, readBatchSize)
        var batchStart = 0
        while batchStart < paths.count {
            let batch = Array(paths[batchStart..<min(paths.count, batchStart + batchSize)])
            let profiles = readConcurrently(batch)
            for (offset, outcome) in profiles.enumerated() {
                switch outcome {
                case .success(let profile):
                    let period = ProfileMergeResult.GroupKey(
                        period: granularity.map { MergePeriod($0, containing: profile.datasetTimestampMilliseconds) },
                        segment: profile.segmentKey)
                    do throws(ProfileError) {
                        if groups[period] == nil {
                            groups[period] = _ProfileAccumulator(profile, maxColumns: readLimits.maxColumns)
                        } else {
                            try groups[period]!.add(profile)
                        }
                        merged += 1
                    } catch {
                        // A valid file whose counts would take the merged ones past 2^53: skippable
                        // like an invalid one, and the running result is unchanged.
                        let failure = ProfileMergeError(
                            .invalidProfile, path: batch[offset], reason: "cannot be merged: \(error.description)",
                            underlying: error)
                        guard skipsInvalidFiles else { throw failure }
                        skipped.append(failure)
                    }
                case .failure(let error):
                    guard skipsInvalidFiles else { throw error }
                    skipped.append(error)
                }
                progress(
                    ProfileMergeProgress(
                        filesDone: batchStart + offset + 1, filesTotal: paths.count, filesSkipped: skipped.count,
                        path: batch[offset]))
            }
            batchStart += batch.count
        }
        guard merged > 0 else {
            throw ProfileMergeError(
                .noProfiles, path: paths.first ?? "", reason: "no valid profile among \(paths.count) files")
        }
        let ordered = groups.sorted { $0.key < $1.key }
            .map {
                ProfileMergeResult.Group(
                    period: $0.key.period, segment: $0.key.segment, profile: $0.value.result,
                    fileCount: $0.value.fileCount)
            }
        return ProfileMergeResult(groups: ordered, filesMerged: merged, skipped: skipped)
    }

    /// How many files are read ahead at once: four per active core.
    private var readBatchSize: Int { 4 * ProcessInfo.processInfo.activeProcessorCount }

    /// Reads and decodes files on every core; the outcomes are in the order of `paths`.
    private func readConcurrently(_ paths: [String]) -> [Result<DatasetProfile, ProfileMergeError>] {
        if paths.count == 1 { return [Result { () throws(ProfileMergeError) in try read(paths[0]) }] }
        let outcomes = Mutex<[Result<DatasetProfile, ProfileMergeError>?]>(Array(repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let outcome = Result { () throws(ProfileMergeError) in try read(paths[index]) }
            outcomes.withLock { $0[index] = outcome }
        }
        return outcomes.withLock { $0.compactMap { $0 } }
    }

    private func read(_ path: String) throws(ProfileMergeError) -> DatasetProfile {
        do {
            return try DatasetProfile(file: ProfileFile(contentsOf: path, limits: readLimits), limits: readLimits)
        } catch {
            throw ProfileMergeError(.invalidProfile, path: path, reason: error.description, underlying: error)
        }
    }
}
