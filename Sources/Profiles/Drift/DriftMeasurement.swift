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
