/// A drift metric between a reference and a target column, named as in the JSON report.
public enum DriftMetric: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Kolmogorov–Smirnov distance D = sup |F_ref − F_target|, from the two KLL sketches evaluated
    /// at every retained item of both; error bound ε_ref + ε_target (single-sided normalized rank
    /// errors at 99% confidence; 0 for a sketch in exact mode).
    case ks
    /// Population stability index Σ (t − r) ln(t / r) over bins at reference quantiles; empty bins
    /// are floored at ``DriftConfiguration/emptyBinFloor`` (1e-4).
    case psi
    /// Jensen–Shannon distance (the square root of the divergence with natural logarithms, in
    /// 0...√ln 2 ≈ 0.833, as scipy's `jensenshannon` and so Evidently compute it): over bins at
    /// reference quantiles for numbers, over frequent items plus "other" for categories.
    case jensenShannon = "jensen_shannon"
    /// Hellinger distance √(1 − Σ √(r·t)) (in 0...1) over bins at reference quantiles.
    case hellinger
    /// Normalised Wasserstein-1: ∫₀¹ |Q_ref(u) − Q_target(u)| du from the KLL quantile functions,
    /// divided by the reference standard deviation (exact, from the profile; floored at 0.001), as
    /// Evidently's "normed" Wasserstein.
    case wasserstein
    /// L-infinity distance max_i |r_i − t_i| over the covered frequent items plus "other" (TFDV's
    /// categorical comparator); error bound from the two sketches' maximum errors.
    ///
    /// A category is covered when each side expects at least 5 of it under pooling (Cochran's rule
    /// for the chi-square test), counting what the sketches guarantee (their lower bounds); the
    /// others are pooled into "other". L∞, Jensen–Shannon and chi-square on categories are scored
    /// only when the covered categories hold at least 80% of both sides' values and the column is
    /// not ID-like; otherwise they are reported with ``DriftMeasurement/notScoredReason`` ("long
    /// tail: frequent items cover 43% of the values"). Past exact mode the chi-square test uses
    /// the least different shares the two sketches' errors allow.
    case lInfinity = "l_infinity"
    /// Pearson chi-square statistic of the 2 × (k + 1) contingency table of frequent-item counts
    /// plus "other". It grows with n, so it is informational (no default threshold).
    case chiSquare = "chi_square"
    /// Null rate of the target minus that of the reference (`counts/null / counts/n`); decided on
    /// its magnitude, gated by Fisher's exact test of the two null counts (Pearson's chi-square
    /// when the exact law would have more than 50,000 tables; the counts are exact either way).
    case nullRateChange = "null_rate_change"
    /// Total-variation distance between the two type-count distributions over the classes numeric
    /// (integral and fractional together), boolean, string, object and tensor: a column read as
    /// integers in one profile and as floats in the other has not changed type. Gated by Fisher's
    /// exact test of each class present against the rest, Bonferroni within the column.
    case typeMixChange = "type_mix_change"
    /// Distinct-count ratio target / reference from the HLL estimates; error bound from the HLL
    /// bounds at 2 standard deviations. Informational by default; a threshold applies to
    /// max(ratio, 1 / ratio).
    case distinctRatio = "distinct_ratio"
    /// Share of the target's non-null values in categories the reference's frequent items never
    /// saw. Certain only while the reference sketch is exact; otherwise the bound covers it.
    ///
    /// Scored on its excess over the share expected without drift (``DriftMeasurement/expected``),
    /// gated by a one-sided test of that excess. While both sketches are exact the two profiles are
    /// taken as one pooled sample cut at random, and expectation and test come from both sides'
    /// counts (exact at any n); otherwise from the reference's own turnover, Good–Turing's f₁ / n: half of an ID column is all new to the other half and is
    /// not drift, a tenth of the rows in a new category of a low-cardinality column is. Not scored
    /// on an ID-like column (at least 90% of the reference's values distinct), nor once the
    /// reference's sketch is past exact mode (a value it no longer tracks may still be in it).
    case unseenShare = "unseen_share"
    /// The p-value of seeing a distance at least this large between two samples of one
    /// distribution: the two-sample Kolmogorov–Smirnov test on the KS distance (asymptotic, with
    /// nₑ = nm/(n + m)) for numbers, the chi-square test of the frequent-items table (degrees of
    /// freedom: categories − 1) for categories. Never thresholded: it gates the distance verdicts
    /// (see ``DriftConfiguration/significanceLevel``). The count metrics (null rate, type mix,
    /// unseen share) carry their own tests in ``DriftMeasurement/pValue``.
    case pValue = "p_value"

    /// Report order (declaration order).
    public static func < (lhs: DriftMetric, rhs: DriftMetric) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
