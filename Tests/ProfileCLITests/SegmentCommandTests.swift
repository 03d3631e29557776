import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// End-to-end: `profile csv --segment-by` and `profile merge` of segmented profiles, run as a user
/// runs them.
@Suite struct SegmentCommandTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-segments-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) throws -> DatasetProfile {
        try DatasetProfile(file: ProfileFile(contentsOf: path))
    }

    /// The profiles of a directory by segment (`nil` for the whole-dataset one), and every name.
    static func profiles(in directory: String) throws -> (byKey: [SegmentKey?: DatasetProfile], names: [String]) {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        var byKey: [SegmentKey?: DatasetProfile] = [:]
        for name in names {
            let profile = try read(directory + "/" + name)
            #expect(
                byKey[profile.segmentKey] == nil, "\(name): a second file of \(String(describing: profile.segmentKey))")
            byKey[profile.segmentKey] = profile
        }
        return (byKey, names)
    }

    @Test func theWineFileSegmentedByQualityHasOneFilePerQualityAndTheirRowsAddUp() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/by-quality"
        let result = try ProfileExecutable.run([
            "csv", "fixtures/wine-quality/winequality-red.csv", "--segment-by", "quality", "-o", output,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("1,599 rows × 12 columns, 6 segments"), "\(result.standardError)")
        let (byKey, names) = try Self.profiles(in: output)
        #expect(names == ["profile.bin"] + (3...8).map { "segment-quality=\($0).bin" })
        // pandas: df.groupby("quality").size()
        let expected: [String: Int64] = ["3": 10, "4": 53, "5": 681, "6": 638, "7": 199, "8": 18]
        for (value, rows) in expected {
            let profile = try #require(byKey[SegmentKey(columns: ["quality"], values: [value])])
            #expect(profile.columns["alcohol"]?.counts?.n == rows, "quality \(value)")
            #expect(profile.metadata["whylogs.tag.quality"] == value && profile.metadata["segp_col"] == "quality")
        }
        #expect(byKey[nil]?.columns["alcohol"]?.counts?.n == 1_599)
    }

    @Test func hostileValuesNameFilesInsideTheDirectoryOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let values = ["../../escape", "a/b", "<script>", ".hidden", "EU", "eu", "\"quoted, comma\"", "x\ty"]
        let csv = "region,x\n" + values.enumerated().map { "\($1),\($0)" }.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: directory + "/in.csv"))
        let output = directory + "/out"
        let result = try ProfileExecutable.run(["csv", directory + "/in.csv", "--segment-by", "region", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(entries == ["in.csv", "out"], "nothing written beside the output directory")
        let (byKey, names) = try Self.profiles(in: output)
        #expect(names.count == values.count + 1, "\(names)")
        for name in names {
            #expect(!name.hasPrefix(".") && !name.contains("/"), "\(name)")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: output + "/" + name, isDirectory: &isDirectory))
            #expect(!isDirectory.boolValue, "\(name)")
        }
        let unquoted = values.map { $0 == "\"quoted, comma\"" ? "quoted, comma" : $0 }
        for value in unquoted {
            #expect(byKey[SegmentKey(columns: ["region"], values: [value])]?.columns["x"]?.counts?.n == 1, "\(value)")
        }
    }

    @Test func moreSegmentsThanTheBoundIsAnErrorNamingTheOption() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProfileExecutable.run([
            "csv", "fixtures/wine-quality/winequality-red.csv", "--segment-by", "quality", "--max-segments", "5",
            "-o", directory + "/out",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("too many segments") || result.standardError.contains("at most 5"))
        #expect(result.standardError.contains("--max-segments"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"), "nothing written")
    }

    @Test(arguments: [
        (["--segment-by", "nosuch", "-o", "OUT"], "nosuch"),
        (["--segment-by", "quality"], "-o"),
        (["--segment-by", "quality,quality", "-o", "OUT"], "each column once"),
        (["--segment-by", "quality", "-o", "NONEMPTY"], "not empty"),
    ])
    func badSegmentOptionsFailNamingTheProblem(_ arguments: [String], _ words: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/nonempty", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/nonempty/old.bin"))
        let resolved = arguments.map {
            $0 == "OUT" ? directory + "/out" : $0 == "NONEMPTY" ? directory + "/nonempty" : $0
        }
        let result = try ProfileExecutable.run(["csv", "fixtures/wine-quality/winequality-red.csv"] + resolved)
        #expect(result.status != 0)
        #expect(result.standardError.contains(words), "\(result.standardError)")
    }

    /// Two days segmented by quality, merged: one profile per segment (counts added) and the
    /// whole-dataset profiles apart; the old merge gave one file labelled with the first segment.
    @Test func mergingSegmentedDaysMergesEachSegmentApart() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in ["2026-11-25", "2026-11-26"] {
            let result = try ProfileExecutable.run([
                "csv", "fixtures/wine-quality/winequality-red.csv", "--segment-by", "quality", "--dataset-timestamp",
                day,
                "-o", "\(directory)/\(day)", "--quiet",
            ])
            try #require(result.status == 0, "\(result.standardError)")
        }
        let merged = try ProfileExecutable.run([
            "merge", directory + "/2026-11-25", directory + "/2026-11-26", "-o", directory + "/week",
        ])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardError == "merged 14 files into 7 profiles (6 segments) in \(directory)/week\n")
        let (byKey, names) = try Self.profiles(in: directory + "/week")
        #expect(names == ["merged.bin"] + (3...8).map { "segment-quality=\($0).bin" })
        #expect(byKey[nil]?.columns["alcohol"]?.counts?.n == Int64(2 * 1_599))
        #expect(byKey[SegmentKey(columns: ["quality"], values: ["8"])]?.columns["alcohol"]?.counts?.n == 36)

        // Two different segments named as files: two profiles, each with its own label.
        let pair = try ProfileExecutable.run([
            "merge", directory + "/2026-11-25/segment-quality=3.bin", directory + "/2026-11-25/segment-quality=8.bin",
            "-o", directory + "/pair", "--quiet",
        ])
        #expect(pair.status == 0, "\(pair.standardError)")
        let (pairs, _) = try Self.profiles(in: directory + "/pair")
        #expect(pairs[SegmentKey(columns: ["quality"], values: ["3"])]?.columns["alcohol"]?.counts?.n == 10)
        #expect(pairs[SegmentKey(columns: ["quality"], values: ["8"])]?.columns["alcohol"]?.counts?.n == 18)

        // A file name for segmented inputs: an error naming the reason, nothing written.
        let named = try ProfileExecutable.run([
            "merge", directory + "/2026-11-25", "-o", directory + "/merged.bin",
        ])
        #expect(named.status == 2 && named.standardError.contains("name a directory"), "\(named.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/merged.bin"))

        // By day: each day's whole profile and segments.
        let daily = try ProfileExecutable.run([
            "merge", directory + "/2026-11-25", directory + "/2026-11-26", "--by", "day", "-o", directory + "/daily",
            "--quiet",
        ])
        #expect(daily.status == 0, "\(daily.standardError)")
        let days = try FileManager.default.contentsOfDirectory(atPath: directory + "/daily").sorted()
        #expect(
            days.count == 14 && days.contains("2026-11-26_segment-quality=5.bin") && days.contains("2026-11-25.bin"))
    }
}
