extension ModelPerformanceMetrics {
    /// Merges another profile's metrics into these as whylogs' `ModelPerformanceMetrics.merge`
    /// does: other metrics with neither a confusion matrix nor regression metrics change nothing;
    /// otherwise the confusion matrices merge (``ConfusionMatrix/merge(_:)``; one side's is kept
    /// when the other has none), the regression metrics likewise (``RegressionMetrics/merge(_:)``),
    /// and the output fields are united in order (these first, then the other's new ones).
    ///
    /// A classification profile merged with a regression profile so keeps both parts, as whylogs
    /// does; its ``modelType`` is then ``ModelType/classification``. (whylogs 1.6.4 fails with a
    /// `TypeError` when both sides have output fields; Sketchbook unites them.)
    ///
    /// - Parameter other: the metrics to merge.
    /// - Complexity: O(L²) for L labels in the merged confusion matrix.
    public mutating func merge(_ other: ModelPerformanceMetrics) {
        guard other.confusionMatrix != nil || other.regression != nil else { return }
        for field in other.outputFields where !outputFields.contains(field) {
            outputFields.append(field)
        }
        if let matrix = other.confusionMatrix {
            if confusionMatrix == nil {
                confusionMatrix = matrix
            } else {
                confusionMatrix?.merge(matrix)
            }
        }
        if let metrics = other.regression {
            if regression == nil {
                regression = metrics
            } else {
                regression?.merge(metrics)
            }
        }
    }

    /// These metrics merged with another's (see ``merge(_:)``).
    ///
    /// - Parameter other: the metrics to merge.
    /// - Returns: the merged metrics.
    public func merging(_ other: ModelPerformanceMetrics) -> ModelPerformanceMetrics {
        var result = self
        result.merge(other)
        return result
    }
}
