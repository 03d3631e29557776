import Foundation
internal import Sketches

/// The reference's own turnover: how much of a target drawn from the reference's distribution is
/// expected to be values the reference never saw, by Good–Turing, from the frequent items and the
/// HLL distinct estimate.
///
/// Good–Turing estimates the probability that the next value is new as P₀ = f₁ / n, with f₁ the
/// number of values seen exactly once among the reference's n values. Esty (1983) gives its
/// variance as (f₁ + 2f₂ − f₁²/n) / n², f₂ the values seen twice.
///
/// The singletons are counted exactly while the reference's frequent-items sketch is exact
/// (maximum error 0: every value is tracked with its count, up to 768 values in whylogs' sketch).
/// Beyond, the tracked items are the frequent ones; the untracked tail is m = D − k values (D the
/// HLL distinct estimate, k the tracked items) sharing the rest of the n values with mean count
/// μ, and its counts are taken as zero-truncated Poisson with that mean (λ / (1 − e^−λ) = μ), so
/// f₁ = m λ e^−λ / (1 − e^−λ) and f₂ = m λ² e^−λ / (2 (1 − e^−λ)). The sketch error of P₀ is
/// then the change of P₀ across the HLL bounds at 2 standard deviations of D (0 when exact).
struct _Turnover {
    /// A column whose reference values are at least this share distinct is ID-like (0.9).
    static let idLikeDistinctShare = 0.9
    /// Category distances are scored only when the covered categories hold at least this share of
    /// both sides' values together (0.8).
    static let minimumCoverage = 0.8
    /// A category is covered when each side expects at least this many of it (5, Cochran's rule).
    static let minimumExpectedCount = 5.0

    /// The reference's values counted by the frequent items.
    var count: Double
    /// Its distinct values (exact, or the HLL estimate within the tracked items and n).
    var distinct: Double
    /// Values seen once.
    var singletons: Double
    /// Values seen twice.
    var doubletons: Double
    /// The bound on ``unseenProbability`` due to the HLL estimate (0 when exact).
    var sketchError: Double

    /// D / n.
    var distinctShare: Double { count > 0 ? distinct / count : 0 }
    /// P₀ = f₁ / n: the share of a target expected to be unseen without drift.
    var unseenProbability: Double { count > 0 ? Swift.min(1, singletons / count) : 0 }

    init(reference: FrequentItemsSketch<String>, distinct hll: HLLSketch?) {
        let items = reference.trackedItems
        count = Double(reference.totalWeight)
        if reference.maximumError == 0 {
            distinct = Double(items.count)
            singletons = Double(items.filter { $0.weight == 1 }.count)
            doubletons = Double(items.filter { $0.weight == 2 }.count)
            sketchError = 0
            return
        }
        let tracked = Double(items.count)
        let trackedCount = Double(items.reduce(UInt64(0)) { $0 + $1.weight })
        let n = count
        func clamp(_ d: Double) -> Double { Swift.min(n, Swift.max(tracked, d.isFinite ? d : tracked)) }
        let estimate = clamp(hll?.estimate ?? tracked)
        distinct = estimate
        (singletons, doubletons) = Self.tail(values: n - trackedCount, distinct: estimate - tracked)
        if let hll {
            let low = Self.tail(
                values: n - trackedCount, distinct: clamp(hll.lowerBound(standardDeviations: 2)) - tracked)
            let high = Self.tail(
                values: n - trackedCount, distinct: clamp(hll.upperBound(standardDeviations: 2)) - tracked)
            let p = singletons / n
            sketchError = Swift.max(abs(low.0 / n - p), abs(high.0 / n - p))
        } else {
            sketchError = 0
        }
    }

    /// Singletons and doubletons among `distinct` values sharing `values` counts, zero-truncated
    /// Poisson.
    static func tail(values: Double, distinct m: Double) -> (Double, Double) {
        guard m >= 1, values > 0 else { return (0, 0) }
        let mean = values / m
        if mean <= 1.000_001 { return (Swift.min(m, values), 0) }
        // λ / (1 − e^−λ) = mean: increasing in λ; bisection.
        var low = 0.0
        var high = mean
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if mid / -expm1(-mid) < mean { low = mid } else { high = mid }
        }
        let lambda = (low + high) / 2
        let scale = m * exp(-lambda) / -expm1(-lambda)
        return (scale * lambda, scale * lambda * lambda / 2)
    }

    /// The one-sided p-value of an unseen share at least this large in a target of `targetCount`
    /// values without drift: normal approximation, variance P₀(1 − P₀)/n_target (P₀ at least
    /// 1/(n + 1), so a reference without singletons still allows a stray new value) plus Esty's
    /// variance of P₀.
    func pValue(observedShare: Double, targetCount: Double) -> Double {
        guard count > 0, targetCount > 0 else { return 1 }
        let p0 = unseenProbability
        let floor = Swift.max(p0, 1 / (count + 1))
        var variance = floor * (1 - floor) / targetCount
        variance += Swift.max(0, singletons + 2 * doubletons - singletons * singletons / count) / (count * count)
        guard variance > 0 else { return observedShare > p0 ? 0 : 1 }
        let z = (observedShare - p0) / variance.squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }
}
