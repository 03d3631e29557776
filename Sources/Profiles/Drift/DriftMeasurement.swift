/// One metric measured on one column: the value, its error bound, the thresholds that applied and
/// the resulting verdict.
public struct DriftMeasurement: Sendable, Hashable {
    /// The metric.
    public var metric: DriftMetric
    /// The value (signed for ``DriftMetric/nullRateChange``; a ratio for
    /// ``DriftMetric/distinctRatio``).
    public var value: Double
    /// The bound on |value − the value the raw data would give| due to the sketches, or `nil`
    /// when no bound is derived (PSI, Jensen–Shannon, Hellinger, chi-square).
    public var errorBound: Double?
    /// The thresholds that applied, or `nil` when the metric is informational for this column.
    public var threshold: DriftThreshold?
    /// The verdict: ``DriftVerdict/none`` without a threshold.
    public var verdict: DriftVerdict
    /// The value expected without drift, when the metric is scored against one: for
    /// ``DriftMetric/unseenShare``, the share of the target new to the reference when both are
    /// one sample cut at random (both sketches exact) or the reference's Good–Turing turnover;
    /// the verdict is then on `value − expected`.
    public var expected: Double?
    /// The bound on |``expected`` − its value from the raw data| due to the sketches.
    public var expectedErrorBound: Double?
    /// The p-value of the test that gates this metric's verdict (see
    /// ``DriftConfiguration/significanceLevel``), when one does other than the `p_value` metric's
    /// own: the one-sided test of the unseen share's excess, Fisher's exact tests of the null-rate
    /// and type-mix changes.
    public var pValue: Double?
    /// The p-value of the test that gates this metric after adjusting for the report's other
    /// tests (``DriftReport/multipleTesting``); the verdict stands only when it is below the
    /// significance level. `nil` for metrics no test gates.
    public var adjustedPValue: Double?
    /// Why the metric was computed but not scored (its verdict is none whatever its value), e.g.
    /// "ID-like: 98% of the reference's values are distinct" or "long tail: frequent items cover
    /// 43% of the values"; `nil` when it was scored.
    public var notScoredReason: String?

    /// A measurement.
    public init(
        metric: DriftMetric, value: Double, errorBound: Double?, threshold: DriftThreshold?, verdict: DriftVerdict
    ) {
        self.metric = metric
        self.value = value
        self.errorBound = errorBound
        self.threshold = threshold
        self.verdict = verdict
    }

    /// The magnitude a threshold is compared with: |value| for the null-rate change,
    /// max(r, 1 / r) for the distinct ratio, the value otherwise.
    public static func magnitude(of value: Double, metric: DriftMetric) -> Double {
        switch metric {
        case .nullRateChange: return abs(value)
        case .distinctRatio:
            if value.isNaN { return value }
            if value <= 0 { return .infinity }
            return Swift.max(value, 1 / value)
        default: return value
        }
    }
}
