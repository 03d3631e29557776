/// A classifier's rows added one at a time, cheaply, for a server that learns each row's true
/// label long after its prediction: the labels in first-seen order, and only the cells that hold
/// rows, keyed by (prediction, target) label index. ``matrix()`` builds the ``ConfusionMatrix``
/// (labels in ``ConfusionMatrix/mergedOrder(_:)``, as whylogs orders merged labels).
///
/// A row goes to its cell as a single value of a batch does in whylogs (`DistributionMetric`:
/// the sketch update, then Welford's update of the mean and m2), so the counts and score sketches
/// equal those of ``ModelPerformanceMetrics/logClassification(targets:predictions:scores:)`` on
/// the same rows in the same order; the means and m2 agree up to rounding (a batch uses Chan's
/// formula). At most ``ConfusionMatrix/maximumLabels`` labels: a row that would add more is
/// refused.
package struct _ConfusionMatrixRecorder: Sendable {
    /// The labels, in the order first seen.
    package private(set) var labels: [String] = []
    /// Label → its position in ``labels``.
    private var positions: [String: Int] = [:]
    /// The cells that hold rows (or met a NaN score), keyed `prediction × maximumLabels + target`.
    private var cells: [Int: DistributionMetric] = [:]

    /// An empty recorder.
    package init() {}

    /// Whether no row was recorded.
    package var isEmpty: Bool { labels.isEmpty }

    /// Adds one row.
    ///
    /// - Parameters:
    ///   - prediction: the predicted label's text (``ClassLabel/text``).
    ///   - target: the true label's text.
    ///   - score: the row's score (1.0 when the model gives none); a NaN score registers the
    ///     labels but, as whylogs drops NaN, adds no row.
    /// - Returns: `false` (nothing changed) when the row would make the labels more than
    ///   ``ConfusionMatrix/maximumLabels``.
    /// - Complexity: two hash look-ups and an amortized O(log k) sketch update.
    @inline(__always)
    package mutating func record(prediction: String, target: String, score: Double) -> Bool {
        var row = positions[prediction]
        var column = positions[target]
        if row == nil || column == nil {
            let newLabels = (row == nil ? 1 : 0) + (column == nil && prediction != target ? 1 : 0)
            guard labels.count + newLabels <= ConfusionMatrix.maximumLabels else { return false }
            if row == nil { row = add(prediction) }
            if column == nil { column = positions[target] ?? add(target) }
        }
        let key = row! * ConfusionMatrix.maximumLabels + column!
        guard !score.isNaN else {
            if cells[key] == nil { cells[key] = DistributionMetric() }
            return true
        }
        cells[key, default: DistributionMetric()].update(score)
        return true
    }

    private mutating func add(_ label: String) -> Int {
        positions[label] = labels.count
        labels.append(label)
        return labels.count - 1
    }

    /// The rows' counts by (prediction, target) label text, for gauges that need no sketches.
    ///
    /// - Complexity: O(cells that hold rows).
    package var cellCounts: [(prediction: String, target: String, count: Int)] {
        var result: [(prediction: String, target: String, count: Int)] = []
        result.reserveCapacity(cells.count)
        for (key, metric) in cells where metric.n > 0 {
            let row = key / ConfusionMatrix.maximumLabels
            let column = key % ConfusionMatrix.maximumLabels
            result.append((labels[row], labels[column], metric.n))
        }
        return result
    }

    /// The recorded rows as a confusion matrix, labels in ``ConfusionMatrix/mergedOrder(_:)``
    /// (`nil` before the first row).
    ///
    /// - Complexity: O(L²) for L labels (the matrix has every cell).
    package func matrix() -> ConfusionMatrix? {
        guard !labels.isEmpty else { return nil }
        let ordered = ConfusionMatrix.mergedOrder(labels)
        var place: [Int] = Array(repeating: 0, count: labels.count)
        for (position, label) in ordered.enumerated() { place[positions[label]!] = position }
        var result = ConfusionMatrix(labels: ordered)
        let size = ordered.count
        for (key, metric) in cells {
            let row = place[key / ConfusionMatrix.maximumLabels]
            let column = place[key % ConfusionMatrix.maximumLabels]
            result.cells[row * size + column] = ConfusionMatrix.Cell(scores: metric)
        }
        return result
    }
}
