import Foundation
import ProfileCSV
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `CSVProfiler` against `why.log(pandas.read_csv(…))` (whylogs 1.6.4, pandas 2.2) on the CSV
/// fixtures of `fixtures/csv/` (made by `make_csv_fixtures.py`; the wine files included): the
/// same rules as the live CI check `check_csv_profiles.py`, for one block and for many small
/// blocks on one and two threads (seams inside quoted fields, types that change between blocks).
///
/// - counts, types, ints, distribution n/min/max: equal;
/// - mean and stddev: within 1e-9 relative;
/// - quantiles: within the KLL rank error, i.e. within the exact values at ranks q ± ε of the data
///   (`NAME.truth.json`);
/// - cardinality: within 3σ of the exact distinct count;
/// - frequent items: equal when every distinct value fits the sketch.
@Suite
struct IngestWhylogsEquivalenceTests {
    struct Fixture: CustomStringConvertible, Sendable {
        var name: String
        var input: String
        var delimiter: UInt8?
        var description: String { name }
    }

    static let fixtures: [Fixture] = {
        guard let manifest = try? Fixtures.json("csv/manifest.json") as? [String: [String: Any]] else { return [] }
        return manifest.keys.sorted().map { name in
            let entry = manifest[name]!
            let options = entry["read_csv"] as? [String: Any] ?? [:]
            let separator = (options["sep"] as? String).flatMap { $0.utf8.first }
            return Fixture(name: name, input: "csv/" + (entry["input"] as! String), delimiter: separator)
        }
    }()

    /// Block sizes (KiB; `nil` for the default) and thread counts to profile each fixture with.
    static let layouts: [(blockKiB: Int?, threads: Int)] = [(nil, 1), (4, 1), (4, 2), (16, 2)]

    @Test func theFixturesAreAllThere() {
        #expect(Self.fixtures.count >= 16)
        #expect(Self.fixtures.contains { $0.name == "wine_white" })
    }

    @Test(arguments: fixtures)
    func profileEqualsWhylogsOnPandasReadCSV(_ fixture: Fixture) throws {
        let expected = try #require(try Fixtures.json("csv/\(fixture.name).summary.json") as? [String: [String: Any]])
        let truth = try #require(try Fixtures.json("csv/\(fixture.name).truth.json") as? [String: Any])
        let facts = truth["columns"] as? [String: [String: Any]] ?? [:]
        for layout in Self.layouts {
            var options = CSVOptions(delimiter: fixture.delimiter, threadCount: layout.threads, compactionSeed: 7)
            if let kib = layout.blockKiB { options.blockSize = kib << 10 }
            let result = try CSVProfiler(options: options).profile(fileAt: Fixtures.url(fixture.input).path)
            let place =
                "\(fixture.name), blocks \(layout.blockKiB.map { "\($0) KiB" } ?? "default"), \(layout.threads) threads"
            for (name, type) in result.columns {
                #expect(type.rawValue == facts[name]?["dtype"] as? String, "\(place) \(name): pandas dtype")
            }
            for problem in SummaryFixture.mismatches(result.profile.summary(), expected, facts: facts, place: place) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }
}
