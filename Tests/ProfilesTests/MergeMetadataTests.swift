import Foundation
import Profiles
import Testing

/// A merge keeps other tools' metadata as whylogs does (the right side wins), and treats
/// Sketchbook's own keys by what they mean: record counts add, a constraint check of one window is
/// dropped, anything else survives only when both sides agree.
@Suite struct MergeMetadataTests {
    static let records = DatasetProfile.recordCountMetadataKey
    static let verdict = DatasetProfile.constraintCheckMetadataPrefix + "verdict"

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let left: [String: String]
        let right: [String: String]
        let expected: [String: String]
        var testDescription: String { label }
    }

    @Test(arguments: [
        Case(
            label: "other tools' keys: union, the right side wins",
            left: ["whylogs.tag.region": "eu", "owner": "a"], right: ["owner": "b", "extra": "x"],
            expected: ["whylogs.tag.region": "eu", "owner": "b", "extra": "x"]),
        Case(
            label: "record counts add", left: [records: "250"], right: [records: "1000"],
            expected: [records: "1250"]),
        Case(label: "a count on one side only is dropped", left: [records: "250"], right: [:], expected: [:]),
        Case(label: "a count that is not a count is dropped", left: [records: "25x"], right: [records: "1"], expected: [:]),
        Case(
            label: "an overflowing sum is dropped", left: [records: "9223372036854775807"], right: [records: "1"],
            expected: [:]),
        Case(
            label: "a constraint check is dropped even when both agree",
            left: [verdict: "pass", DatasetProfile.constraintCheckMetadataPrefix + "failed": "0"],
            right: [verdict: "pass"], expected: [:]),
        Case(
            label: "other Sketchbook keys survive when both agree",
            left: ["sketchbook.serverhook.window_seconds": "300", "sketchbook.serverhook.instance": "a"],
            right: ["sketchbook.serverhook.window_seconds": "300", "sketchbook.serverhook.instance": "b"],
            expected: ["sketchbook.serverhook.window_seconds": "300"]),
        Case(
            label: "a Sketchbook key on one side only is dropped",
            left: ["sketchbook.wine_server.role": "training"], right: [:], expected: [:]),
    ])
    func metadataMergesByMeaning(_ example: Case) {
        #expect(DatasetProfile.mergedMetadata(example.left, example.right) == example.expected)
    }

    /// Two server windows, each checked against a suite: their merge (as `profile merge` writes
    /// it) must not carry one window's verdict, and carries the sum of their records.
    @Test func mergingCheckedWindowFilesDropsTheirVerdictsAndAddsTheirRecords() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-merge-metadata-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, (verdict, records)) in [("fail", 40), ("pass", 60)].enumerated() {
            var profile = DatasetProfile(datasetTimestampMilliseconds: 1_764_000_000_000 + UInt64(index) * 300_000)
            profile.log(row: ["alcohol": .double(9.5 + Double(index))])
            profile.metadata = [Self.records: String(records), Self.verdict: verdict, "whylogs.tag.model": "v1"]
            try profile.file.write(to: directory + "/window\(index).bin")
        }
        let merged = try ProfileMerger().merge(inputs: [directory]).profile
        #expect(merged.metadata == [Self.records: "100", "whylogs.tag.model": "v1"])
        #expect(merged.columns["alcohol"]?.counts?.n == 2)
    }
}
