import Profiles
import SketchbookTestSupport
import Testing

/// Category metrics against the reference's own turnover: ID-like and long-tail columns are not
/// drift because two samples of them share few values; a new category is.
@Suite struct DriftCardinalityTests {
    /// Two halves of one column: even rows to the reference, odd rows to the target.
    static func halves(_ values: [String]) -> DriftReport {
        var reference = DatasetProfile()
        reference.log(column: "c", strings: values.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        var target = DatasetProfile()
        target.log(column: "c", strings: values.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        return DriftReport(reference: reference, target: target)
    }

    /// Seeded uniform draws of `0..<range`.
    static func uniform(seed: UInt64, count: Int, range: Int) -> [Int] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in Int.random(in: 0..<range, using: &random) }
    }

    @Test func anIDColumnIsNotDrift() {
        let report = Self.halves((0..<1200).map { "id-\($0)" })
        let column = report.columns[0]
        #expect(column.verdict == .none, "\(column.measurements)")
    }

    @Test func aManyValuedColumnExpectsItsTurnover() {
        // 600 draws per half of 400 values: about a fifth of the target's values are, by chance,
        // absent from the reference.
        let report = Self.halves(Self.uniform(seed: 3, count: 1200, range: 400).map { "v\($0)" })
        let column = report.columns[0]
        #expect((column[.unseenShare]?.value ?? 0) > 0.1)
        #expect(column.verdict < .indeterminate, "\(column.measurements)")
    }

    @Test func aManyValuedIntegerColumnExpectsItsTurnover() {
        var reference = DatasetProfile()
        reference.log(column: "n", ints: Self.uniform(seed: 4, count: 600, range: 500).map(Int64.init))
        var target = DatasetProfile()
        target.log(column: "n", ints: Self.uniform(seed: 5, count: 600, range: 500).map(Int64.init))
        let column = DriftReport(reference: reference, target: target).columns[0]
        #expect((column[.unseenShare]?.value ?? 0) > 0.1)
        #expect((column[.unseenShare]?.verdict ?? .drift) < .indeterminate, "\(column.measurements)")
    }

    @Test func aNewCategoryOfATenthOfTheRowsIsStillDrift() {
        let colours = ["red", "green", "blue"]
        var reference = DatasetProfile()
        reference.log(column: "c", strings: Self.uniform(seed: 6, count: 1000, range: 3).map { colours[$0] })
        var target = DatasetProfile()
        target.log(
            column: "c",
            strings: Self.uniform(seed: 7, count: 1000, range: 3).enumerated().map {
                $0.offset < 100 ? "purple" : colours[$0.element]
            })
        let column = DriftReport(reference: reference, target: target).columns[0]
        #expect(column[.unseenShare]?.verdict == .drift, "\(column.measurements)")
        #expect(column.verdict == .drift)
    }

    @Test func aLongTailIsNotDriftByItsFrequentItems() {
        // 1,000 draws per half over 5,000 values, a few of them frequent: the top items of two
        // samples of the tail barely overlap.
        var random = SplitMix64(seed: 8)
        let values = (0..<2000).map { _ -> String in
            let u = Double.random(in: 0..<1, using: &random)
            return u < 0.3 ? "common-\(Int(u * 10))" : "rare-\(Int.random(in: 0..<5000, using: &random))"
        }
        let column = Self.halves(values).columns[0]
        #expect(column.verdict < .indeterminate, "\(column.measurements)")
    }

    @Test func notScoredMetricsSayWhy() throws {
        let id = Self.halves((0..<1200).map { "id-\($0)" }).columns[0]
        let unseen = try #require(id[.unseenShare])
        #expect(unseen.value == 1)
        #expect(unseen.notScoredReason?.hasPrefix("ID-like: 100%") == true, "\(unseen)")
        #expect(id[.jensenShannon]?.notScoredReason?.hasPrefix("ID-like") == true)

        var random = SplitMix64(seed: 9)
        let tail = Self.halves(
            (0..<2000).map { _ in
                Double.random(in: 0..<1, using: &random) < 0.4
                    ? "common-\(Int.random(in: 0..<4, using: &random))"
                    : "rare-\(Int.random(in: 0..<5000, using: &random))"
            }
        ).columns[0]
        for metric in [DriftMetric.lInfinity, .jensenShannon, .chiSquare] {
            let reason = try #require(tail[metric]?.notScoredReason)
            #expect(reason.hasPrefix("long tail: frequent items cover 4"), "\(reason)")
        }
        #expect(tail[.unseenShare]?.notScoredReason == nil)
    }

    @Test func theExpectedUnseenShareIsTheReferencesTurnover() throws {
        // Good–Turing against the truth: 600 draws of 400 equally likely values leave
        // (1 − 1/400)^600 ≈ 22% of the probability unseen.
        let column = Self.halves(Self.uniform(seed: 10, count: 1200, range: 400).map { "v\($0)" }).columns[0]
        let unseen = try #require(column[.unseenShare])
        let expected = try #require(unseen.expected)
        #expect(abs(expected - 0.223) < 0.04, "\(expected)")
        #expect(abs(unseen.value - expected) < 0.06, "\(unseen)")
        #expect(unseen.expectedErrorBound == 0)
        let p = try #require(unseen.pValue)
        #expect(p > 0.01)
    }
}
