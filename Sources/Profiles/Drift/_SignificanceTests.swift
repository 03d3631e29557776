import Foundation

/// The p-values behind the significance gate of ``DriftConfiguration/significanceLevel``: how
/// likely a distance at least this large is between two samples of one distribution.
enum _SignificanceTests {
    /// The two-sample Kolmogorov–Smirnov p-value of a distance `d` between samples of sizes `n` and
    /// `m`: the asymptotic Kolmogorov distribution at λ = (√nₑ + 0.12 + 0.11/√nₑ)·d with
    /// nₑ = nm/(n + m) (Stephens' small-sample correction).
    static func kolmogorovSmirnov(distance d: Double, n: Double, m: Double) -> Double {
        guard n > 0, m > 0, d.isFinite else { return .nan }
        let effective = n * m / (n + m)
        let root = effective.squareRoot()
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * Swift.max(0, d))
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
