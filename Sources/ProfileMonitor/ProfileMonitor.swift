import Dispatch
import Foundation
import Profiles
import Synchronization

/// A monitor over a directory of profiles: groups them into periods and segments, and evaluates
/// each period against its history.
///
/// For each period (a UTC hour or day of the dataset timestamp) and each segment (the segment tags
/// of whylogs segmented profiles; the whole dataset is one more series), the monitor evaluates:
/// - drift of every column against the ``MonitorBaseline`` (a fixed reference, or the merge of the
///   previous N periods), by the drift engine (`DriftReport`);
/// - a band on scalar series (``MonitorMetric``: row count, null share, mean, median, distinct
///   count, model quality): an alert outside the trailing mean ± k·σ;
/// - a constraint suite, when one is configured;
/// - columns that appeared or disappeared since the previous period.
///
/// The whole dataset of a period is the merge of its unsegmented profiles; a period with only
/// segmented profiles has the merge of all its segments as its whole dataset.
///
/// ```swift
/// let monitor = ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(7)))
/// let run = try monitor.run(inputs: ["daily/"], state: nil)
/// let latest = run.report.latestPeriod.map { run.report.verdict(in: $0) }
/// try run.state.write(to: "monitor.state")
/// ```
public struct ProfileMonitor: Sendable {
    /// What the monitor evaluates.
    public var configuration: MonitorConfiguration

    /// Creates a monitor.
    public init(configuration: MonitorConfiguration = MonitorConfiguration()) {
        self.configuration = configuration
    }

    struct GroupKey: Hashable, Sendable {
        var periodStart: UInt64
        var segment: MonitorSegment?
    }

    /// Runs the monitor over the profile files of `inputs`.
    ///
    /// Inputs are listed as `profile merge` lists them (`ProfileMerger.profileInputs(in:)`):
    /// directories recursively for `.bin` and `.bin.gz`, links to directories inside them not
    /// followed, a file reached twice read once; relative paths are made absolute (the state file
    /// keys files by absolute path). With a `state` from an earlier run (same
    /// settings), files whose size and modification time are unchanged are not read, and only the
    /// periods whose files changed, or whose trailing baseline did, are recomputed.
    ///
    /// - Parameters:
    ///   - inputs: file and directory paths.
    ///   - state: the state an earlier run returned, or `nil`.
    /// - Returns: the report, the new state and the warnings.
    /// - Throws: ``MonitorError``: `inputNotFound`, `noProfiles`, `budgetExceeded`, and
    ///   `invalidProfile` when a file is invalid and ``MonitorConfiguration/skipsInvalidFiles`` is off.
    public func run(inputs: [String], state: MonitorState?) throws(MonitorError) -> MonitorRun {
        var warnings: [String] = []
        let listing: ProfileInputListing
        do {
            listing = try Self.absoluteListing(of: inputs)
        } catch {
            throw MonitorError(.inputNotFound, path: error.path, reason: error.reason)
        }
        var skipped = listing.skipped.map(\.description)
        guard listing.paths.count <= configuration.maxFiles else {
            throw MonitorError(
                .budgetExceeded, path: inputs.joined(separator: " "),
                reason: "\(listing.paths.count) profile files, more than the budget of \(configuration.maxFiles)")
        }
        var previous = state
        if let state, state.fingerprint != configuration.fingerprint {
            warnings.append("the state file was written with other settings; starting from scratch")
            previous = nil
        }
        let knownFiles = Dictionary(
            (previous?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

        // Which files are known from the state, and which must be read.
        var records: [String: MonitorState.FileRecord] = [:]
        var toRead: [(path: String, status: _FileStatus)] = []
        for path in listing.paths {
            guard let status = _FileStatus(path: path) else {
                skipped.append("\(path): cannot be examined, or not a regular file")
                continue
            }
            if let known = knownFiles[path], known.size == status.size,
                known.modificationNanoseconds == status.modificationNanoseconds
            {
                records[path] = known
            } else {
                toRead.append((path, status))
            }
        }
        var reader = _BudgetedReader(configuration: configuration)
        let outcomes = try reader.read(toRead.map(\.path), sizes: toRead.map(\.status.size))
        var loaded: [String: DatasetProfile] = [:]
        for ((path, status), outcome) in zip(toRead, outcomes) {
            switch outcome {
            case .success(let profile):
                loaded[path] = profile
                records[path] = MonitorState.FileRecord(
                    path: path, size: status.size, modificationNanoseconds: status.modificationNanoseconds,
                    periodStart: MergePeriod(
                        configuration.granularity, containing: profile.datasetTimestampMilliseconds
                    )
                    .startMilliseconds,
                    segment: profile.segmentTags.map(MonitorSegment.init))
            case .failure(let error):
                guard configuration.skipsInvalidFiles else { throw error }
                skipped.append(error.description)
            }
        }
        let presentPaths = listing.paths.filter { records[$0] != nil }
        guard !presentPaths.isEmpty else {
            throw MonitorError(
                .noProfiles, path: inputs.joined(separator: " "), reason: "no readable .bin or .bin.gz profile files")
        }

        // Groups: (period, segment) and each period's whole dataset.
        var groupFiles: [GroupKey: [String]] = [:]
        var periodsWithWhole: Set<UInt64> = []
        for path in presentPaths {
            let record = records[path]!
            groupFiles[GroupKey(periodStart: record.periodStart, segment: record.segment), default: []].append(path)
            if record.segment == nil { periodsWithWhole.insert(record.periodStart) }
        }
        for path in presentPaths {
            let record = records[path]!
            if record.segment != nil, !periodsWithWhole.contains(record.periodStart) {
                groupFiles[GroupKey(periodStart: record.periodStart, segment: nil), default: []].append(path)
            }
        }
        var revisions: [GroupKey: String] = [:]
        for (key, paths) in groupFiles {
            revisions[key] = _StableDigest.digest(
                paths.map { path in
                    let record = records[path]!
                    return "\(path)\u{0}\(record.size)\u{0}\(record.modificationNanoseconds)"
                }
                .joined(separator: "\n"))
        }
        var series: [MonitorSegment?: [UInt64]] = [:]
        for key in groupFiles.keys { series[key.segment, default: []].append(key.periodStart) }
        for key in series.keys { series[key]!.sort() }

        // The baseline of each group, and which groups must be recomputed.
        var baselineKeys: [GroupKey: [GroupKey]] = [:]
        var baselineRevisions: [GroupKey: String] = [:]
        for (segment, periods) in series {
            for (index, start) in periods.enumerated() {
                let key = GroupKey(periodStart: start, segment: segment)
                switch configuration.baseline {
                case nil:
                    baselineRevisions[key] = "none"
                case .reference(let reference):
                    let own = segment.map { reference.segments[$0] != nil } ?? false
                    baselineRevisions[key] = reference.revision + (own ? ":segment" : ":overall")
                case .trailing(let count):
                    let earlier = periods[max(0, index - count)..<index].map {
                        GroupKey(periodStart: $0, segment: segment)
                    }
                    baselineKeys[key] = earlier
                    baselineRevisions[key] =
                        earlier.isEmpty
                        ? "none" : earlier.map { "\($0.periodStart):\(revisions[$0]!)" }.joined(separator: ",")
                }
            }
        }
        var oldGroups: [GroupKey: MonitorState.GroupRecord] = [:]
        for group in previous?.groups ?? [] {
            oldGroups[GroupKey(periodStart: group.periodStart, segment: group.segment)] = group
        }
        var profiles = _GroupProfiles(
            groupFiles: groupFiles, revisions: revisions, oldGroups: oldGroups, loaded: loaded, reader: reader)
        loaded = [:]

        var results: [GroupKey: MonitorState.GroupRecord] = [:]
        var dirty: [GroupKey] = []
        for key in groupFiles.keys.sorted(by: Self.precedes) {
            if let old = oldGroups[key], old.revision == revisions[key], old.baselineRevision == baselineRevisions[key]
            {
                results[key] = old
                results[key]?.profile = nil
            } else {
                dirty.append(key)
            }
        }
        // The dirty groups in period order, a chunk at a time on every core; profiles no later group
        // of the chunk can need are let go, so memory holds a chunk and its baselines.
        let allPeriods = Set(groupFiles.keys.map(\.periodStart)).sorted()
        let periodIndex = Dictionary(uniqueKeysWithValues: allPeriods.enumerated().map { ($1, $0) })
        let chunkSize = max(8, 2 * ProcessInfo.processInfo.activeProcessorCount)
        var chunkStart = 0
        while chunkStart < dirty.count {
            let chunk = dirty[chunkStart..<min(dirty.count, chunkStart + chunkSize)]
            var tasks: [_GroupTask] = []
            for key in chunk {
                var parts: [DatasetProfile] = []
                var partPaths: [String] = []
                switch configuration.baseline {
                case nil: break
                case .reference(let reference):
                    parts = [key.segment.flatMap { reference.segments[$0] } ?? reference.overall]
                case .trailing:
                    for earlier in baselineKeys[key] ?? [] {
                        parts.append(try profiles.profile(earlier))
                        partPaths.append(groupFiles[earlier]?.first ?? "")
                    }
                }
                tasks.append(
                    _GroupTask(
                        key: key, revision: revisions[key]!, baselineRevision: baselineRevisions[key]!,
                        profile: try profiles.profile(key), baselineParts: parts, baselinePaths: partPaths))
            }
            for outcome in Self.analyse(tasks, configuration: configuration) {
                let record = try outcome.get()
                results[GroupKey(periodStart: record.periodStart, segment: record.segment)] = record
            }
            chunkStart += chunk.count
            if chunkStart < dirty.count, let next = periodIndex[dirty[chunkStart].periodStart] {
                var keep = 0
                if case .trailing(let count) = configuration.baseline { keep = count }
                profiles.forget(before: allPeriods[max(0, next - keep)], records: records)
            }
        }

        // Keep the merged profiles a trailing baseline will need next run.
        if case .trailing(let count) = configuration.baseline {
            for (segment, periods) in series {
                for start in periods.suffix(count) {
                    let key = GroupKey(periodStart: start, segment: segment)
                    results[key]?.profile = Data(try profiles.profile(key).file.serializedBytes())
                }
            }
        }
        warnings += skipped
        let ordered = groupFiles.keys.sorted(by: Self.precedes).compactMap { results[$0] }
        let analysis = _SeriesAnalysis(configuration: configuration)
        let findings = (analysis.gatedAcrossSections(ordered.flatMap(\.findings)) + analysis.findings(ordered))
            .sorted(by: MonitorFinding.precedes)
        let report = MonitorReport(
            granularity: configuration.granularity,
            periods: Set(groupFiles.keys.map(\.periodStart)).sorted().map {
                MergePeriod(configuration.granularity, containing: $0)
            },
            segments: series.keys.compactMap { $0 }.sorted(), findings: findings,
            filesListed: listing.paths.count, filesRead: profiles.reader.filesRead, skipped: skipped)
        let newState = MonitorState(
            fingerprint: configuration.fingerprint, files: presentPaths.map { records[$0]! }, groups: ordered)
        return MonitorRun(report: report, state: newState, warnings: warnings)
    }

    /// The profile files of `inputs` (as ``ProfileMerger/profileInputs(in:)`` lists them), by
    /// absolute path: a state, or a reference's revision, then does not depend on the directory a
    /// run starts from.
    static func absoluteListing(of inputs: [String]) throws(ProfileMergeError) -> ProfileInputListing {
        let directory = FileManager.default.currentDirectoryPath
        return try ProfileMerger.profileInputs(in: inputs.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 })
    }

    /// Group order: period, then the whole dataset, then segments.
    static func precedes(_ a: GroupKey, _ b: GroupKey) -> Bool {
        if a.periodStart != b.periodStart { return a.periodStart < b.periodStart }
        switch (a.segment, b.segment) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case (let x?, let y?): return x < y
        }
    }

    /// Computes the groups' baselines, drift, constraints and series values on every core.
    static func analyse(
        _ tasks: [_GroupTask], configuration: MonitorConfiguration
    ) -> [Result<MonitorState.GroupRecord, MonitorError>] {
        let results = Mutex<[Result<MonitorState.GroupRecord, MonitorError>?]>(
            Array(repeating: nil, count: tasks.count))
        DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
            let record = Result { () throws(MonitorError) in
                try _GroupAnalysis(configuration: configuration).record(tasks[index])
            }
            results.withLock { $0[index] = record }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
