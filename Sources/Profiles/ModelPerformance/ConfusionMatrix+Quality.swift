public import Sketches

extension ConfusionMatrix {
    /// Accuracy, and per-class and averaged precision, recall and F1 of the matrix's counts.
    public var classificationMetrics: ClassificationMetrics {
        ClassificationMetrics(labels: labels, counts: counts.map { $0.map(Int64.init) })
    }

    /// What a classifier's score column holds, for ``scoreMetrics(positiveLabel:scoreMeaning:)``.
    public enum ScoreMeaning: String, Sendable, CaseIterable {
        /// The model's confidence in the label it predicted (whylogs: "the score of each
        /// inference"): a row predicted negative with score s has positive-class score 1 − s.
        case predictedLabel = "prediction"
        /// The model's probability of the positive class, whatever it predicted (scikit-learn's
        /// `predict_proba[:, 1]`).
        case positiveClass = "positive"
    }

    /// Whether the cells hold real scores: some cell's scores are not all 1.0 (whylogs logs 1.0
    /// for every row without a score column).
    public var hasScores: Bool {
        cells.contains { cell in
            guard let minimum = cell.scores.kll.minItem, let maximum = cell.scores.kll.maxItem else { return false }
            return minimum != 1 || maximum != 1
        }
    }

    /// The positive label of a two-label matrix when none is named: the second label (`1` of
    /// `0`/`1`, `True` of `False`/`True`, `yes` of `no`/`yes`), scikit-learn's choice for sorted
    /// labels.
    public var defaultPositiveLabel: String? { labels.count == 2 ? labels[1] : nil }

    /// ROC-AUC and average precision of a binary classifier from the cells' score sketches, or
    /// `nil` when the matrix does not have exactly two labels, holds no scores (``hasScores``),
    /// `positiveLabel` is not one of its labels, or a class has no rows.
    ///
    /// - Parameters:
    ///   - positiveLabel: the positive class (default ``defaultPositiveLabel``).
    ///   - scoreMeaning: what the scores are (default ``ScoreMeaning/predictedLabel``).
    /// - Returns: the metrics with ROC-AUC's error bound (see ``BinaryScoreMetrics``).
    public func scoreMetrics(
        positiveLabel: String? = nil, scoreMeaning: ScoreMeaning = .predictedLabel
    ) -> BinaryScoreMetrics? {
        guard labels.count == 2, hasScores, let positive = labels.firstIndex(of: positiveLabel ?? labels[1]) else {
            return nil
        }
        let negative = 1 - positive
        var positiveRows = BinaryScoreMetrics.WeightedScores()
        var negativeRows = BinaryScoreMetrics.WeightedScores()
        for prediction in [positive, negative] {
            let mirrored = scoreMeaning == .predictedLabel && prediction == negative
            positiveRows.add(self[prediction: prediction, target: positive].scores.kll, mirrored: mirrored)
            negativeRows.add(self[prediction: prediction, target: negative].scores.kll, mirrored: mirrored)
        }
        return BinaryScoreMetrics(positiveRows: positiveRows, negativeRows: negativeRows)
    }
}
