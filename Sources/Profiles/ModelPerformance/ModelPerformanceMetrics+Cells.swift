extension ModelPerformanceMetrics {
    /// One cell of a classifier's rows gathered ahead: a (prediction, target) pair of labels and
    /// the scores of its rows.
    package struct GatheredCell: Sendable {
        package var prediction: ClassLabel
        package var target: ClassLabel
        package var scores: DistributionMetric

        package init(prediction: ClassLabel, target: ClassLabel, scores: DistributionMetric) {
            self.prediction = prediction
            self.target = target
            self.scores = scores
        }
    }

    /// Adds a classifier's rows that a profiler gathered cell by cell (in parallel, before the
    /// columns' types were known), with the labels of
    /// ``logClassification(targets:predictions:scores:)``: the same matrix, except that a cell's
    /// score distribution is the merge of the gathered ones rather than one batch (equal counts;
    /// sketches equal while a cell holds at most k scores, within the sketch's bounds beyond).
    ///
    /// Cells with the same pair of labels (texts that read as one label, `"1"` and `"01"` of an
    /// integer column) are merged in the order given.
    ///
    /// - Throws: ``ProfileError`` as ``logClassification(targets:predictions:scores:)``; nothing
    ///   changes on an error.
    package mutating func logClassification(cells: [GatheredCell]) throws(ProfileError) {
        // Targets first, as whylogs' `targets + predictions`: a number's text is the first met.
        let (labels, index) = try Self.labelOrder(cells.map(\.target) + cells.map(\.prediction))
        try Self.checkLabelCount(labels.count, context: "labels")
        var batch = ConfusionMatrix(labels: labels)
        for cell in cells {
            let position = (index[cell.prediction.text] ?? 0) * labels.count + (index[cell.target.text] ?? 0)
            if batch.cells[position].count == 0 {
                batch.cells[position] = ConfusionMatrix.Cell(scores: cell.scores)
            } else {
                batch.cells[position].scores.merge(cell.scores)
            }
        }
        try add(batch)
    }
}
