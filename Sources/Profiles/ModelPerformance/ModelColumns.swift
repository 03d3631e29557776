/// The columns of a table that hold a model's output and the ground truth, from which a profiler
/// logs ``ModelPerformanceMetrics`` beside (or instead of) the column profiles, as whylogs'
/// `log_classification_metrics` and `log_regression_metrics` do.
public struct ModelColumns: Sendable, Hashable {
    /// What kind of model made the predictions.
    public enum Task: String, Sendable, Hashable, CaseIterable {
        /// Labels: a ``ConfusionMatrix`` (whylogs' `log_classification_metrics`).
        case classification
        /// Numbers: ``RegressionMetrics`` (whylogs' `log_regression_metrics`).
        case regression
    }

    /// The column of true labels or values.
    public var target: String
    /// The column of predicted labels or values.
    public var prediction: String
    /// The column of prediction scores (classification only); `nil` for 1.0 per row.
    public var score: String?
    /// The kind of model.
    public var task: Task

    /// The model columns of a table.
    ///
    /// - Parameters:
    ///   - target: the column of true labels or values.
    ///   - prediction: the column of predicted labels or values.
    ///   - score: the column of scores, for a classifier; `nil` for none.
    ///   - task: the kind of model.
    public init(target: String, prediction: String, score: String? = nil, task: Task = .classification) {
        self.target = target
        self.prediction = prediction
        self.score = score
        self.task = task
    }

    /// The distinct column names: target, prediction, then score.
    public var names: [String] {
        var names = [target]
        if prediction != target { names.append(prediction) }
        if let score, !names.contains(score) { names.append(score) }
        return names
    }
}
