import Foundation
import Profiles
import Testing

/// What a merge of many files, each within its budgets, may add up to: the merged columns stay
/// within ``ProfileReadLimits/maxColumns`` and the counts of merged periods within
/// ``ColumnProfile/maximumCount``, so that a merged profile always reads back.
@Suite struct MergeBoundsTests {
    /// A profile with one row in each of `columns`.
    static func profile(columns: [String], timestamp: UInt64 = 0) -> DatasetProfile {
        var profile = DatasetProfile(datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp)
        for name in columns { profile.log(column: name, ints: [1]) }
        return profile
    }

    @Test func filesWithDifferentColumnsCannotMergePastTheColumnLimit() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-merge-bounds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, columns) in [["a", "b"], ["a", "c"], ["d", "e"], ["b"]].enumerated() {
            try Self.profile(columns: columns).file.write(to: directory + "/\(index).bin")
        }
        let limits = ProfileReadLimits(maxColumns: 3)
        do throws(ProfileMergeError) {
            _ = try ProfileMerger(readLimits: limits).merge(inputs: [directory])
            Issue.record("merged past maxColumns")
        } catch {
            #expect(error.code == .invalidProfile && error.path == directory + "/2.bin", "\(error)")
            #expect(error.underlying?.code == .limitExceeded, "\(error)")
        }
        let skipping = try ProfileMerger(skipsInvalidFiles: true, readLimits: limits).merge(inputs: [directory])
        #expect(skipping.filesMerged == 3 && skipping.skipped.map(\.path) == [directory + "/2.bin"])
        #expect(try skipping.profile.columnNames == ["a", "b", "c"])
        #expect(try skipping.profile.columns["b"]?.counts?.n == 2)
    }

    @Test func periodsWhoseCountsAddUpPastTheBoundDoNotMergeIntoOneProfile() throws {
        var day = Self.profile(columns: ["c"])
        day.columns["c"]?.counts?.n = ColumnProfile.maximumCount
        let groups = (0..<2).map { _ in ProfileMergeResult.Group(period: nil, profile: day, fileCount: 1) }
        let result = ProfileMergeResult(groups: groups, filesMerged: 2, skipped: [])
        do throws(ProfileError) {
            let merged = try result.profile
            Issue.record("merged to n = \(merged.columns["c"]?.counts?.n ?? 0)")
        } catch {
            #expect(error.code == .countOverflow && error.field == "\"c\" counts/n", "\(error)")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("merged-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ProfileMergeError.self) { try result.write(toFile: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
