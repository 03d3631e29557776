extension ModelPerformanceMetrics {
    /// Checks that ``merge(_:)`` with `other` gives metrics that can be written and read back: a
    /// merged confusion matrix of at most ``ConfusionMatrix/maximumLabels`` labels whose cell
    /// counts stay within ``ColumnProfile/maximumCount``, and a regression count within `UInt64`.
    ///
    /// - Parameter other: the metrics that would be merged into these.
    /// - Throws: ``ProfileError`` with code `limitExceeded` for too many labels, `countOverflow`
    ///   for a count out of range.
    /// - Complexity: O(L²) for L labels.
    public func checkMergeable(_ other: ModelPerformanceMetrics) throws(ProfileError) {
        guard other.confusionMatrix != nil || other.regression != nil else { return }
        if let mine = confusionMatrix, let theirs = other.confusionMatrix, !mine.labels.isEmpty,
            !theirs.labels.isEmpty
        {
            let union = Set(mine.labels).union(theirs.labels)
            guard union.count <= ConfusionMatrix.maximumLabels else {
                throw ProfileError(
                    .limitExceeded, field: "modelPerformance.confusionMatrix.labels",
                    expected: "a merged matrix of at most \(ConfusionMatrix.maximumLabels) labels",
                    actual: "\(union.count) labels")
            }
            var theirCounts: [String: Int] = [:]
            let size = theirs.labels.count
            for row in 0..<size {
                for column in 0..<size {
                    theirCounts[theirs.labels[row] + "\u{0}" + theirs.labels[column]] =
                        theirs[prediction: row, target: column].count
                }
            }
            let mySize = mine.labels.count
            for row in 0..<mySize {
                for column in 0..<mySize {
                    let key = mine.labels[row] + "\u{0}" + mine.labels[column]
                    let a = mine[prediction: row, target: column].count
                    let b = theirCounts[key] ?? 0
                    guard a <= Int(ColumnProfile.maximumCount) - b else {
                        throw ProfileError(
                            .countOverflow,
                            field:
                                "modelPerformance.confusionMatrix (prediction \"\(mine.labels[row])\", target \"\(mine.labels[column])\")",
                            expected: "a merged count of at most 2^53 (ColumnProfile.maximumCount)",
                            actual: "\(a) + \(b)")
                    }
                }
            }
        }
        if let mine = regression, let theirs = other.regression {
            guard !mine.count.addingReportingOverflow(theirs.count).overflow else {
                throw ProfileError(
                    .countOverflow, field: "modelPerformance.regression.count",
                    expected: "a merged count within UInt64", actual: "\(mine.count) + \(theirs.count)")
            }
        }
    }
}
