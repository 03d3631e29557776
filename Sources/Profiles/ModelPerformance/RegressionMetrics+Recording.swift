extension RegressionMetrics {
    /// Adds one (prediction, target) pair as whylogs' `RegressionMetrics.add` does for each pair
    /// of a batch: `d = prediction − target` goes into the sums of `|d|`, `d` and `d²`, and the
    /// count grows by one. NaN and infinities go into the sums as they do in Python.
    ///
    /// - Parameters:
    ///   - prediction: the predicted value.
    ///   - target: the true value.
    /// - Complexity: O(1).
    public mutating func add(prediction: Double, target: Double) {
        add(prediction - target)
    }
}
