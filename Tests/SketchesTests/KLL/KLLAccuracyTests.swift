import SketchbookTestSupport
import Testing

@testable import Sketches

/// Rank error over many seeded trials against the published 99%-confidence bounds.
///
/// Each trial streams n distinct values in a random order (SplitMix64, seed = trial) into a
/// k = 200 sketch with a seeded coin, then compares estimated and true ranks. The bounds are 99%
/// statements, so about 1% of trials may exceed them; a trial fails the suite only if more than 3%
/// (6 of 200) do. The bound is never widened.
@Suite struct KLLAccuracyTests {
    static let trials = 200
    static let k = 200
    static let n = 20_000
    static let allowedFailures = 6  // 3% of 200 trials, for a 1% nominal failure rate

    struct Trial {
        var singleRankError: Double  // at the median
        var maxRankError: Double  // over 199 evenly spaced items
        var maxQuantileRankError: Double  // over 99 evenly spaced ranks
    }

    static func runTrial(seed: UInt64) -> Trial {
        var rng = SplitMix64(seed: seed)
        var values = (0..<n).map { Double($0) }
        values.shuffle(using: &rng)
        var sketch = KLLSketch<Double>(k: k, coin: .seeded(seed &* 0x9E37_79B9))
        for v in values { sketch.update(v) }
        let view = sketch.sortedView()!
        // Value v has exclusive true rank v / n.
        let single = abs(view.rank(of: Double(n / 2)) - 0.5)
        var maxError = 0.0
        for i in 1..<200 {
            let v = Double(i * n / 200)
            maxError = max(maxError, abs(view.rank(of: v) - v / Double(n)))
        }
        var maxQuantileError = 0.0
        for i in 1..<100 {
            let r = Double(i) / 100
            let q = view.quantile(atRank: r, rules: .datasketches5)
            maxQuantileError = max(maxQuantileError, abs(q / Double(n) - r))
        }
        return Trial(singleRankError: single, maxRankError: maxError, maxQuantileRankError: maxQuantileError)
    }

    static let results: [Trial] = (0..<trials).map { runTrial(seed: UInt64($0)) }

    /// Prints the observed error distribution (for the README and release notes); checks nothing
    /// beyond what the tests below check.
    @Test func reportObservedErrors() {
        let bound = KLLSketch<Double>.normalizedRankError(k: Self.k, pmf: false)
        func summary(_ values: [Double]) -> String {
            let sorted = values.sorted()
            let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
            return "median \(sorted[sorted.count / 2]), 99th percentile \(p99), max \(sorted.last!), "
                + "over the bound \(values.filter { $0 > bound }.count)/\(values.count)"
        }
        print("KLL k=\(Self.k), n=\(Self.n), \(Self.trials) trials, bound \(bound) (99% single-sided):")
        print("  rank error at the median: \(summary(Self.results.map(\.singleRankError)))")
        print("  max rank error over 199 points: \(summary(Self.results.map(\.maxRankError)))")
        print("  max quantile rank error over 99 ranks: \(summary(Self.results.map(\.maxQuantileRankError)))")
    }

    @Test func singleRankErrorIsWithinTheSingleSidedBoundIn99PercentOfTrials() {
        let bound = KLLSketch<Double>.normalizedRankError(k: Self.k, pmf: false)
        let failing = Self.results.indices.filter { Self.results[$0].singleRankError > bound }
        #expect(failing.count <= Self.allowedFailures, "seeds over \(bound): \(failing)")
    }

    @Test func maxRankErrorOverTheRangeIsWithinTheSingleSidedBoundIn99PercentOfTrials() {
        let bound = KLLSketch<Double>.normalizedRankError(k: Self.k, pmf: false)
        let failing = Self.results.indices.filter { Self.results[$0].maxRankError > bound }
        #expect(failing.count <= Self.allowedFailures, "seeds over \(bound): \(failing)")
    }

    @Test func quantilesAreWithinTheSingleSidedBoundIn99PercentOfTrials() {
        let bound = KLLSketch<Double>.normalizedRankError(k: Self.k, pmf: false)
        // A quantile's true rank differs from the asked rank by the rank error plus at most 1/n.
        let failing = Self.results.indices.filter {
            Self.results[$0].maxQuantileRankError > bound + 1.0 / Double(Self.n)
        }
        #expect(failing.count <= Self.allowedFailures, "seeds over \(bound): \(failing)")
    }

    @Test func pmfMassesAreWithinTheDoubleSidedBound() {
        let bound = KLLSketch<Double>.normalizedRankError(k: Self.k, pmf: true)
        var failing: [Int] = []
        for seed in 0..<50 {
            var rng = SplitMix64(seed: 1000 + UInt64(seed))
            var values = (0..<Self.n).map { Double($0) }
            values.shuffle(using: &rng)
            var sketch = KLLSketch<Double>(k: Self.k, coin: .seeded(UInt64(seed)))
            for v in values { sketch.update(v) }
            let splits = stride(from: 1000.0, to: Double(Self.n), by: 1000).map { $0 }
            let pmf = sketch.pmf(splitPoints: splits)!
            let worst = pmf.indices.map { abs(pmf[$0] - 0.05) }.max()!
            if worst > bound { failing.append(1000 + seed) }
        }
        #expect(failing.count <= 1, "seeds over \(bound): \(failing)")
    }

    @Test func mergedSketchesStayWithinTheBoundOfTheirMinK() {
        let bound = KLLSketch<Double>.normalizedRankError(k: 100, pmf: false)
        var failing: [Int] = []
        for seed in 0..<50 {
            var rng = SplitMix64(seed: 5000 + UInt64(seed))
            var values = (0..<Self.n).map { Double($0) }
            values.shuffle(using: &rng)
            var a = KLLSketch<Double>(k: 200, coin: .seeded(UInt64(seed)))
            var b = KLLSketch<Double>(k: 100, coin: .seeded(UInt64(seed) + 99))
            for (i, v) in values.enumerated() {
                if i % 2 == 0 { a.update(v) } else { b.update(v) }
            }
            a.merge(b)
            let view = a.sortedView()!
            var worst = 0.0
            for i in 1..<100 {
                let v = Double(i * Self.n / 100)
                worst = max(worst, abs(view.rank(of: v) - v / Double(Self.n)))
            }
            if worst > bound { failing.append(5000 + seed) }
        }
        #expect(failing.count <= 1, "seeds over \(bound): \(failing)")
    }
}
