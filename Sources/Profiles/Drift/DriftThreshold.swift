/// The thresholds of one metric: a value at or above ``drift`` is drift, at or above ``possible``
/// possible drift. Metrics are compared on their magnitude (see ``DriftMetric``).
public struct DriftThreshold: Sendable, Hashable {
    /// The "possible drift" threshold, or `nil` for none.
    public var possible: Double?
    /// The drift threshold.
    public var drift: Double

    /// Thresholds.
    ///
    /// - Parameters:
    ///   - drift: the drift threshold.
    ///   - possible: the "possible drift" threshold (`nil`: none).
    public init(drift: Double, possible: Double? = nil) {
        self.drift = drift
        self.possible = possible
    }

    /// The verdict on a value known to within ± `errorBound`.
    ///
    /// The verdicts at `value − errorBound` and `value + errorBound` are compared: equal, that
    /// verdict; the interval straddles the drift threshold, ``DriftVerdict/indeterminate``; it only
    /// straddles only the "possible" threshold, the verdict of the value itself (the bound decides
    /// only whether drift can be told). A NaN value is indeterminate.
    ///
    /// - Parameters:
    ///   - value: the metric's magnitude.
    ///   - errorBound: the error bound (0 when exact or unknown).
    /// - Returns: the verdict.
    public func verdict(value: Double, errorBound: Double = 0) -> DriftVerdict {
        guard !value.isNaN else { return .indeterminate }
        let bound = errorBound.isFinite ? Swift.max(0, errorBound) : .infinity
        return verdict(value: value, low: value - bound, high: value + bound)
    }

    /// The verdict on a value known to lie in `low...high` (see ``verdict(value:errorBound:)``).
    ///
    /// - Parameters:
    ///   - value: the metric's magnitude as measured.
    ///   - lowValue: the smallest value the metric may have.
    ///   - highValue: the largest value the metric may have.
    /// - Returns: the verdict.
    public func verdict(value: Double, low lowValue: Double, high highValue: Double) -> DriftVerdict {
        guard !value.isNaN, !lowValue.isNaN, !highValue.isNaN else { return .indeterminate }
        let low = level(lowValue)
        let high = level(highValue)
        if low == high { return low }
        if high == .drift { return .indeterminate }
        return level(value)
    }

    private func level(_ value: Double) -> DriftVerdict {
        if value >= drift { return .drift }
        if let possible, value >= possible { return .possible }
        return .none
    }
}
