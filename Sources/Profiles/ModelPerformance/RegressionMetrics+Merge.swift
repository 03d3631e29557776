extension RegressionMetrics {
    /// Merges another's pairs into these as whylogs' `RegressionMetrics.merge` does: metrics
    /// without pairs take the other as they are; otherwise the counts and the three sums are added
    /// (the field names of these metrics are kept).
    ///
    /// - Parameter other: the metrics to merge.
    /// - Precondition: the counts' sum fits `UInt64` (``DatasetProfile/checkMergeable(_:)`` checks it).
    public mutating func merge(_ other: RegressionMetrics) {
        if count == 0 {
            self = other
            return
        }
        if other.count == 0 { return }
        count += other.count
        sumAbsoluteDifferences += other.sumAbsoluteDifferences
        sumDifferences += other.sumDifferences
        sumSquaredDifferences += other.sumSquaredDifferences
    }
}
