import SketchbookTestSupport
import Testing

@testable import Sketches

/// Many seeded trials: the true count must fall inside the 1σ/2σ/3σ bounds at least as often as
/// the bounds promise (68.27 %, 95.45 %, 99.73 %). The acceptance limit is the binomial expectation
/// − 3 binomial standard deviations for the number of trials, not tuned to the results.
///
/// The bounds are DataSketches' asymptotic ones, so they are conservative for n up to a few k
/// (HIP's error is below its asymptotic 0.8326/√k there): coverage is then above nominal, which
/// is what a confidence bound promises. Counts are printed for the record.
@Suite struct HLLAccuracyTests {
    static let coverage = [0.6827, 0.9545, 0.9973]

    struct Tally: CustomStringConvertible {
        var trials = 0
        var inside = [0, 0, 0]
        var sumSquaredRelativeError = 0.0

        mutating func record(_ sketch: HLLSketch, truth: Int) {
            trials += 1
            let t = Double(truth)
            for s in 1...3
            where sketch.lowerBound(standardDeviations: s) <= t && t <= sketch.upperBound(standardDeviations: s) {
                inside[s - 1] += 1
            }
            let e = sketch.estimate / t - 1
            sumSquaredRelativeError += e * e
        }

        var rmsRelativeError: Double { (sumSquaredRelativeError / Double(trials)).squareRoot() }

        var description: String {
            "\(trials) trials: inside 1σ \(inside[0]), 2σ \(inside[1]), 3σ \(inside[2]); RMS relative error \(rmsRelativeError)"
        }

        /// Checks each coverage count against expectation − 3 binomial standard deviations.
        func check(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
            for s in 0..<3 {
                let p = HLLAccuracyTests.coverage[s]
                let mean = Double(trials) * p
                let sd = (Double(trials) * p * (1 - p)).squareRoot()
                let count = Double(inside[s])
                #expect(
                    count >= mean - 3 * sd,
                    "\(context) \(s + 1)σ: \(inside[s]) of \(trials) inside, expected at least \(mean) − \(3 * sd); \(self)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test(
        "HIP estimator at lg_k 12 covers the truth as often as its bounds promise",
        arguments: [(1_000, 300), (10_000, 300), (100_000, 150)])
    func hipBoundsHaveTheirNominalCoverage(n: Int, trials: Int) {
        var tally = Tally()
        let baseSeed: UInt64 = 0x4C4C_0000 + UInt64(n)
        for trial in 0..<trials {
            var rng = SplitMix64(seed: baseSeed &+ UInt64(trial))
            var sketch = HLLSketch(lgK: 12)
            for _ in 0..<n { sketch.update(Int64(bitPattern: rng.next())) }
            tally.record(sketch, truth: n)
        }
        print("HLL lg_k 12 HIP, n = \(n), seeds \(baseSeed)...: \(tally)")
        tally.check("HIP n=\(n) seeds from \(baseSeed)")
        // RMS error near the theoretical HIP RSE 0.8326/√k = 1.30 % (n ≥ 10k; smaller n is better).
        #expect(tally.rmsRelativeError < 1.3 * 0.8326 / 64, "\(tally)")
    }

    @Test("Composite estimator after a union covers the truth as often as its bounds promise")
    func compositeBoundsHaveTheirNominalCoverage() {
        var tally = Tally()
        let n = 20_000
        let baseSeed: UInt64 = 0x554E_0000
        for trial in 0..<200 {
            var rng = SplitMix64(seed: baseSeed &+ UInt64(trial))
            var a = HLLSketch(lgK: 12)
            var b = HLLSketch(lgK: 12, targetType: .hll8)
            for i in 0..<n {
                let x = Int64(bitPattern: rng.next())
                if i % 2 == 0 { a.update(x) } else { b.update(x) }
            }
            var union = HLLUnion(lgMaxK: 12)
            union.update(a)
            union.update(b)
            let result = union.result()
            #expect(result.isOutOfOrder)
            tally.record(result, truth: n)
        }
        print("HLL lg_k 12 composite (union), n = \(n), seeds \(baseSeed)...: \(tally)")
        tally.check("composite n=\(n) seeds from \(baseSeed)")
        #expect(tally.rmsRelativeError < 1.3 * 1.04 / 64, "\(tally)")
    }

    @Test("Coupon-mode estimates are nearly exact")
    func couponModeIsNearlyExact() {
        var rng = SplitMix64(seed: 99)
        var sketch = HLLSketch(lgK: 14)
        var distinct = Set<UInt32>()
        for _ in 0..<1000 {
            let x = Int64(bitPattern: rng.next())
            sketch.update(x)
            distinct.insert(HLLSketch._coupon(MurmurHash3.hash(x)))
        }
        #expect(sketch.mode == .set)
        let c = Double(distinct.count)
        #expect(abs(sketch.estimate - c) / c < 1e-4)
        #expect(sketch.lowerBound(standardDeviations: 3) <= c && c <= sketch.upperBound(standardDeviations: 3))
    }
}
