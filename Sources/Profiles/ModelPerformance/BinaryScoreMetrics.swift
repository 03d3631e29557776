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
    /// The rows whose target is the positive class.
    public let positives: Int
    /// The other rows.
    public let negatives: Int

    /// The metrics of two score sketches, or `nil` when either class has no rows.
    ///
    /// - Parameters:
    ///   - positiveScores: the scores of the rows whose target is the positive class.
    ///   - negativeScores: the scores of the other rows.
    /// - Complexity: O(m log m) for the m items the sketches retain.
    public init?(positiveScores: KLLSketch<Double>, negativeScores: KLLSketch<Double>) {
        var positive = WeightedScores()
        positive.add(positiveScores, mirrored: false)
        var negative = WeightedScores()
        negative.add(negativeScores, mirrored: false)
        self.init(positiveRows: positive, negativeRows: negative)
    }

    /// The retained items of one or more score sketches with their weights, and the bound on
    /// their ranks' error: Σ εᵢ·nᵢ / Σ nᵢ over the sketches (0 for sketches that keep every item).
    struct WeightedScores {
        var items: [(score: Double, weight: Double)] = []
        var count = 0
        var absoluteRankError = 0.0

        /// Adds a sketch's items; `mirrored` adds 1 − score instead (a score of the other label).
        mutating func add(_ sketch: KLLSketch<Double>, mirrored: Bool) {
            guard let view = sketch.sortedView() else { return }
            var previous: UInt64 = 0
            for (item, cumulative) in zip(view.items, view.cumulativeWeights) {
                items.append((mirrored ? 1 - item : item, Double(cumulative - previous)))
                previous = cumulative
            }
            count += view.n
            if sketch.isEstimationMode { absoluteRankError += sketch.normalizedRankError(pmf: false) * Double(view.n) }
        }

        var rankError: Double { count > 0 ? absoluteRankError / Double(count) : 0 }
    }

    /// The metrics of two weighted score sets, or `nil` when either is empty.
    init?(positiveRows: WeightedScores, negativeRows: WeightedScores) {
        guard positiveRows.count > 0, negativeRows.count > 0 else { return nil }
        // One group per distinct score, descending: the weight of each class at that score.
        let tagged =
            positiveRows.items.map { (score: $0.score, positive: $0.weight, negative: 0.0) }
            + negativeRows.items.map { (score: $0.score, positive: 0.0, negative: $0.weight) }
        var groups: [(score: Double, positive: Double, negative: Double)] = []
        for entry in tagged.sorted(by: { $0.score > $1.score }) {
            if let last = groups.last, last.score == entry.score {
                groups[groups.count - 1].positive += entry.positive
                groups[groups.count - 1].negative += entry.negative
            } else {
                groups.append(entry)
            }
        }
        let totalPositive = Double(positiveRows.count)
        let totalNegative = Double(negativeRows.count)
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
        errorBound = positiveRows.rankError + negativeRows.rankError
        positives = positiveRows.count
        negatives = negativeRows.count
    }
}
