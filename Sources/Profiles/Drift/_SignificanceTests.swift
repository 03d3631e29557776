import Foundation

/// The p-values behind the significance gate of ``DriftConfiguration/significanceLevel``: how
/// likely a distance at least this large is between two samples of one distribution.
enum _SignificanceTests {
    /// The two-sample Kolmogorov–Smirnov p-value of a distance `d` between samples of sizes `n` and
    /// `m`: the exact law (``exactKolmogorovSmirnov(distance:n:m:)``) while n·m is at most
    /// `exactKSLimit` and small (``_ExactWorkBudget/alwaysExact``) or the report's `budget`
    /// allows; otherwise the asymptotic Kolmogorov distribution at λ = (√nₑ + 0.12 + 0.11/√nₑ)·d
    /// with nₑ = nm/(n + m) (Stephens' correction), which runs low at small n (0.0082 against the
    /// exact 0.0099 at 100 a side, D = 0.23).
    static func kolmogorovSmirnov(
        distance d: Double, n: Double, m: Double, budget: _ExactWorkBudget? = nil
    )
        -> Double
    {
        guard n > 0, m > 0, d.isFinite else { return .nan }
        let steps = n * m
        if steps <= exactKSLimit, steps <= _ExactWorkBudget.alwaysExact || budget?.spend(steps) ?? true {
            return exactKolmogorovSmirnov(distance: d, n: Int(n), m: Int(m))
        }
        let effective = n * m / (n + m)
        let root = effective.squareRoot()
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * Swift.max(0, d))
    }

    /// The largest n·m for which ``kolmogorovSmirnov(distance:n:m:budget:)`` uses the exact law.
    static let exactKSLimit = 1_000_000.0

    /// P(D ≥ d) for two samples of sizes n and m from one continuous distribution: one minus the
    /// share of the C(n + m, n) monotone lattice paths from (0, 0) to (n, m) that stay strictly
    /// inside |i/n − j/m| < d. The share reaching (i, j) inside is i/(i + j) of the share at
    /// (i − 1, j) plus j/(i + j) of the share at (i, j − 1), which keeps every value in 0...1.
    /// With ties (a discrete column) the true p-value is larger, so this errs on the safe side.
    /// - Complexity: O(n·m).
    static func exactKolmogorovSmirnov(distance d: Double, n: Int, m: Int) -> Double {
        guard n > 0, m > 0, d > 0 else { return 1 }
        // A point is outside when |i·m − j·n| ≥ d·n·m; the integers are compared with the product
        // less a millionth, so a distance equal to a lattice step (up to rounding) counts.
        let limit = d * Double(n) * Double(m) - 1e-6
        func inside(_ i: Int, _ j: Int) -> Bool { Double(abs(i * m - j * n)) < limit }
        var share = [Double](repeating: 0, count: m + 1)
        share[0] = 1
        for j in 1...m { share[j] = inside(0, j) ? share[j - 1] : 0 }
        for i in 1...n {
            share[0] = inside(i, 0) ? share[0] : 0
            for j in 1...m {
                share[j] = inside(i, j) ? (Double(i) * share[j] + Double(j) * share[j - 1]) / Double(i + j) : 0
            }
        }
        return Swift.min(1, Swift.max(0, 1 - share[m]))
    }

    /// Q(λ) = P(K > λ) of the Kolmogorov distribution: 2 Σ (−1)^(j−1) e^(−2j²λ²) for λ ≥ 1.18;
    /// below, 1 − (√(2π)/λ) Σ e^(−(2j−1)²π²/(8λ²)), which converges fast there.
    static func kolmogorovSurvival(_ lambda: Double) -> Double {
        if lambda <= 0 { return 1 }
        if lambda < 1.18 {
            let y = exp(-Double.pi * Double.pi / (8 * lambda * lambda))
            var sum = 0.0
            var j = 1.0
            while j < 200 {
                let term = pow(y, (2 * j - 1) * (2 * j - 1))
                sum += term
                if term < 1e-17 * sum { break }
                j += 1
            }
            return Swift.min(1, Swift.max(0, 1 - (2 * Double.pi).squareRoot() / lambda * sum))
        }
        var sum = 0.0
        var sign = 1.0
        var j = 1.0
        while j < 200 {
            let term = exp(-2 * j * j * lambda * lambda)
            sum += sign * term
            if term < 1e-17 { break }
            sign = -sign
            j += 1
        }
        return Swift.min(1, Swift.max(0, 2 * sum))
    }

    /// The two-sided p-value of a 2 × 2 table — `a` of the reference's `a + b` values and `c` of
    /// the target's `c + d` in one class (nulls, or one type class): Fisher's exact test (the
    /// tables no likelier than the observed one under the hypergeometric law) while its support
    /// has at most `exactSupportLimit` tables and is small (``_ExactWorkBudget/alwaysExact``) or
    /// the report's `budget` allows; otherwise Pearson's chi-square with Yates' correction, which
    /// errs on the conservative side.
    ///
    /// The law is summed by the ratio of neighbouring tables, P(x + 1)/P(x) =
    /// (n − x)(k − x)/((x + 1)(m − k + x + 1)), stepping an integer: no large `lgamma` differences
    /// to lose precision at 10¹⁵ rows, and no `Double` counter that stops moving at 2⁵³.
    static func twoByTwo(
        _ a: Double, _ b: Double, _ c: Double, _ d: Double, budget: _ExactWorkBudget? = nil
    ) -> Double {
        guard a >= 0, b >= 0, c >= 0, d >= 0, a + b > 0, c + d > 0 else { return .nan }
        let rowR = a + b
        let rowT = c + d
        let inClass = a + c
        let total = rowR + rowT
        guard inClass > 0, inClass < total else { return 1 }
        let low = Swift.max(0, inClass - rowT)
        let high = Swift.min(inClass, rowR)
        let support = high - low
        if support <= exactSupportLimit,
            support + 1 <= _ExactWorkBudget.alwaysExact || budget?.spend(support + 1) ?? true
        {
            let count = Int(support)
            var logWeights = [Double](repeating: 0, count: count + 1)
            for k in 0..<count {
                let x = low + Double(k)
                logWeights[k + 1] =
                    logWeights[k] + log(rowR - x) + log(inClass - x) - log(x + 1) - log(rowT - inClass + x + 1)
            }
            let observed = logWeights[Swift.min(count, Swift.max(0, Int((a - low).rounded())))]
            let best = logWeights.max() ?? 0
            var all = 0.0
            var asExtreme = 0.0
            for w in logWeights {
                let term = exp(w - best)
                all += term
                // Tables within a relative 10⁻⁷ of the observed probability count as ties (R's
                // fisher.test and scipy do the same).
                if w <= observed + 1e-7 { asExtreme += term }
            }
            return Swift.min(1, asExtreme / all)
        }
        // Yates: |ad − bc| less half the total, in shares so that nothing overflows.
        let difference = Swift.max(0, abs(a / rowR - c / rowT) - 0.5 * (1 / rowR + 1 / rowT))
        let pooled = inClass / total
        let chi = difference * difference / (pooled * (1 - pooled) * (1 / rowR + 1 / rowT))
        return chiSquareSurvival(chi, degreesOfFreedom: 1)
    }

    /// The largest support (tables) for which ``twoByTwo(_:_:_:_:budget:)`` sums Fisher's exact law.
    static let exactSupportLimit = 50_000.0

    /// P(χ²_df > x): the regularized upper incomplete gamma function Q(df/2, x/2).
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom df: Int) -> Double {
        guard df > 0 else { return 1 }
        guard x.isFinite else { return x > 0 ? 0 : .nan }
        if x <= 0 { return 1 }
        return upperRegularizedGamma(Double(df) / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x)/Γ(a): by the series of P(a, x) when x < a + 1, else by the continued
    /// fraction of Q (modified Lentz).
    static func upperRegularizedGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var k = 1.0
            while k < 10_000 {
                term *= x / (a + k)
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
                k += 1
            }
            return Swift.min(1, Swift.max(0, 1 - sum * exp(logPrefix)))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 10_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return Swift.min(1, Swift.max(0, exp(logPrefix) * h))
    }
}
