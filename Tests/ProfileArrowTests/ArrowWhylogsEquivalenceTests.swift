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
        let summaries = result.profile.summary()
        #expect(summaries.map(\.column).sorted() == expected.keys.sorted(), "\(place): columns")
        for summary in summaries {
            guard let fields = expected[summary.column] else { continue }
            Self.compare(summary, fields, facts[summary.column] ?? [:], place: "\(place) \(summary.column)")
        }
    }

    static func compare(_ summary: ColumnSummary, _ fields: [String: Any], _ facts: [String: Any], place: String) {
        #expect(Set(summary.keys) == Set(fields.keys).union(["type"]), "\(place): keys")
        for (key, want) in fields {
            guard let have = summary[key] else { continue }
            switch key {
            case "distribution/mean", "distribution/stddev":
                #expect(SummaryFixture.matches(have, want, relative: 1e-9), "\(place) \(key): \(have) vs \(want)")
            case _ where key.hasPrefix("distribution/q_") || key == "distribution/median":
                if let bounds = (facts["quantile_bounds"] as? [String: [Any]])?[key] {
                    guard case .double(let value) = have else {
                        Issue.record("\(place) \(key): \(have) is not a number")
                        continue
                    }
                    let low = number(bounds[0])
                    let high = number(bounds[1])
                    #expect(low <= value && value <= high, "\(place) \(key): \(value) not within [\(low), \(high)]")
                } else {
                    #expect(SummaryFixture.matches(have, want), "\(place) \(key): \(have) vs \(want)")
                }
            case "cardinality/est":
                guard case .double(let estimate) = have, case .double(let low)? = summary["cardinality/lower_1"],
                    case .double(let high)? = summary["cardinality/upper_1"], let distinct = facts["distinct"] as? Int
                else {
                    Issue.record("\(place): cardinality fields missing")
                    continue
                }
                let sigma = max(high - estimate, estimate - low, 1e-9)
                #expect(
                    abs(estimate - Double(distinct)) <= 3 * sigma + 1e-6,
                    "\(place) \(key): \(estimate) not within 3σ (\(3 * sigma)) of \(distinct)")
            case "cardinality/lower_1", "cardinality/upper_1":
                continue
            case "frequent_items/frequent_strings":
                if facts["fits_frequent_items"] as? Bool == true {
                    #expect(SummaryFixture.matches(have, want), "\(place) \(key): \(have) vs \(want)")
                }
            default:
                #expect(SummaryFixture.matches(have, want), "\(place) \(key): \(have) vs \(want)")
            }
        }
    }

    static func number(_ value: Any) -> Double {
        if let special = (value as? [String: String])?["$f"] {
            return special == "NaN" ? .nan : special == "Infinity" ? .infinity : -.infinity
        }
        return Double((value as? NSNumber)?.description ?? "") ?? .nan
    }
}
