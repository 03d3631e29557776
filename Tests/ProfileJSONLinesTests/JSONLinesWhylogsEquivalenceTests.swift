import Foundation
import ProfileJSONLines
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `JSONLinesProfiler` against whylogs 1.6.4's row logging (`DatasetProfile.track(row=…)`) of the
/// flattened objects of `fixtures/jsonl/` (made by `make_jsonl_fixtures.py` with Python's `json`),
/// with the rules of `SummaryFixture.mismatches`, for one block and for many small blocks on one
/// and three threads: the commit order decides types as a single reader would.
@Suite
struct JSONLinesWhylogsEquivalenceTests {
    static let fixtures: [String] = {
        guard let manifest = try? Fixtures.json("jsonl/manifest.json") as? [String: Any] else { return [] }
        return manifest.keys.sorted()
    }()

    /// Block sizes (KiB; `nil` for the default) and thread counts.
    static let layouts: [(blockKiB: Int?, threads: Int)] = [(nil, 1), (4, 1), (4, 3), (16, 2)]

    @Test func theFixturesAreAllThere() {
        #expect(Self.fixtures.count >= 9)
        #expect(Self.fixtures.contains("large"))
    }

    @Test(arguments: fixtures)
    func profileEqualsWhylogsRowLogging(_ name: String) throws {
        let expected = try #require(try Fixtures.json("jsonl/\(name).summary.json") as? [String: [String: Any]])
        let truth = try #require(try Fixtures.json("jsonl/\(name).truth.json") as? [String: Any])
        let facts = truth["columns"] as? [String: [String: Any]] ?? [:]
        let malformed = (truth["malformed_lines"] as? [Int]) ?? []
        for layout in Self.layouts {
            var options = JSONLinesOptions(threadCount: layout.threads, compactionSeed: 11)
            if let kib = layout.blockKiB { options.blockSize = kib << 10 }
            let result = try JSONLinesProfiler(options: options).profile(
                fileAt: Fixtures.url("jsonl/\(name).jsonl").path)
            let place = "\(name), blocks \(layout.blockKiB.map { "\($0) KiB" } ?? "default"), \(layout.threads) threads"
            #expect(result.rowCount == (truth["rows"] as? Int).map(Int64.init), "\(place): rows")
            #expect(result.malformedLines.map(\.line) == malformed, "\(place): malformed lines")
            #expect(result.malformedLineCount == malformed.count, "\(place): malformed count")
            for problem in SummaryFixture.mismatches(result.profile.summary(), expected, facts: facts, place: place) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    /// The profile does not depend on the thread count: with a compaction seed, the files are
    /// byte for byte the same.
    @Test func theProfileIsTheSameOnAnyNumberOfThreads() throws {
        let path = Fixtures.url("jsonl/large.jsonl").path
        var files: [[UInt8]] = []
        for threads in [1, 2, 4] {
            let options = JSONLinesOptions(
                datasetTimestampMilliseconds: 1_700_000_000_000, blockSize: 8 << 10, threadCount: threads,
                compactionSeed: 3)
            var profile = try JSONLinesProfiler(options: options).profile(fileAt: path).profile
            profile.creationTimestampMilliseconds = 1_700_000_000_000
            files.append(profile.file.serializedBytes())
        }
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
    }
}
