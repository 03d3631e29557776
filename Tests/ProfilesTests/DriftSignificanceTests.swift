import Testing

@testable import Profiles

/// The p-values of the significance gate, against scipy 1.17 (`scipy.special.kolmogorov`,
/// `scipy.stats.chi2.sf`, the exact two-sample KS law).
@Suite
struct DriftSignificanceTests {
    @Test(arguments: [
        (0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (1.0, 0.26999967167735456),
        (1.17, 0.12939004218561884), (1.19, 0.11774229287977166), (2.0, 0.0006709252557796953),
        (3.27, 1.031086414279398e-09),
    ])
    func kolmogorovSurvivalMatchesScipy(lambda: Double, expected: Double) {
        let value = _SignificanceTests.kolmogorovSurvival(lambda)
        #expect(abs(value - expected) <= 1e-9 * Swift.max(expected, 1e-6), "λ = \(lambda): \(value)")
    }

    @Test func theAsymptoticTwoSampleKSUsesTheEffectiveSampleSize() {
        // A spent budget: 800 × 799 is past what is always exact.
        let p = _SignificanceTests.kolmogorovSmirnov(distance: 0.077, n: 800, m: 799, budget: _ExactWorkBudget(0))
        #expect(abs(p - 0.016460640801558186) < 1e-9)
    }

    /// scipy 1.17.1 `scipy.stats._stats_py._attempt_exact_2kssamp(n, m, gcd, d, "two-sided")` (the
    /// exact law `ks_2samp(method="exact")` uses); the distances are on the n, m lattice, as a
    /// sketch's exact ranks give them.
    @Test(arguments: [
        (100, 100, 0.23, 0.009878183186176536), (107, 107, 0.27102803738317754, 0.0007261080720885229),
        (51, 455, 0.3194139194139194, 0.00011694608206667931), (10, 10, 0.6, 0.05244755244755244),
        (30, 200, 0.35, 0.0023823156835892567),
    ])
    func theExactTwoSampleKSMatchesScipy(n: Int, m: Int, distance: Double, expected: Double) {
        let p = _SignificanceTests.kolmogorovSmirnov(distance: distance, n: Double(n), m: Double(m))
        #expect(abs(p - expected) <= 1e-9 * Swift.max(expected, 1e-3), "n = \(n), m = \(m): \(p)")
    }

    @Test(arguments: [
        (3.0, 1, 0.08326451666355042), (10.0, 5, 0.07523524614651217), (50.0, 20, 0.0002214766382487835),
        (0.5, 3, 0.9188914116546758), (100.0, 2, 1.9287498479639183e-22),
    ])
    func chiSquareSurvivalMatchesScipy(x: Double, degrees: Int, expected: Double) {
        let value = _SignificanceTests.chiSquareSurvival(x, degreesOfFreedom: degrees)
        #expect(abs(value - expected) <= 1e-9 * expected, "χ² = \(x), df = \(degrees): \(value)")
    }
}
