extension DatasetProfile {
    /// Adds a batch of a classifier's rows to ``modelPerformance`` (created when absent), as
    /// whylogs' `why.log_classification_metrics(frame, target_column:, prediction_column:,
    /// score_column:)` does without `log_full_data`: no columns are profiled; see
    /// ``ModelPerformanceMetrics/logClassification(targets:predictions:scores:)``.
    ///
    /// - Parameters:
    ///   - targets: the true labels.
    ///   - predictions: the predicted labels, one per target.
    ///   - scores: the prediction scores, one per target, or `nil` for 1.0 each.
    /// - Throws: ``ProfileError`` as ``ModelPerformanceMetrics/logClassification(targets:predictions:scores:)``;
    ///   nothing changes on an error.
    /// - Complexity: O(n log n + L²) for n rows and L labels.
    public mutating func logClassificationMetrics(
        targets: [ClassLabel], predictions: [ClassLabel], scores: [Double]? = nil
    ) throws(ProfileError) {
        var metrics = modelPerformance ?? ModelPerformanceMetrics()
        try metrics.logClassification(targets: targets, predictions: predictions, scores: scores)
        modelPerformance = metrics
    }

    /// Adds a batch of a regressor's rows to ``modelPerformance`` (created when absent), as
    /// whylogs' `why.log_regression_metrics` does without `log_full_data`; see
    /// ``ModelPerformanceMetrics/logRegression(targets:predictions:)``.
    ///
    /// - Parameters:
    ///   - targets: the true values.
    ///   - predictions: the predicted values, one per target.
    /// - Throws: ``ProfileError`` with code `invalidValue` when the counts differ.
    /// - Complexity: O(n).
    public mutating func logRegressionMetrics(targets: [Double], predictions: [Double]) throws(ProfileError) {
        var metrics = modelPerformance ?? ModelPerformanceMetrics()
        try metrics.logRegression(targets: targets, predictions: predictions)
        modelPerformance = metrics
    }
}
