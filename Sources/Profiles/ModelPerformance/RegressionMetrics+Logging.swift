extension RegressionMetrics {
    /// Adds one difference (prediction − target) to the sums, as whylogs' `RegressionMetrics.add`.
    package mutating func add(_ difference: Double) {
        sumAbsoluteDifferences += abs(difference)
        sumDifferences += difference
        sumSquaredDifferences += difference * difference
        count += 1
    }
}
