import Foundation
import Profiles

/// The merged profile of each (period, segment) group, made once when first asked for: from the
/// state's saved profile when the group's files are unchanged, else by merging its files (those
/// read this run, and the others read now).
struct _GroupProfiles {
    let groupFiles: [ProfileMonitor.GroupKey: [String]]
    let revisions: [ProfileMonitor.GroupKey: String]
    let oldGroups: [ProfileMonitor.GroupKey: MonitorState.GroupRecord]
    var loaded: [String: DatasetProfile]
    var reader: _BudgetedReader
    private var made: [ProfileMonitor.GroupKey: DatasetProfile] = [:]

    init(
        groupFiles: [ProfileMonitor.GroupKey: [String]], revisions: [ProfileMonitor.GroupKey: String],
        oldGroups: [ProfileMonitor.GroupKey: MonitorState.GroupRecord], loaded: [String: DatasetProfile],
        reader: _BudgetedReader
    ) {
        self.groupFiles = groupFiles
        self.revisions = revisions
        self.oldGroups = oldGroups
        self.loaded = loaded
        self.reader = reader
    }

    /// Lets go of the merged profiles of periods before `start`, and of the files read for them
    /// (they are made again, from the state or the files, if asked for).
    mutating func forget(before start: UInt64, records: [String: MonitorState.FileRecord]) {
        made = made.filter { $0.key.periodStart >= start }
        loaded = loaded.filter { (records[$0.key]?.periodStart ?? start) >= start }
    }

    mutating func profile(_ key: ProfileMonitor.GroupKey) throws(MonitorError) -> DatasetProfile {
        if let profile = made[key] { return profile }
        if let old = oldGroups[key], old.revision == revisions[key], let data = old.profile,
            let profile = try? DatasetProfile(
                file: ProfileFile(serializedBytes: [UInt8](data), limits: reader.readLimits))
        {
            made[key] = profile
            return profile
        }
        let paths = groupFiles[key] ?? []
        let missing = paths.filter { loaded[$0] == nil }
        if !missing.isEmpty {
            let sizes = missing.map { _FileStatus(path: $0)?.size ?? 0 }
            for (path, outcome) in zip(missing, try reader.read(missing, sizes: sizes)) {
                // The file read before (the state lists it): a failure now is an error.
                loaded[path] = try outcome.get()
            }
        }
        var merged: DatasetProfile?
        for path in paths {
            do throws(ProfileError) {
                try _merge(loaded[path]!, into: &merged)
            } catch {
                throw MonitorError(.invalidProfile, path: path, reason: "cannot be merged: \(error)")
            }
        }
        guard var result = merged else {
            throw MonitorError(.noProfiles, path: "", reason: "a period without profiles")
        }
        // A whole-dataset group merged from segments is not itself a segment.
        if key.segment == nil { result.segmentTags = nil }
        made[key] = result
        return result
    }
}
