extension ConfusionMatrix {
    /// The order whylogs gives merged labels (`ConfusionMatrix.__init__` on the union of two
    /// matrices read from files, whose labels are strings): ascending code-point order, with
    /// `"None"` (a missing label) last.
    ///
    /// - Parameter labels: distinct labels.
    /// - Returns: the labels in whylogs' merged order.
    public static func mergedOrder(_ labels: some Sequence<String>) -> [String] {
        var hasNone = false
        var others: [String] = []
        for label in labels {
            if label == "None" { hasNone = true } else { others.append(label) }
        }
        var result = _CodePointOrder.sorted(others)
        if hasNone { result.append("None") }
        return result
    }

    /// Merges another matrix into this one as whylogs' `ConfusionMatrix.merge` does: a matrix
    /// without labels takes the other as it is; otherwise the labels become the union in
    /// ``mergedOrder(_:)``, and each cell of the result is this matrix's cell for those labels
    /// merged with the other's (score sketches merged, counts added).
    ///
    /// Unlike whylogs, every pair of labels is a cell: where whylogs has no entry for a pair that
    /// was never logged (and its merge then fails, or keeps the other side's sketch), Sketchbook
    /// has an empty cell, and an empty cell merged with a full one takes the full one as it is
    /// (whylogs would fold it into the empty k 128 sketch a file's empty cell reads as). Counts
    /// are the same either way. The field names of this matrix are kept (the other's when this
    /// one has no labels).
    ///
    /// The result has at most 2 × ``maximumLabels`` labels; a caller that needs it within
    /// ``maximumLabels`` (to write it) checks ``labels`` (``DatasetProfile/checkMergeable(_:)``
    /// does).
    ///
    /// - Parameter other: the matrix to merge.
    /// - Complexity: O(L²) cell merges for L labels in the result.
    public mutating func merge(_ other: ConfusionMatrix) {
        if labels.isEmpty {
            self = other
            return
        }
        if other.labels.isEmpty { return }
        let union = Self.mergedOrder(Set(labels).union(other.labels))
        var index: [String: Int] = [:]
        for (position, label) in union.enumerated() { index[label] = position }
        let size = union.count
        var merged = Array(repeating: Cell(), count: size * size)
        func place(_ matrix: ConfusionMatrix) {
            let count = matrix.labels.count
            let positions = matrix.labels.map { index[$0] ?? 0 }
            for row in 0..<count {
                for column in 0..<count {
                    let cell = matrix.cells[row * count + column]
                    guard cell.count > 0 else { continue }
                    let target = positions[row] * size + positions[column]
                    if merged[target].count == 0 {
                        merged[target] = cell
                    } else {
                        merged[target].scores.merge(cell.scores)
                    }
                }
            }
        }
        place(self)
        place(other)
        labels = union
        cells = merged
    }

    /// This matrix merged with another (see ``merge(_:)``).
    ///
    /// - Parameter other: the matrix to merge.
    /// - Returns: the merged matrix.
    public func merging(_ other: ConfusionMatrix) -> ConfusionMatrix {
        var result = self
        result.merge(other)
        return result
    }
}
