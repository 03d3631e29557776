import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile merge` run as a user runs it.
@Suite struct MergeCommandTests {
    /// The dataset timestamp of the whylogs fixtures (2024-01-02T03:04:05.678Z).
    static let fixtureTimestamp: UInt64 = 1_704_164_645_678

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-merge-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// A fixture profile's bytes with its dataset timestamp replaced: the header's varint is found
    /// (it occurs once in these fixtures) and overwritten by one of the same length.
    static func fixture(_ name: String, datasetTimestamp: UInt64) throws -> [UInt8] {
        var bytes = try Fixtures.bytes("whylogs/\(name).bin")
        let old = varint(fixtureTimestamp)
        let new = varint(datasetTimestamp)
        try #require(old.count == new.count, "choose a timestamp with a 6-byte varint")
        var found: [Int] = []
        for start in 0...(bytes.count - old.count) where bytes[start..<(start + old.count)].elementsEqual(old) {
            found.append(start)
        }
        try #require(found.count == 1, "\(name): the dataset timestamp occurs \(found.count) times")
        bytes.replaceSubrange(found[0]..<(found[0] + old.count), with: new)
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// `profile show --format json` of a file, parsed.
    static func show(_ path: String) throws -> [String: Any] {
        let result = try ProfileExecutable.run(["show", "--format", "json", path])
        try #require(result.status == 0, "\(result.standardError)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static func count(_ report: [String: Any], _ column: String) -> Int? {
        ((report["columns"] as? [String: [String: Any]])?[column]?["counts/n"] as? NSNumber)?.intValue
    }

    @Test(arguments: ["merged.bin", "merged.bin.gz"])
    func mergingWhylogsPartsGivesWhylogsMerge(_ outputName: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/" + outputName
        let result = try ProfileExecutable.run([
            "merge", "fixtures/whylogs/merge_part_a.bin", "fixtures/whylogs/merge_part_b.bin", "-o", output,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "merged 2 files into \(output)\n")
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(written.starts(with: outputName.hasSuffix(".gz") ? [0x1F, 0x8B] : Array("WHY1".utf8)))

        let expected = try #require(
            try Fixtures.json("whylogs/merge_a_b.summary.json") as? [String: [String: Any]])
        let report = try Self.show(output)
        let columns = try #require(report["columns"] as? [String: [String: Any]])
        #expect(Set(columns.keys) == Set(expected.keys))
        for (column, fields) in expected {
            for (key, value) in fields {
                let want = ShowCommandTests.Value(value)
                let got = columns[column]?[key].map(ShowCommandTests.Value.init) ?? .text("<missing>")
                #expect(got.matches(want), "\(column) \(key): \(got) vs \(want)")
            }
        }
        #expect((report["dataset_timestamp_ms"] as? NSNumber)?.uint64Value == Self.fixtureTimestamp)
    }

    @Test func byHourAndDayWritesOneFileNamedByEachUTCPeriod() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 2026-11-25T22:30Z, 23:10Z, 23:50Z, then 2026-11-26T00:20Z (the last gzipped, in a sub-directory).
        let base: UInt64 = 1_795_645_800_000
        let minutes: [UInt64] = [0, 40, 80, 110]
        for (index, offset) in minutes.enumerated() {
            let name = index.isMultiple(of: 2) ? "merge_part_a" : "merge_part_b"
            let bytes = try Self.fixture(name, datasetTimestamp: base + offset * 60_000)
            let path = index == 3 ? "\(directory)/in/late/w\(index).bin.gz" : "\(directory)/in/w\(index).bin"
            if index == 3 {
                // gzip through the CLI itself: a one-file merge to a .gz output.
                try Self.write(bytes, to: directory + "/tmp.bin")
                try FileManager.default.createDirectory(
                    atPath: directory + "/in/late", withIntermediateDirectories: true)
                let zip = try ProfileExecutable.run(["merge", directory + "/tmp.bin", "-o", path, "--quiet"])
                try #require(zip.status == 0, "\(zip.standardError)")
                try FileManager.default.removeItem(atPath: directory + "/tmp.bin")
            } else {
                try Self.write(bytes, to: path)
            }
        }
        try Self.write(Array("notes".utf8), to: directory + "/in/README.txt")

        let hourly = try ProfileExecutable.run([
            "merge", directory + "/in", "--by", "hour", "-o", directory + "/hourly",
        ])
        #expect(hourly.status == 0, "\(hourly.standardError)")
        #expect(hourly.standardError == "merged 4 files into 3 periods in \(directory)/hourly\n")
        let hours = try FileManager.default.contentsOfDirectory(atPath: directory + "/hourly").sorted()
        #expect(hours == ["2026-11-25T22.bin", "2026-11-25T23.bin", "2026-11-26T00.bin"])
        let partA = try #require(Self.count(Self.show("fixtures/whylogs/merge_part_a.bin"), "n"))
        let partB = try #require(Self.count(Self.show("fixtures/whylogs/merge_part_b.bin"), "n"))
        let late = try Self.show(directory + "/hourly/2026-11-25T23.bin")
        #expect(Self.count(late, "n") == partA + partB)
        #expect((late["dataset_timestamp_ms"] as? NSNumber)?.uint64Value == base + 40 * 60_000)

        let daily = try ProfileExecutable.run([
            "merge", directory + "/in", "--by", "day", "--gzip", "-o", directory + "/daily", "--quiet",
        ])
        #expect(daily.status == 0 && daily.standardError.isEmpty, "\(daily.standardError)")
        let days = try FileManager.default.contentsOfDirectory(atPath: directory + "/daily").sorted()
        #expect(days == ["2026-11-25.bin.gz", "2026-11-26.bin.gz"])
        #expect(Self.count(try Self.show(directory + "/daily/2026-11-25.bin.gz"), "n") == 2 * partA + partB)
    }

    @Test func anInvalidInputFileExitsTwoNamingIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = directory + "/in/b-broken.bin"
        try Self.write(try Fixtures.bytes("whylogs/merge_part_a.bin"), to: directory + "/in/a.bin")
        try Self.write(Array("WHY1 but not a profile".utf8), to: bad)
        let output = directory + "/out.bin"
        let failed = try ProfileExecutable.run(["merge", directory + "/in", "-o", output])
        #expect(failed.status == 2)
        #expect(failed.standardError.hasPrefix("profile: error: \(bad): "))
        #expect(failed.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))

        let skipped = try ProfileExecutable.run(["merge", directory + "/in", "-o", output, "--skip-invalid"])
        #expect(skipped.status == 0)
        #expect(skipped.standardError.hasPrefix("profile: warning: skipped \(bad): "))
        #expect(skipped.standardError.hasSuffix("merged 1 file (1 invalid skipped) into \(output)\n"))
    }

    @Test(arguments: [
        ["merge", "fixtures/whylogs/merge_part_a.bin"],
        ["merge", "-o", "/tmp/never-written.bin"],
        ["merge", "fixtures/whylogs/no-such.bin", "-o", "/tmp/never-written.bin"],
        ["merge", "fixtures/whylogs/merge_part_a.bin", "--gzip", "-o", "/tmp/never-written.bin"],
        ["merge", "fixtures/whylogs/merge_part_a.bin", "--by", "week", "-o", "/tmp/never-written"],
    ])
    func usageAndInputErrorsExitTwo(_ arguments: [String]) throws {
        let result = try ProfileExecutable.run(arguments)
        #expect(result.status == 2)
        #expect(!result.standardError.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.bin"))
    }

    @Test func mergesAThousandFiles() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 1,000 five-minute windows from 2026-11-25T00:00Z: 84 hours.
        let start: UInt64 = 1_795_564_800_000
        for index in 0..<1000 {
            let bytes = try Self.fixture("merge_part_a", datasetTimestamp: start + UInt64(index) * 300_000)
            try Self.write(bytes, to: "\(directory)/in/\(index / 100)/w\(index).bin")
        }
        let single = try ProfileExecutable.run(["merge", directory + "/in", "-o", directory + "/all.bin"])
        #expect(single.status == 0, "\(single.standardError)")
        #expect(single.standardError == "merged 1000 files into \(directory)/all.bin\n")
        let partA = try #require(Self.count(Self.show("fixtures/whylogs/merge_part_a.bin"), "n"))
        let all = try Self.show(directory + "/all.bin")
        #expect(Self.count(all, "n") == 1000 * partA)
        #expect((all["dataset_timestamp_ms"] as? NSNumber)?.uint64Value == start)

        let hourly = try ProfileExecutable.run([
            "merge", directory + "/in", "--by", "hour", "-o", directory + "/hourly",
        ])
        #expect(hourly.standardError == "merged 1000 files into 84 periods in \(directory)/hourly\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/hourly").count == 84)
    }

    @Test func aFolderLinkedToItselfIsMergedOnceWithAWarningPerSkippedLink() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(try Fixtures.bytes("whylogs/merge_part_a.bin"), to: directory + "/in/a.bin")
        try Self.write(try Fixtures.bytes("whylogs/merge_part_b.bin"), to: directory + "/other/b.bin")
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/in/self", withDestinationPath: directory + "/in")
        try FileManager.default.createSymbolicLink(atPath: directory + "/in/sib", withDestinationPath: "../other")
        let result = try ProfileExecutable.run(["merge", directory + "/in", "-o", directory + "/all.bin"])
        #expect(result.status == 0, "\(result.standardError)")
        let partA = try #require(Self.count(Self.show("fixtures/whylogs/merge_part_a.bin"), "n"))
        #expect(Self.count(try Self.show(directory + "/all.bin"), "n") == partA, "merged once")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 3, "\(result.standardError)")
        #expect(
            lines.contains { $0.contains("warning") && $0.contains("/in/self") && $0.contains("link to a directory") })
        #expect(lines.contains { $0.contains("warning") && $0.contains("/in/sib") })
        #expect(lines.last == "merged 1 file into \(directory)/all.bin")
    }

    /// A v1 profile with one column "c" holding the given components: each a metric path and the
    /// bytes of its `MetricComponentMessage`.
    static func handmadeProfile(_ components: [(path: String, message: [UInt8])]) -> [UInt8] {
        func delimited(_ field: UInt8, _ bytes: [UInt8]) -> [UInt8] { [field] + varint(UInt64(bytes.count)) + bytes }
        var chunk: [UInt8] = []
        var paths: [UInt8] = []
        for (index, component) in components.enumerated() {
            chunk += delimited(0x0a, [0x08, UInt8(index)] + delimited(0x12, component.message))
            paths += delimited(0x2a, [0x08, UInt8(index)] + delimited(0x12, Array(component.path.utf8)))
        }
        let chunkHeader: [UInt8] = [0x08, 0x02, 0x18] + varint(UInt64(chunk.count))
        let region = varint(UInt64(chunkHeader.count)) + chunkHeader + chunk
        let offsets = delimited(0x0a, [0x00])  // ChunkOffsets { offsets: [0] }
        let columnEntry = delimited(0x0a, Array("c".utf8)) + delimited(0x12, offsets)
        let header = delimited(0x12, columnEntry) + [0x20] + varint(UInt64(region.count)) + paths
        return Array("WHY1".utf8) + [0x00] + varint(UInt64(header.count)) + header + region
    }

    /// The five `counts` components with `counts/n` = `n`.
    static func countsProfile(n: UInt64) -> [UInt8] {
        handmadeProfile(
            ["n", "null", "nan", "inf", "true"].map { name in
                ("counts/\(name)", [0x10] + varint(name == "n" ? n : 0))
            })
    }

    /// A distribution whose KLL doubles image (k = 8) holds `count` items at `level`:
    /// n = count · 2^level.
    static func distributionProfile(kllItems count: Int, atLevel level: Int) -> [UInt8] {
        func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
            (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
        // The level capacities for k = 8 are all 8 (the minimum width): the buffer holds 8 per level.
        let numLevels = level + 1
        let capacity = 8 * numLevels
        var image: [UInt8] = [0x05, 0x01, 0x0f, 0x00, 0x08, 0x00, 0x08, 0x00]
        image += bytes(UInt64(count) << UInt64(level)) + [0x08, 0x00, UInt8(numLevels), 0x00]
        for _ in 0..<numLevels { image += bytes(UInt32(capacity - count)) }
        for _ in 0..<(2 + count) { image += bytes((1.0).bitPattern) }
        let sketch: [UInt8] = [0x0a] + varint(UInt64(image.count)) + image  // KllSketchMessage
        let kll: [UInt8] = [0x32] + varint(UInt64(sketch.count)) + sketch
        return handmadeProfile([
            ("distribution/kll", kll),
            ("distribution/mean", [0x19] + bytes((1.0).bitPattern)),
            ("distribution/m2", [0x19] + bytes((0.0).bitPattern)),
        ])
    }

    @Test(arguments: [
        ("counts at the bound", countsProfile(n: 1 << 53), "counts/n"),
        ("counts near 2^63", countsProfile(n: 1 << 62), "counts/n"),
        ("KLL n near 2^63", distributionProfile(kllItems: 7, atLevel: 60), "distribution/kll"),
    ])
    func countsThatWouldOverflowExitTwoAndCanBeSkipped(_ what: String, _ bytes: [UInt8], _ path: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(bytes, to: directory + "/in/a.bin")
        try Self.write(bytes, to: directory + "/in/b.bin")
        let output = directory + "/out.bin"
        let failed = try ProfileExecutable.run(["merge", directory + "/in", "-o", output])
        #expect(failed.status == 2, "\(what): \(failed.standardError)")
        #expect(failed.standardError.hasPrefix("profile: error: \(directory)/in/"), "\(what): \(failed.standardError)")
        #expect(failed.standardError.contains(path), "\(what): \(failed.standardError)")
        #expect(failed.standardError.contains("2^53"), "\(what): \(failed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))

        let skipped = try ProfileExecutable.run(["merge", directory + "/in", "-o", output, "--skip-invalid"])
        if what == "counts at the bound" {
            // a.bin alone is valid: b.bin is skipped because adding it would pass the bound.
            #expect(skipped.status == 0, "\(what): \(skipped.standardError)")
            #expect(skipped.standardError.contains("profile: warning: skipped \(directory)/in/b.bin: "), "\(what)")
            #expect(Self.count(try Self.show(output), "c") == 1 << 53)
        } else {
            // Both files are invalid on their own: nothing is left to merge.
            #expect(skipped.status == 2, "\(what): \(skipped.standardError)")
            #expect(skipped.standardError.contains("no valid profile among 2 files"), "\(what)")
        }
    }
}
