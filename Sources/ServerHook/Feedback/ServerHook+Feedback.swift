import CoreMetrics
public import Profiles
import Synchronization

extension ServerHook {
    /// The result of ``recordFeedback(predictionID:actual:)`` and
    /// ``recordFeedback(predictionID:actualLabel:)``.
    public enum FeedbackOutcome: Sendable, Hashable {
        /// A regressor's prediction was found: the pair went into the window's regression
        /// metrics.
        case joined(prediction: Double, absoluteError: Double)
        /// A classifier's prediction was found: the row went into the window's confusion matrix.
        case joinedLabel(predictedLabel: String, isCorrect: Bool)
        /// No prediction with this identifier is held (never made, already joined, expired or
        /// evicted), or the true value is not finite.
        case unknownPrediction
        /// The prediction is of the other kind (a label for a value, or a value for a label): it
        /// is kept, and can still be joined with the right kind of truth.
        case kindMismatch
        /// The row would have made the window's confusion matrix hold more than
        /// `ConfusionMatrix.maximumLabels` labels: it is refused (and the prediction
        /// forgotten).
        case labelLimitReached
    }

    /// The column the mean absolute error was logged under before windows carried regression
    /// metrics: still read (restored windows, the window gauges), no longer written.
    public static let absoluteErrorColumn = "feedback_absolute_error"
    /// The squared error column of the same older windows: the square root of its mean is the
    /// window's RMSE.
    public static let squaredErrorColumn = "feedback_squared_error"

    /// Joins the ground truth of an earlier regression prediction: the pair goes into the open
    /// window's regression metrics (`RegressionMetrics`: count and the sums of |d|, d
    /// and d² for d = prediction − actual, as whylogs' `log_regression_metrics` keeps them, written
    /// in the window file's model performance metrics), and |d| to the `serverhook_absolute_error`
    /// histogram.
    ///
    /// - Parameters:
    ///   - predictionID: the identifier returned with the prediction.
    ///   - actual: the true value (not finite: ``FeedbackOutcome/unknownPrediction``).
    /// - Returns: whether the prediction was found, and its error.
    /// - Complexity: O(1): a hash look-up under the prediction's shard lock and four additions
    ///   under the core's window lock.
    public func recordFeedback(predictionID: PredictionID, actual: Double) -> FeedbackOutcome {
        let now = clock()
        guard actual.isFinite, let entry = predictions.take(predictionID, now: now) else {
            metrics?.feedbackUnknown.increment()
            return .unknownPrediction
        }
        guard case .value(let prediction) = entry.prediction else {
            predictions.insert(predictionID, prediction: entry.prediction, now: entry.recordedMilliseconds)
            metrics?.feedbackMismatched.increment()
            return .kindMismatch
        }
        currentShard().withWindow(startingAt: windowStart(milliseconds: now)) { window in
            window.addRegression(prediction: prediction, target: actual)
            window.records += 1
        }
        let error = abs(prediction - actual)
        counters.records.add(1, ordering: .relaxed)
        if let metrics {
            metrics.records.increment()
            metrics.feedbackJoined.increment()
            metrics.absoluteError.record(error)
        }
        return .joined(prediction: prediction, absoluteError: error)
    }

    /// Joins the true label of an earlier classification
    /// (``record(features:predictedLabel:score:predictionID:)``): the row (predicted label, true
    /// label, score) goes into the open window's confusion matrix, written in the window file's
    /// model performance metrics as whylogs' `log_classification_metrics` would write it (labels as
    /// whylogs orders merged labels, `ConfusionMatrix.mergedOrder(_:)`; each cell a
    /// sketch of its rows' scores).
    ///
    /// - Parameters:
    ///   - predictionID: the identifier returned with the prediction.
    ///   - actualLabel: the true label (compared by its text, `ClassLabel.text`, so
    ///     `.integer(1)` and `.string("1")` are one label).
    /// - Returns: whether the prediction was found and whether it was right;
    ///   ``FeedbackOutcome/labelLimitReached`` when the window already has
    ///   `ConfusionMatrix.maximumLabels` labels and this row brings a new one.
    /// - Complexity: O(1): a hash look-up under the prediction's shard lock, two label look-ups and
    ///   an amortized O(log k) sketch update under the core's window lock.
    public func recordFeedback(predictionID: PredictionID, actualLabel: ClassLabel) -> FeedbackOutcome {
        let now = clock()
        guard let entry = predictions.take(predictionID, now: now) else {
            metrics?.feedbackUnknown.increment()
            return .unknownPrediction
        }
        guard case .label(let predicted, let score) = entry.prediction else {
            predictions.insert(predictionID, prediction: entry.prediction, now: entry.recordedMilliseconds)
            metrics?.feedbackMismatched.increment()
            return .kindMismatch
        }
        let target = actualLabel.text
        let accepted = currentShard().withWindow(startingAt: windowStart(milliseconds: now)) { window in
            guard window.classification.record(prediction: predicted, target: target, score: score) else {
                return false
            }
            window.records += 1
            return true
        }
        guard accepted else {
            metrics?.feedbackRefused.increment()
            return .labelLimitReached
        }
        counters.records.add(1, ordering: .relaxed)
        if let metrics {
            metrics.records.increment()
            metrics.feedbackJoined.increment()
        }
        return .joinedLabel(predictedLabel: predicted, isCorrect: predicted == target)
    }
}
