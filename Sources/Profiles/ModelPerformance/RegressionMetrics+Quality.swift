extension RegressionMetrics {
    /// The mean signed error, Σ (prediction − target) / count (positive: the model over-predicts),
    /// or `nil` without pairs.
    public var meanError: Double? { count == 0 ? nil : sumDifferences / Double(count) }

    /// The coefficient of determination, 1 − Σ (prediction − target)² / Σ (target − mean)², from
    /// the target column's distribution (its m2 is the second sum), or `nil` when the target's
    /// count differs from ``count`` (nulls, or another column) or its values do not vary.
    ///
    /// - Parameter target: the distribution metric of the target column, profiled beside the
    ///   metrics (whylogs' `log_full_data`, `profile csv --log-full-data`).
    public func rSquared(target: DistributionMetric) -> Double? {
        guard count > 0, target.n == Int(clamping: count), target.m2 > 0, target.m2.isFinite else { return nil }
        return 1 - sumSquaredDifferences / target.m2
    }

    /// ``rSquared(target:)`` with the target column ``targetField`` of `profile`, when the profile
    /// has such a column with a distribution (whylogs itself writes the field as `"0"`).
    public func rSquared(in profile: DatasetProfile) -> Double? {
        guard let target = profile.columns[targetField]?.distribution else { return nil }
        return rSquared(target: target)
    }
}
