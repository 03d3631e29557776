import Foundation
import Testing

@testable import Profiles

/// Regressions from the adversarial review of issue 12's drift engine: each failed before its fix.
@Suite struct DriftReviewFindingsTests {
    static let two53: Int64 = 1 << 53

    /// A column of counts (and types), round-tripped through the file format as `profile diff`
    /// reads it: every value is within ProfileReadLimits (counts ≤ 2^53).
    static func decoded(n: Int64, null: Int64, types: [Int64]? = nil) throws -> DatasetProfile {
        var components: [String: MetricComponent] = [:]
        for (name, v) in zip(CountsMetric.componentNames, [n, null, 0, 0, 0]) {
            components["counts/\(name)"] = MetricComponent(.integer(v))
        }
        if let types {
            for (name, v) in zip(TypeCountersMetric.componentNames, types) {
                components["types/\(name)"] = MetricComponent(.integer(v))
            }
        }
        var file = DatasetProfile().file
        file.columns = ["v": components]
        return try DatasetProfile(file: ProfileFile(serializedBytes: file.serializedBytes()))
    }

    /// Runs `work` on a thread and reports whether it finished within `seconds` (a hung thread
    /// spins on until the test process exits).
    static func finishes(within seconds: Double, _ work: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            work()
            done.signal()
        }
        return done.wait(timeout: .now() + seconds) == .success
    }

    // MARK: - Hangs (Fisher's loop `x += 1` stops moving at 2^53)

    @Test func aNullRateTestAtTwoToThe53Terminates() throws {
        let reference = try Self.decoded(n: Self.two53, null: Self.two53)
        let target = try Self.decoded(n: 2, null: 1)
        #expect(Self.finishes(within: 10) { _ = DriftReport(reference: reference, target: target) })
    }

    @Test func aTypeMixTestPastTwoToThe53Terminates() throws {
        // integral 2^53 + fractional 2^53 = a numeric class of 2^54 (each counter is within limits).
        let reference = try Self.decoded(n: Self.two53, null: 0, types: [Self.two53, Self.two53, 0, 0, 0, 0])
        let target = try Self.decoded(n: 8, null: 0, types: [1, 0, 0, 7, 0, 0])
        #expect(Self.finishes(within: 10) { _ = DriftReport(reference: reference, target: target) })
    }

    // MARK: - The shared budget makes later columns' tests anti-conservative

    /// 100 non-null rows a side (667 nulls): three values seen 4 times are wholly in the target.
    /// Exact permutation p = 0.0081, the independent law 0.0099; Holm across 3 tests: not
    /// significant. The normal fallback gives 0.0002.
    static func column(_ name: String, after idColumns: Bool) -> ColumnDrift {
        var reference = DatasetProfile()
        var target = DatasetProfile()
        if idColumns {
            // 43 ID-like columns (never scored) whose unseen convolutions spend the whole budget.
            for k in 0..<42 {
                reference.log(column: "id\(k)", strings: (0..<767).map { "r\(k)-\($0)" })
                target.log(column: "id\(k)", strings: (0..<767).map { "t\(k)-\($0)" })
            }
            reference.log(column: "id99", strings: (0..<509).map { "r-\($0)" })
            target.log(column: "id99", strings: (0..<509).map { "t-\($0)" })
        }
        var r: [String?] = Array(repeating: "a", count: 45) + Array(repeating: "b", count: 45)
        var t: [String?] = Array(repeating: "a", count: 39) + Array(repeating: "b", count: 39)
        for v in 0..<3 { t += Array(repeating: "r\(v)", count: 4) }
        for v in 3..<8 {
            r += ["r\(v)", "r\(v)"]
            t += ["r\(v)", "r\(v)"]
        }
        r += Array(repeating: nil, count: 667)
        t += Array(repeating: nil, count: 667)
        reference.log(column: name, strings: r)
        target.log(column: name, strings: t)
        return DriftReport(reference: reference, target: target).columns.first { $0.name == name }!
    }

    @Test func aColumnsVerdictDoesNotDependOnItsNameInAWideTable() {
        let alone = Self.column("zz", after: false)
        let first = Self.column("a0", after: true)
        let last = Self.column("zz", after: true)
        #expect(alone.verdict == .none)
        #expect(first.verdict == .none)
        #expect(last.verdict == .none, "\(last[.unseenShare]!)")  // drift: p = 0.0002 from the normal law
    }

    @Test func pastTheBudgetSmallTablesKeepValidPValues() {
        // scipy fisher_exact([[3, 47], [10, 4990]]) = 0.000244; Pearson gives 8e-16.
        let p = _SignificanceTests.twoByTwo(3, 47, 10, 4990, budget: _ExactWorkBudget(0))
        #expect(p >= 0.5 * 0.00024364713019242446, "\(p)")
        let pairs: [(reference: Double, target: Double)] =
            [(45, 39), (45, 39), (0, 4), (0, 4), (0, 4), (2, 2), (2, 2), (2, 2), (2, 2), (2, 2)]
        let exact = _ExchangeableUnseen(pairs: pairs, referenceCount: 100, targetCount: 100)
        let fallback = _ExchangeableUnseen(
            pairs: pairs, referenceCount: 100, targetCount: 100, budget: _ExactWorkBudget(0))
        #expect(fallback.pValue >= 0.5 * exact.pValue, "\(fallback.pValue) vs \(exact.pValue)")
    }

    // MARK: - Precision

    @Test func fishersTestAtLargeCountsKeepsItsPrecision() {
        // 0 vs 8 in 4·10^15 rows a side: conditional on 8, Binomial(8, 1/2), two-sided p = 2/256.
        let p = _SignificanceTests.twoByTwo(0, 4e15, 8, 4e15)
        #expect(abs(p - 0.0078125) < 1e-3, "\(p)")  // 4.4e-14: lgamma of 4e15 has an ulp of 0.5+
    }

    @Test func theKSPValueIsNotBelowTheExactOne() {
        // scipy's exact two-sample KS p at n = m = 100, D = 0.23: 0.009878.
        let p = _SignificanceTests.kolmogorovSmirnov(distance: 0.23, n: 100, m: 100)
        #expect(p >= 0.009878183186176536 * 0.95, "\(p)")
    }

    // MARK: - Unseen share's range

    @Test func theUnseenShareRangeCoversValuesTheTargetSketchDropped() throws {
        // Reference: 10 categories (exact). Target: 50,000 distinct new values, then 50,000 rows of
        // the reference's categories: half the target is new to the reference.
        var reference = DatasetProfile()
        reference.log(column: "c", strings: (0..<1000).map { "cat\($0 % 10)" })
        var target = DatasetProfile()
        target.log(column: "c", strings: (0..<100_000).map { $0 >= 50_000 ? "cat\($0 % 10)" : "new-\($0)" })
        let column = DriftReport(reference: reference, target: target).columns[0]
        let unseen = try #require(column[.unseenShare])
        #expect(unseen.value + (unseen.errorBound ?? 0) >= 0.5, "\(unseen)")  // 0.0099 ± 0.00975
        #expect(column.verdict != .none, "\(column.measurements)")
    }

    // MARK: - Infinite values

    @Test func infiniteValuesDoNotMakeWassersteinNaN() throws {
        var reference = DatasetProfile()
        reference.log(column: "x", doubles: [-.infinity] + (0..<300).map { Double($0) } + [.infinity])
        var target = DatasetProfile()
        target.log(column: "x", doubles: [-.infinity] + (0..<300).map { Double($0) + 40 } + [.infinity])
        let w = try #require(DriftReport(reference: reference, target: target).columns[0][.wasserstein])
        #expect(!w.value.isNaN)
        #expect(w.verdict != .indeterminate)
    }
}
