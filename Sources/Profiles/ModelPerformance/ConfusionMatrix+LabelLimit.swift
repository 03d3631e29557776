extension ConfusionMatrix {
    /// Merges another matrix in (``merge(_:)``) but keeps the result within ``maximumLabels``
    /// labels, so that it can always be written: when the union would be larger, this matrix's
    /// labels are kept and the other's new labels are taken in ``mergedOrder(_:)`` while they
    /// fit; the other's rows with a label left out are not merged.
    ///
    /// - Parameter other: the matrix to merge.
    /// - Returns: the number of the other's rows left out (0 when the union fits).
    /// - Complexity: O(L²) for L labels in the result.
    @discardableResult
    package mutating func mergeWithinLabelLimit(_ other: ConfusionMatrix) -> Int {
        var accepted = Set(labels)
        let new = Self.mergedOrder(other.labels.filter { !accepted.contains($0) })
        guard accepted.count + new.count > Self.maximumLabels else {
            merge(other)
            return 0
        }
        for label in new where accepted.count < Self.maximumLabels { accepted.insert(label) }
        let size = other.labels.count
        let keptPositions = other.labels.indices.filter { accepted.contains(other.labels[$0]) }
        var kept = ConfusionMatrix(
            labels: keptPositions.map { other.labels[$0] }, predictionField: other.predictionField,
            targetField: other.targetField, scoreField: other.scoreField)
        var refused = other.totalCount
        for (row, source) in keptPositions.enumerated() {
            for (column, sourceColumn) in keptPositions.enumerated() {
                let cell = other.cells[source * size + sourceColumn]
                refused -= cell.count
                kept[prediction: row, target: column] = cell
            }
        }
        merge(kept)
        return refused
    }
}

extension ModelPerformanceMetrics {
    /// Merges other metrics in as ``merge(_:)`` does, with the confusion matrices merged by
    /// ``ConfusionMatrix/mergeWithinLabelLimit(_:)``.
    ///
    /// - Parameter other: the metrics to merge.
    /// - Returns: the number of the other's classification rows left out over the label limit.
    @discardableResult
    package mutating func mergeWithinLabelLimit(_ other: ModelPerformanceMetrics) -> Int {
        guard let matrix = other.confusionMatrix, let mine = confusionMatrix, !mine.labels.isEmpty else {
            merge(other)
            return 0
        }
        var rest = other
        rest.confusionMatrix = nil
        merge(rest)
        for field in other.outputFields where !outputFields.contains(field) { outputFields.append(field) }
        return confusionMatrix!.mergeWithinLabelLimit(matrix)
    }
}
