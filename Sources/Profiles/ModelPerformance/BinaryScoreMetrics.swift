public import Sketches

/// ROC-AUC and average precision of a binary classifier, from the sketches of the scores its
/// positive-class rows and its negative-class rows got.
///
/// The score is the model's score for the positive class (higher: more likely positive). With
/// sketches that retain every score (fewer than about `k` of each) the values are exact and equal
/// scikit-learn's `roc_auc_score` and `average_precision_score`; beyond, each sketch's
/// distribution is off by at most its normalized rank error ε in every rank (KLL's bound, 99 %
/// confidence a query), and ROC-AUC, the integral of one distribution function against the other,
/// is then off by at most ε₊ + ε₋ (``errorBound``). Average precision has no such bound: it
/// weighs the highest scores most, where a sketch keeps few items.
public struct BinaryScoreMetrics: Sendable, Hashable {
    /// The chance that a random positive row scores above a random negative one, ties counting a
    /// half.
    public let rocAUC: Double
    /// The mean of the precisions at each distinct score, weighted by the recall each adds
    /// (scikit-learn's step-wise definition).
    public let averagePrecision: Double
    /// The bound on ``rocAUC``'s error: 0 when both sketches are exact, else ε₊ + ε₋.
    public let errorBound: Double
    /// The rows of each class.
    public let positives: Int
    public let negatives: Int

    /// The metrics of two score sketches, or `nil` when either class has no rows.
    ///
    /// - Parameters:
    ///   - positiveScores: the scores of the rows whose target is the positive class.
    ///   - negativeScores: the scores of the other rows.
    /// - Complexity: O(retained items of both, log of that).
    public init?(positiveScores: KLLSketch<Double>, negativeScores: KLLSketch<Double>) {
        guard let positive = positiveScores.sortedView(), let negative = negativeScores.sortedView() else {
            return nil
        }
        // Weighted (score, positive weight, negative weight) groups, one per distinct score, descending.
        var groups: [(score: Double, positive: Double, negative: Double)] = []
        var i = positive.items.count - 1
        var j = negative.items.count - 1
        func weight(_ view: KLLSortedView<Double>, _ index: Int) -> Double {
            Double(view.cumulativeWeights[index] - (index > 0 ? view.cumulativeWeights[index - 1] : 0))
        }
        while i >= 0 || j >= 0 {
            let score = Swift.max(i >= 0 ? positive.items[i] : -.infinity, j >= 0 ? negative.items[j] : -.infinity)
            var group = (score: score, positive: 0.0, negative: 0.0)
            while i >= 0 && positive.items[i] == score {
                group.positive += weight(positive, i)
                i -= 1
            }
            while j >= 0 && negative.items[j] == score {
                group.negative += weight(negative, j)
                j -= 1
            }
            groups.append(group)
        }
        let totalPositive = Double(positive.n)
        let totalNegative = Double(negative.n)
        var negativesAbove = 0.0
        var concordant = 0.0
        var positivesSoFar = 0.0
        var negativesSoFar = 0.0
        var precisionSum = 0.0
        for group in groups {
            // Positives here beat every negative below them: all but those above and half the tied.
            concordant += group.positive * (totalNegative - negativesAbove - group.negative / 2)
            negativesAbove += group.negative
            positivesSoFar += group.positive
            negativesSoFar += group.negative
            if group.positive > 0 {
                precisionSum += (group.positive / totalPositive) * (positivesSoFar / (positivesSoFar + negativesSoFar))
            }
        }
        rocAUC = concordant / (totalPositive * totalNegative)
        averagePrecision = precisionSum
        let exact = !positiveScores.isEstimationMode && !negativeScores.isEstimationMode
        errorBound =
            exact ? 0 : positiveScores.normalizedRankError(pmf: false) + negativeScores.normalizedRankError(pmf: false)
        positives = positive.n
        negatives = negative.n
    }
}
