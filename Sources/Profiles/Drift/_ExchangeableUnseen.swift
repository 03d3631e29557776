import Foundation

/// The unseen share's null law when both frequent-items sketches are exact (every value counted):
/// the two profiles are then one pooled sample of N = n + m values cut at random into a reference
/// of n and a target of m, and the target's values unseen in the reference are those whose every
/// copy fell into the target.
///
/// A value seen c times in the pooled sample lands wholly in the target with probability
/// q(c) = Π_{i<c} (m − i)/(N − i) (hypergeometric), and then brings c unseen values. The unseen
/// count U = Σ c·1{all copies in target} has mean Σ c·q(c) exactly. Its law is taken as that of a
/// sum of independent terms, a convolution. The true indicators are negatively correlated (the
/// target fills up), so the independent law is the wider one: against the exact law (enumerated
/// by `DriftSmallSampleTests`), its tail P(U ≥ u) is at least 0.98 of the exact tail wherever the
/// exact tail is at most 0.05, and above it in most cases. Good–Turing (``_Turnover``) answers the
/// same question from the reference alone and needs large counts; this needs none, which matters
/// at a few hundred rows.
struct _ExchangeableUnseen {
    /// The expected unseen share of the target, E[U] / m.
    var expectedShare: Double
    /// P(U ≥ the observed count) under the null.
    var pValue: Double

    /// Convolutions larger than this (support × values) use the normal approximation instead.
    static let convolutionBudget = 20_000_000

    /// - Parameters:
    ///   - pairs: each distinct value's count in the reference and in the target (exact).
    ///   - referenceCount: n, the reference's values.
    ///   - targetCount: m, the target's values.
    ///   - budget: the report's budget for exact laws (`nil`: unlimited).
    init(
        pairs: [(reference: Double, target: Double)], referenceCount n: Double, targetCount m: Double,
        budget: _ExactWorkBudget? = nil
    ) {
        let observed = pairs.reduce(0) { $0 + ($1.reference == 0 ? $1.target : 0) }
        let terms = Self.terms(pooled: pairs.map { $0.reference + $0.target }, referenceCount: n, targetCount: m)
        let mean = terms.reduce(0) { $0 + Double($1.count) * $1.probability }
        expectedShare = m > 0 ? mean / m : 0
        guard observed > 0, observed > mean else {
            pValue = 1
            return
        }
        pValue = Self.tail(terms: terms, targetCount: m, atLeast: observed, budget: budget)
    }

    /// Each pooled count c ≤ m with q(c) > 10⁻¹⁵ (the rest cannot, in practice, be unseen).
    static func terms(
        pooled: [Double], referenceCount n: Double, targetCount m: Double
    ) -> [(
        count: Int, probability: Double
    )] {
        let total = n + m
        var terms: [(count: Int, probability: Double)] = []
        for c in pooled where c > 0 && c <= m {
            // log q(c) = Σ_{i<c} log(1 − n/(N − i)): summed for small c (precise at any N), in
            // closed form by lgamma past 10,000 (no loop over a count of 10⁹).
            var logQ = 0.0
            if c <= 10_000 {
                var i = 0.0
                while i < c, logQ > -40 {
                    logQ += log1p(-n / (total - i))
                    i += 1
                }
            } else {
                let targetPart: Double = lgamma(m + 1) - lgamma(m - c + 1)
                let totalPart: Double = lgamma(total + 1) - lgamma(total - c + 1)
                logQ = targetPart - totalPart
            }
            let q = exp(Swift.min(0, logQ))
            if q > 1e-15 { terms.append((Int(c), q)) }
        }
        return terms
    }

    /// P(U ≥ `observed`) under the independent law: the exact convolution within
    /// ``convolutionBudget`` and the report's `budget`, else the normal approximation with a
    /// continuity correction.
    static func tail(
        terms: [(count: Int, probability: Double)], targetCount m: Double, atLeast observed: Double,
        budget: _ExactWorkBudget? = nil
    ) -> Double {
        let support = Int(Swift.min(m, terms.reduce(0) { $0 + Double($1.count) }))
        let steps = Double(support + 1) * Double(terms.count)
        guard
            steps <= Double(convolutionBudget),
            steps <= _ExactWorkBudget.alwaysExact || budget?.spend(steps) ?? true
        else {
            let mean = terms.reduce(0) { $0 + Double($1.count) * $1.probability }
            let variance = terms.reduce(0) { $0 + Double($1.count * $1.count) * $1.probability * (1 - $1.probability) }
            let z = (observed - 0.5 - mean) / Swift.max(variance, 1e-300).squareRoot()
            return 0.5 * erfc(z / 2.0.squareRoot())
        }
        // distribution[k] = P(U = k), one term at a time; the independent law's mass past m
        // (which U cannot reach) is kept in the last cell, so no tail is lost.
        var distribution = [Double](repeating: 0, count: support + 1)
        var next = distribution
        distribution[0] = 1
        var reach = 0
        for (count, q) in terms {
            let newReach = Swift.min(support, reach + count)
            for k in 0...newReach { next[k] = k <= reach ? distribution[k] * (1 - q) : 0 }
            for k in 0...reach { next[Swift.min(support, k + count)] += distribution[k] * q }
            swap(&distribution, &next)
            reach = newReach
        }
        let first = Int(observed.rounded(.up))
        return first > support ? 0 : Swift.min(1, distribution[first...].reduce(0, +))
    }
}
