import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// `ProfileMerger`: merging profile files (streaming, recursive, grouped by period) gives the
/// profile of the whole data.
@Suite struct MergeFilesTests {
    static let columns = ["i", "x", "s", "b"]

    /// Seeded rows: an int column, a double column, a string column with nulls (40 categories, so
    /// the frequent items stay exact) and a bool column.
    struct Rows {
        var ints: [Int64] = []
        var doubles: [Double] = []
        var strings: [String?] = []
        var bools: [Bool?] = []

        init(seed: UInt64, count: Int) {
            var random = SplitMix64(seed: seed)
            for _ in 0..<count {
                ints.append(Int64.random(in: -1_000_000...1_000_000, using: &random))
                doubles.append(Double.random(in: -50...150, using: &random) * 1.000_000_1)
                let category = Int.random(in: 0..<44, using: &random)
                strings.append(category >= 40 ? nil : "cat\(category)")
                bools.append(Bool.random(using: &random))
            }
        }

        var count: Int { ints.count }

        func slice(_ range: Range<Int>) -> Rows {
            var part = self
            part.ints = Array(ints[range])
            part.doubles = Array(doubles[range])
            part.strings = Array(strings[range])
            part.bools = Array(bools[range])
            return part
        }

        func profile(timestamp: UInt64) -> DatasetProfile {
            var profile = DatasetProfile(
                datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp + 1)
            profile.log(column: "i", ints: ints)
            profile.log(column: "x", doubles: doubles)
            profile.log(column: "s", strings: strings)
            profile.log(column: "b", bools: bools)
            return profile
        }
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-merge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes the parts of `rows` (cut at `cuts`) as files under `directory`: alternately plain and
    /// gzipped, every other one in a sub-directory.
    static func writeParts(
        of rows: Rows, cuts: [Int], into directory: String, timestamps: (Int) -> UInt64
    ) throws -> [String] {
        let bounds = [0] + cuts + [rows.count]
        var paths: [String] = []
        for index in 0..<(bounds.count - 1) {
            let sub = index.isMultiple(of: 2) ? directory : directory + "/nested/deeper"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            let path = sub + "/part\(index)" + (index % 3 == 1 ? ".bin.gz" : ".bin")
            try rows.slice(bounds[index]..<bounds[index + 1]).profile(timestamp: timestamps(index)).file
                .write(to: path)
            paths.append(path)
        }
        return paths
    }

    /// Checks that two profiles agree as merges must: counts and types exactly, mean and m2 to
    /// 1e-12 relative, KLL n/min/max exactly, frequent items identically, HLL near the truth.
    static func expectEquivalent(_ merged: DatasetProfile, _ whole: DatasetProfile, distinct: [String: Int]) {
        #expect(merged.columnNames == whole.columnNames)
        for name in whole.columnNames {
            guard let a = merged.columns[name], let b = whole.columns[name] else {
                Issue.record("missing column \(name)")
                continue
            }
            #expect(a.counts == b.counts, "\(name) counts")
            #expect(a.types == b.types, "\(name) types")
            #expect(a.ints == b.ints, "\(name) ints")
            if let da = a.distribution, let db = b.distribution {
                #expect(da.n == db.n, "\(name) n")
                #expect(da.kll.minItem == db.kll.minItem && da.kll.maxItem == db.kll.maxItem, "\(name) min/max")
                #expect(abs(da.mean - db.mean) <= 1e-12 * max(1, abs(db.mean)), "\(name) mean")
                #expect(abs(da.m2 - db.m2) <= 1e-12 * max(1, abs(db.m2)), "\(name) m2")
            } else {
                #expect(a.distribution == nil && b.distribution == nil, "\(name) distribution")
            }
            let fa = merged.summary().first { $0.column == name }?["frequent_items/frequent_strings"]
            let fb = whole.summary().first { $0.column == name }?["frequent_items/frequent_strings"]
            #expect(fa == fb, "\(name) frequent items")
            if let truth = distinct[name], let estimate = a.cardinality?.estimate {
                #expect(
                    abs(estimate - Double(truth)) <= 0.05 * Double(truth), "\(name) distinct \(estimate) vs \(truth)")
            }
        }
    }

    @Test func mergingThePartsGivesTheProfileOfTheWhole() throws {
        let rows = Rows(seed: 42, count: 9_000)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try Self.writeParts(
            of: rows, cuts: [1, 700, 3_000, 3_001, 6_500], into: directory,
            timestamps: { 1_764_000_000_000 + UInt64($0) * 1000 })
        var reports: [ProfileMergeProgress] = []
        let result = try ProfileMerger().merge(inputs: [directory]) { reports.append($0) }
        #expect(result.filesMerged == paths.count && result.groups.count == 1)
        #expect(reports.map(\.filesDone) == Array(1...paths.count))
        #expect(reports.allSatisfy { $0.filesTotal == paths.count })
        let merged = try result.profile
        #expect(merged.datasetTimestampMilliseconds == 1_764_000_000_000)
        #expect(merged.creationTimestampMilliseconds == 1_764_000_000_001)
        let distinct = [
            "i": Set(rows.ints).count, "x": Set(rows.doubles).count, "s": Set(rows.strings.compactMap { $0 }).count,
        ]
        Self.expectEquivalent(merged, rows.profile(timestamp: 0), distinct: distinct)
    }

    @Test func mergeOrderDoesNotChangeTheResult() throws {
        let rows = Rows(seed: 7, count: 3_000)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try Self.writeParts(
            of: rows, cuts: [500, 1_200, 2_000], into: directory, timestamps: { 5_000 - UInt64($0) * 1000 })
        let forward = try ProfileMerger().merge(files: paths).profile
        let backward = try ProfileMerger().merge(files: paths.reversed()).profile
        Self.expectEquivalent(forward, backward, distinct: [:])
        #expect(forward.datasetTimestampMilliseconds == 2_000 && backward.datasetTimestampMilliseconds == 2_000)
        let viaInit = try DatasetProfile(merging: paths)
        #expect(viaInit.columns["i"]?.counts == forward.columns["i"]?.counts)
    }

    @Test func directoriesAreSearchedRecursivelyForBinAndBinGzInPathOrder() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try Self.writeParts(
            of: Rows(seed: 1, count: 100), cuts: [10, 20, 30, 40], into: directory, timestamps: { _ in 1 })
        try Data("not a profile".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        try Data("hidden".utf8).write(to: URL(fileURLWithPath: directory + "/.partial.bin"))
        let found = try ProfileMerger.profilePaths(in: [directory, paths[0]])
        #expect(Set(found) == Set(paths))
        #expect(found.count == paths.count, "a file named twice is kept once")
        #expect(found == found.sorted(), "sorted by path")
        #expect(found.contains { $0.hasSuffix(".bin.gz") })
        #expect(try ProfileMerger().merge(inputs: [directory]).filesMerged == 5)
    }

    @Test func groupingByDayAndHourGivesOneProfilePerUTCPeriod() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 2026-11-25T13:00:00Z = 1_795_611_600 s. Windows of 20 minutes over 30 hours.
        let start: UInt64 = 1_795_611_600_000
        let rows = Rows(seed: 3, count: 90 * 10)
        let paths = try (0..<90).map { index -> String in
            let path = directory + "/w\(String(1000 + index)).bin"
            let timestamp = start + UInt64(index) * 20 * 60_000 + 59_999
            try rows.slice(index * 10..<(index + 1) * 10).profile(timestamp: timestamp).file.write(to: path)
            return path
        }
        let days = try ProfileMerger(by: .day).merge(files: paths)
        #expect(days.groups.map { $0.period?.name } == ["2026-11-25", "2026-11-26"])
        #expect(days.groups.map(\.fileCount) == [33, 57])  // 13:00–24:00 is 11 h = 33 windows
        #expect(days.groups[1].profile.datasetTimestampMilliseconds == start + 33 * 20 * 60_000 + 59_999)
        #expect(days.groups.map { $0.profile.columns["i"]?.counts?.n ?? 0 } == [330, 570])

        let hours = try ProfileMerger(by: .hour).merge(files: paths.reversed())
        #expect(hours.groups.count == 30)
        #expect(hours.groups.first?.period?.name == "2026-11-25T13")
        #expect(hours.groups.last?.period?.name == "2026-11-26T18")
        #expect(hours.groups.allSatisfy { $0.fileCount == 3 })
        #expect(hours.groups[0].profile.datasetTimestampMilliseconds == start + 59_999)

        let out = directory + "/out/daily"
        let written = try days.write(toDirectory: out, gzip: true)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["2026-11-25.bin.gz", "2026-11-26.bin.gz"])
        let reread = try DatasetProfile(file: ProfileFile(contentsOf: written[1]))
        #expect(reread.columns["i"]?.counts?.n == 570)
    }

    @Test(arguments: [
        (UInt64(0), MergePeriod.Granularity.day, "1970-01-01"),
        (951_782_400_000, .day, "2000-02-29"),
        (951_868_799_999, .hour, "2000-02-29T23"),
        (1_709_251_199_000, .day, "2024-02-29"),
        (1_795_614_000_000, .hour, "2026-11-25T13"),
        (4_102_444_800_000, .day, "2100-01-01"),
    ])
    func periodNamesAreUTCDatesAndHours(_ timestamp: UInt64, _ granularity: MergePeriod.Granularity, _ name: String) {
        let period = MergePeriod(granularity, containing: timestamp)
        #expect(period.name == name)
        #expect(
            period.startMilliseconds <= timestamp && timestamp < period.startMilliseconds + granularity.milliseconds)
    }

    @Test func anInvalidFileIsATypedErrorNamingItUnlessSkipped() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try Self.writeParts(
            of: Rows(seed: 9, count: 60), cuts: [20, 40], into: directory, timestamps: { _ in 1 })
        let bad = directory + "/broken.bin"
        try Data("WHY1 and then garbage".utf8).write(to: URL(fileURLWithPath: bad))
        #expect {
            try ProfileMerger().merge(files: paths + [bad])
        } throws: { error in
            let error = error as? ProfileMergeError
            return error?.code == .invalidProfile && error?.path == bad && error?.underlying != nil
        }
        let result = try ProfileMerger(skipsInvalidFiles: true).merge(files: [paths[0], bad, paths[1]])
        #expect(result.filesMerged == 2 && result.skipped.map(\.path) == [bad])
        #expect(throws: ProfileMergeError.self) { try ProfileMerger(skipsInvalidFiles: true).merge(files: [bad]) }
        #expect(throws: ProfileMergeError.self) { try ProfileMerger().merge(inputs: [directory + "/missing"]) }
        let empty = directory + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(throws: ProfileMergeError.self) { try ProfileMerger().merge(inputs: [empty]) }
    }
}
