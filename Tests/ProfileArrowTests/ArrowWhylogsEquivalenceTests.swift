import Foundation
import ProfileArrow
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `ArrowProfiler` against whylogs 1.6.4 on `table.to_pandas()` (pandas 2.2, pyarrow 20) for the
/// fixtures of `fixtures/arrow/` (made by `make_arrow_fixtures.py`), on one and two threads. The
/// reference of a column under a documented rule (`docs/formats/arrow.md` §8: integral columns
/// with nulls, dates and timestamps as epoch values, dictionaries as strings) is whylogs' profile
/// of the values that rule logs; the rule is in the fixture's `truth.json`.
///
/// - counts, types, ints, distribution n/min/max: equal;
/// - mean and stddev: within 1e-9 relative;
/// - quantiles: within the KLL rank error (the exact values at ranks q ± ε);
/// - cardinality: within 3σ of the exact distinct count;
/// - frequent items: equal when every distinct value fits the sketch.
@Suite
struct ArrowWhylogsEquivalenceTests {
    static let fixtures: [String] = {
        guard let manifest = try? Fixtures.json("arrow/manifest.json") as? [String: [String: Any]] else { return [] }
        return manifest.keys.sorted()
    }()

    static func input(_ name: String) throws -> String {
        let manifest = try #require(try Fixtures.json("arrow/manifest.json") as? [String: [String: Any]])
        return try #require(manifest[name]?["input"] as? String)
    }

    @Test func theFixturesAreAllThere() {
        #expect(Self.fixtures.count >= 10)
        #expect(Self.fixtures.contains("types_zstd") && Self.fixtures.contains("temporal_lz4_file"))
        #expect(Self.fixtures.contains("types_file"))
    }

    @Test(arguments: fixtures, [1, 2])
    func profileEqualsWhylogsOnToPandas(_ name: String, threads: Int) throws {
        let expected = try #require(try Fixtures.json("arrow/\(name).summary.json") as? [String: [String: Any]])
        let truth = try #require(try Fixtures.json("arrow/\(name).truth.json") as? [String: Any])
        let facts = try #require(truth["columns"] as? [String: [String: Any]])
        let path = Fixtures.url("arrow/" + (try Self.input(name))).path
        let result = try ArrowProfiler(options: ArrowOptions(threadCount: threads, compactionSeed: 7))
            .profile(fileAt: path)
        let place = "\(name), \(threads) threads"
        #expect(result.rowCount == Int64(truth["rows"] as? Int ?? -1), "\(place): rows")
        #expect(result.unsupportedColumns.isEmpty, "\(place): \(result.unsupportedColumns)")
        for column in result.columns {
            #expect(
                result.profile.metadata[ArrowProfiler.typeMetadataPrefix + column.name]
                    == facts[column.name]?["arrow_type"] as? String, "\(place) \(column.name): Arrow type")
        }
        for problem in SummaryFixture.mismatches(result.profile.summary(), expected, facts: facts, place: place) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
