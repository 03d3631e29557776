import Profiles

/// The model quality of one window gathered from its parts (shards, a restored seed) for the
/// gauges: regression sums and classification counts by label, no sketches.
struct _WindowQuality {
    /// The regression pairs (and the feedback columns of older windows, folded in).
    private(set) var regression = RegressionMetrics()
    /// Rows by predicted label, then true label.
    private var counts: [String: [String: Int64]] = [:]

    /// Adds a profile's regression metrics, confusion matrix counts and the feedback columns an
    /// older window file carries instead of regression metrics
    /// (``ServerHook/absoluteErrorColumn``, ``ServerHook/squaredErrorColumn``: their means are
    /// the MAE and MSE; the signed sum was never kept, and stays 0).
    mutating func add(_ profile: DatasetProfile) {
        if let metrics = profile.modelPerformance?.regression { regression.merge(metrics) }
        if let absolute = profile.columns[ServerHook.absoluteErrorColumn]?.distribution,
            let squared = profile.columns[ServerHook.squaredErrorColumn]?.distribution, absolute.n > 0
        {
            regression.merge(
                RegressionMetrics(
                    count: UInt64(absolute.n), sumAbsoluteDifferences: absolute.mean * Double(absolute.n),
                    sumSquaredDifferences: squared.mean * Double(squared.n)))
        }
        if let matrix = profile.modelPerformance?.confusionMatrix {
            for (row, prediction) in matrix.labels.enumerated() {
                for (column, target) in matrix.labels.enumerated() {
                    let count = matrix[prediction: row, target: column].count
                    if count > 0 { addClassification(prediction: prediction, target: target, count: count) }
                }
            }
        }
    }

    /// Adds `count` rows predicted `prediction` whose truth is `target`.
    mutating func addClassification(prediction: String, target: String, count: Int) {
        counts[prediction, default: [:]][target, default: 0] += Int64(count)
        if counts[target] == nil { counts[target] = [:] }
    }

    /// Accuracy and F1 of the classification rows (`nil` without any).
    var classificationMetrics: ClassificationMetrics? {
        guard !counts.isEmpty else { return nil }
        let labels = ConfusionMatrix.mergedOrder(counts.keys)
        let matrix = labels.map { prediction in labels.map { target in counts[prediction]?[target] ?? 0 } }
        let metrics = ClassificationMetrics(labels: labels, counts: matrix)
        return metrics.total > 0 ? metrics : nil
    }
}
