import Foundation
import SketchbookTestSupport
import Testing

@testable import Profiles

/// Every scored metric has a test that holds at a few dozen rows, and the category test past the
/// frequent-items sketch's exact mode counts only what the sketch guarantees.
@Suite struct DriftSmallSampleTests {
    /// scipy 1.17.1 `scipy.stats.fisher_exact([[a, b], [c, d]]).pvalue` (two-sided).
    @Test(arguments: [
        ([3.0, 19, 20, 178], 0.7102569590527359), ([0.0, 22, 30, 168], 0.050249023379461216),
        ([5.0, 10, 1, 14], 0.16858237547892718), ([10.0, 90, 25, 75], 0.008503571478623954),
        ([7.0, 0, 3, 10], 0.0030959752321981426), ([2.0, 30, 40, 300], 0.5576103136992372),
        ([150.0, 850, 100, 900], 0.0008950875386906894), ([5000.0, 95000, 5200, 94800], 0.04310490861242747),
    ])
    func twoByTwoIsFishersExactTest(table: [Double], expected: Double) {
        let p = _SignificanceTests.twoByTwo(table[0], table[1], table[2], table[3])
        #expect(abs(p - expected) <= 1e-9 * expected, "\(table): \(p)")
    }

    /// Past the exact test's support, Pearson's chi-square with Yates' correction: scipy 1.17.1
    /// `chi2_contingency([[30000, 70000], [31000, 69000]], correction=True).pvalue`.
    @Test func aLargeTwoByTwoUsesPearsonsChiSquareWithYatesCorrection() {
        let p = _SignificanceTests.twoByTwo(30000, 70000, 31000, 69000)
        #expect(abs(p - 1.2230958891449036e-06) <= 1e-9 * 1.22e-06, "\(p)")
        #expect(_SignificanceTests.twoByTwo(0, 100, 0, 100) == 1)
    }

    @Test func aNullRateChangeOfTwentyRowsIsNotDrift() throws {
        // 0 of 22 against 25 of 198 (12.6 points): Fisher's p = 0.09.
        var reference = DatasetProfile()
        reference.log(column: "v", strings: (0..<22).map { "x\($0 % 3)" })
        var target = DatasetProfile()
        target.log(column: "v", strings: (0..<198).map { $0 < 25 ? nil : "x\($0 % 3)" })
        let change = try #require(DriftReport(reference: reference, target: target).columns[0][.nullRateChange])
        #expect(change.value > 0.1)
        #expect(change.verdict == .none, "\(change)")
        #expect(change.notScoredReason?.hasPrefix("not significant") == true)
        #expect((change.pValue ?? 0) > 0.05)
    }

    @Test func tenPointsMoreNullsInAThousandRowsIsDrift() throws {
        var reference = DatasetProfile()
        reference.log(column: "v", strings: (0..<1000).map { $0 % 20 == 0 ? nil : "x\($0 % 3)" })
        var target = DatasetProfile()
        target.log(column: "v", strings: (0..<1000).map { $0 % 20 == 0 || $0 % 10 == 1 ? nil : "x\($0 % 3)" })
        let change = try #require(DriftReport(reference: reference, target: target).columns[0][.nullRateChange])
        #expect(change.verdict == .drift, "\(change)")
        #expect((change.adjustedPValue ?? 1) < 1e-6)
    }

    @Test func aTypeMixChangeOfTwentyRowsIsNotDrift() throws {
        // 0 of 20 against 30 of 200 numbers among strings: Fisher's p ≈ 0.08.
        var reference = DatasetProfile()
        reference.log(column: "v", values: (0..<20).map { .string("k\($0)") })
        var target = DatasetProfile()
        target.log(column: "v", values: (0..<200).map { $0 < 30 ? .int(Int64($0)) : .string("k\($0)") })
        let change = try #require(DriftReport(reference: reference, target: target).columns[0][.typeMixChange])
        #expect(abs(change.value - 0.15) < 1e-12)
        #expect(change.verdict == .none, "\(change)")
        #expect((change.pValue ?? 0) > 0.05)
    }

    // MARK: - Unseen share from the pooled counts

    /// The exact law of the unseen count when a pooled sample (its counts per value) is cut at
    /// random into a reference of `n` and the rest: the number of cuts by (reference rows used,
    /// unseen count), value by value, over C(N, n). The oracle for ``_ExchangeableUnseen``.
    static func exactUnseenLaw(pooled: [Int], referenceCount n: Int) -> [Int: Double] {
        func choose(_ a: Int, _ b: Int) -> Double {
            guard b >= 0, b <= a else { return 0 }
            return (0..<b).reduce(1.0) { $0 * Double(a - $1) / Double($1 + 1) }
        }
        var ways: [[Int]: Double] = [[0, 0]: 1]
        for c in pooled {
            var next: [[Int]: Double] = [:]
            for (state, count) in ways {
                for j in 0...Swift.min(c, n - state[0]) {
                    next[[state[0] + j, state[1] + (j == 0 ? c : 0)], default: 0] += count * choose(c, j)
                }
            }
            ways = next
        }
        let cuts = choose(pooled.reduce(0, +), n)
        var law: [Int: Double] = [:]
        for (state, count) in ways where state[0] == n { law[state[1], default: 0] += count / cuts }
        return law
    }

    @Test func theExpectedUnseenCountIsExactAndTheTailAtLeastTheExactOnesWhereItGates() {
        let seed: UInt64 = 31
        var random = SplitMix64(seed: seed)
        var checked = 0
        for _ in 0..<400 {
            let pooled = (0..<Int.random(in: 2...20, using: &random)).map { _ in
                1
                    + Int(
                        -Foundation.log(Double.random(in: 0.001..<1, using: &random)) * [0.5, 1, 3].randomElement(
                            using: &random)!)
            }
            let total = pooled.reduce(0, +)
            let n = Int.random(in: 1..<total, using: &random)
            let m = Double(total - n)
            let law = Self.exactUnseenLaw(pooled: pooled, referenceCount: n)
            let mean = law.reduce(0) { $0 + Double($1.key) * $1.value }
            let terms = _ExchangeableUnseen.terms(
                pooled: pooled.map(Double.init), referenceCount: Double(n), targetCount: m)
            let modelMean = terms.reduce(0) { $0 + Double($1.count) * $1.probability }
            #expect(abs(modelMean - mean) < 1e-9 * Swift.max(1, mean), "seed \(seed): \(pooled), n = \(n)")
            for u in law.keys where Double(u) > mean {
                let exact = law.filter { $0.key >= u }.reduce(0) { $0 + $1.value }
                guard exact <= 0.05 else { continue }
                let model = _ExchangeableUnseen.tail(terms: terms, targetCount: m, atLeast: Double(u))
                #expect(model >= 0.98 * exact, "seed \(seed): \(pooled), n = \(n), U ≥ \(u): \(model) vs \(exact)")
                checked += 1
            }
        }
        #expect(checked > 500, "seed \(seed): only \(checked) tails checked")
    }

    @Test func randomSplitsOfAFewDozenRowsRarelyShowUnseenValues() {
        // 2,000 seeded cuts of one small long-tailed column into 30 and 270 rows: the unseen test
        // rejects at most about 1% of them at 0.01 (its law is conservative).
        let seed: UInt64 = 20_261_207
        var random = SplitMix64(seed: seed)
        let column = (0..<300).map { _ -> Int in
            let u = Double.random(in: 0..<1, using: &random)
            return u < 0.7 ? Int(u * 10) : Int.random(in: 10..<200, using: &random)
        }
        var rejections = 0
        for _ in 0..<2000 {
            let shuffled = column.shuffled(using: &random)
            var counts: [Int: (reference: Double, target: Double)] = [:]
            for (index, value) in shuffled.enumerated() {
                if index < 30 {
                    counts[value, default: (0, 0)].reference += 1
                } else {
                    counts[value, default: (0, 0)].target += 1
                }
            }
            let test = _ExchangeableUnseen(pairs: Array(counts.values), referenceCount: 30, targetCount: 270)
            if test.pValue < 0.01 { rejections += 1 }
        }
        #expect(rejections <= 30, "seed \(seed): \(rejections) of 2,000 splits rejected")
    }

    // MARK: - Past exact mode

    /// Draws from 3,000 values, the first few frequent: past the sketch's 768 tracked items.
    static func manyValues(seed: UInt64, count: Int, shiftTop: Double = 0) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: 0..<1, using: &random)
            if u < 0.2 + shiftTop { return "top" }
            if u < 0.85 { return "common-\(Int.random(in: 0..<8, using: &random))" }
            return "rare-\(Int.random(in: 0..<3000, using: &random))"
        }
    }

    @Test func twoLargeSamplesPastExactModeAreNotDrift() throws {
        var reference = DatasetProfile()
        reference.log(column: "c", strings: Self.manyValues(seed: 11, count: 100_000))
        var target = DatasetProfile()
        target.log(column: "c", strings: Self.manyValues(seed: 12, count: 100_000))
        let column = DriftReport(reference: reference, target: target).columns[0]
        #expect((column[.lInfinity]?.errorBound ?? 0) > 0, "the sketches are past exact mode")
        #expect(column.verdict < .possible, "\(column.measurements)")
    }

    @Test func aTenPointShareChangePastExactModeIsDrift() throws {
        var reference = DatasetProfile()
        reference.log(column: "c", strings: Self.manyValues(seed: 13, count: 100_000))
        var target = DatasetProfile()
        target.log(column: "c", strings: Self.manyValues(seed: 14, count: 100_000, shiftTop: 0.1))
        let column = DriftReport(reference: reference, target: target).columns[0]
        #expect(column[.lInfinity]?.verdict == .drift, "\(column.measurements)")
    }

    @Test func aNewCategoryOfATenthOfTheRowsPastExactModeIsDrift() throws {
        var reference = DatasetProfile()
        reference.log(column: "c", strings: Self.manyValues(seed: 15, count: 100_000))
        var target = DatasetProfile()
        target.log(
            column: "c",
            strings: Self.manyValues(seed: 16, count: 100_000).enumerated().map {
                $0.offset % 10 == 0 ? "new" : $0.element
            })
        let column = DriftReport(reference: reference, target: target).columns[0]
        #expect(column.verdict == .drift, "\(column.measurements)")
        // The L∞ of the covered categories catches it. The unseen share cannot: past the
        // reference's exact mode no value is certainly absent from it, so it is not scored, and
        // says why.
        #expect(column[.lInfinity]?.verdict == .drift, "\(column.measurements)")
        let unseen = try #require(column[.unseenShare])
        #expect(unseen.verdict == .none)
        #expect(unseen.notScoredReason?.hasPrefix("past the reference's exact mode") == true, "\(unseen)")
    }

    // MARK: - Bounded work

    @Test func pastTheReportsBudgetALargeFisherTestGivesWayToYates() {
        // Support 24,401 tables: past what is always exact, so it spends the budget.
        let budget = _ExactWorkBudget(30_000)
        let exact = _SignificanceTests.twoByTwo(12000, 28000, 12400, 27600, budget: budget)
        #expect(abs(exact - 0.0021838172270690105) < 1e-9, "\(exact)")  // scipy fisher_exact
        #expect(budget.remaining < 30_000 - 24_000)
        // The same table again: the budget is spent, Yates' chi-square (scipy chi2_contingency,
        // correction=True).
        let approximate = _SignificanceTests.twoByTwo(12000, 28000, 12400, 27600, budget: budget)
        #expect(abs(approximate - 0.0021841529284007894) < 1e-9, "\(approximate)")
        // A small table is exact whatever is left.
        let small = _SignificanceTests.twoByTwo(10, 90, 25, 75, budget: budget)
        #expect(abs(small - 0.008503571478623954) < 1e-12)
    }

    @Test func aTargetOfBillionsAgainstAOneValueReferenceNeedsNoLoopOverTheCount() {
        // A value seen 10⁹ times, all in the target, against a one-row reference of another
        // value: q(10⁹) = 1/N in closed form (a loop over the count would take seconds), and a
        // value that common missing from the reference is no chance.
        let test = _ExchangeableUnseen(
            pairs: [(1, 0), (0, 1_000_000_000)], referenceCount: 1, targetCount: 1_000_000_000)
        #expect(test.expectedShare < 1e-8, "\(test.expectedShare)")
        #expect(test.pValue < 1e-6, "\(test.pValue)")
    }
}
