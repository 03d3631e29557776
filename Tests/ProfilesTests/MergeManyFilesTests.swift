import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// `ProfileMerger` over small window profiles (10 columns, 300 rows each): 200 in a debug test run
/// (generating them is the slow part); set `SKETCHBOOK_MERGE_BENCH_DIR` to generate the 1,000 of
/// the speed goal and keep them there, for timing `profile merge` with a release build.
/// (`MergeCommandTests` merges 1,000 small fixture copies end to end.)
@Suite struct MergeManyFilesTests {
    /// Writes `count` window profiles of `rows` rows: 4 double, 3 int, 2 string and 1 bool column;
    /// five-minute windows from 2026-11-25T00:00Z.
    static func writeWindows(count: Int, rows: Int, into directory: String) throws {
        var random = SplitMix64(seed: 2026)
        let start: UInt64 = 1_795_564_800_000
        for window in 0..<count {
            let timestamp = start + UInt64(window) * 300_000
            var profile = DatasetProfile(
                datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp)
            for column in 0..<4 {
                profile.log(
                    column: "x\(column)", doubles: (0..<rows).map { _ in Double.random(in: 0..<100, using: &random) })
            }
            for column in 0..<3 {
                profile.log(
                    column: "i\(column)", ints: (0..<rows).map { _ in Int64.random(in: 0..<10_000, using: &random) })
            }
            for column in 0..<2 {
                profile.log(
                    column: "s\(column)", strings: (0..<rows).map { _ in "v\(Int.random(in: 0..<30, using: &random))" })
            }
            profile.log(column: "b", bools: (0..<rows).map { _ in Bool.random(using: &random) })
            let sub = directory + "/" + String(window / 100)
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try profile.file.write(to: sub + "/window-\(window).bin")
        }
    }

    @Test func mergesManyWindowProfilesIntoOneAndIntoHours() throws {
        let keep = ProcessInfo.processInfo.environment["SKETCHBOOK_MERGE_BENCH_DIR"]
        let directory =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "sketchbook-merge-1000-\(UUID().uuidString)"
            )
            .path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let count = keep == nil ? 200 : 1000
        try Self.writeWindows(count: count, rows: 300, into: directory)

        var calls = 0
        let result = try ProfileMerger().merge(inputs: [directory]) { _ in calls += 1 }
        #expect(result.filesMerged == count && calls == count)
        let profile = try result.profile
        #expect(profile.columns.count == 10)
        #expect(profile.columns.values.allSatisfy { $0.counts?.n == Int64(count * 300) })
        #expect(profile.datasetTimestampMilliseconds == 1_795_564_800_000)
        #expect(abs((profile.columns["s0"]?.cardinality?.estimate ?? 0) - 30) < 1)

        let hours = try ProfileMerger(by: .hour).merge(inputs: [directory])
        #expect(hours.groups.count == (count + 11) / 12)
        #expect(hours.groups.dropLast().allSatisfy { $0.fileCount == 12 })
        #expect(hours.groups.last?.fileCount == count - (count - 1) / 12 * 12)
    }
}
