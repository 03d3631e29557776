/// A regressor's performance metrics (whylogs `RegressionMetrics`): the number of
/// (prediction, target) pairs and the sums of their absolute, signed and squared differences
/// (`prediction − target`), from which mean absolute error, mean error and (root) mean squared
/// error follow.
public struct RegressionMetrics: Sendable, Hashable {
    /// The prediction column's name as written (`prediction_field`; whylogs always writes `"0"`).
    public var predictionField: String
    /// The target column's name as written (`target_field`; whylogs always writes `"0"`).
    public var targetField: String
    /// The number of pairs (`count`).
    public var count: UInt64
    /// Σ |prediction − target| (`sum_abs_diff`).
    public var sumAbsoluteDifferences: Double
    /// Σ (prediction − target) (`sum_diff`).
    public var sumDifferences: Double
    /// Σ (prediction − target)² (`sum2_diff`).
    public var sumSquaredDifferences: Double

    /// Metrics from their values (empty by default, with whylogs' `"0"` field names).
    ///
    /// - Parameters:
    ///   - predictionField: the prediction field name.
    ///   - targetField: the target field name.
    ///   - count: the number of pairs.
    ///   - sumAbsoluteDifferences: Σ |prediction − target|.
    ///   - sumDifferences: Σ (prediction − target).
    ///   - sumSquaredDifferences: Σ (prediction − target)².
    public init(
        predictionField: String = "0", targetField: String = "0", count: UInt64 = 0,
        sumAbsoluteDifferences: Double = 0, sumDifferences: Double = 0, sumSquaredDifferences: Double = 0
    ) {
        self.predictionField = predictionField
        self.targetField = targetField
        self.count = count
        self.sumAbsoluteDifferences = sumAbsoluteDifferences
        self.sumDifferences = sumDifferences
        self.sumSquaredDifferences = sumSquaredDifferences
    }

    /// The mean absolute error, or `nil` without pairs.
    public var meanAbsoluteError: Double? { count == 0 ? nil : sumAbsoluteDifferences / Double(count) }
    /// The mean squared error, or `nil` without pairs.
    public var meanSquaredError: Double? { count == 0 ? nil : sumSquaredDifferences / Double(count) }
    /// The root mean squared error, or `nil` without pairs.
    public var rootMeanSquaredError: Double? { meanSquaredError.map { $0.squareRoot() } }
}
