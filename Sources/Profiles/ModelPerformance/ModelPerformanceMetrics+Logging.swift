extension ModelPerformanceMetrics {
    /// Adds a batch of a classifier's rows as whylogs' `log_classification_metrics`
    /// (`compute_confusion_matrix`, then `ConfusionMatrix.add`) does.
    ///
    /// The batch's labels are the distinct values of `targets` and `predictions`, sorted as Python
    /// sorts them (strings in code-point order, numbers numerically), with missing labels (`None`,
    /// NaN) replaced by `"None"` and put last. Row `i` goes to the cell (prediction, target) with
    /// score `scores[i]`, or 1.0 without scores; a NaN score is left out of the cell (whylogs'
    /// preprocessing drops NaN), so that row is not counted. Each cell's scores are added as one
    /// batch (Chan's formula, as `DistributionMetric.columnar_update`). The batch's matrix is then
    /// merged into ``confusionMatrix`` (taken as it is when there is none; see
    /// ``ConfusionMatrix/merge(_:)``, which orders merged labels as strings).
    ///
    /// - Parameters:
    ///   - targets: the true labels.
    ///   - predictions: the predicted labels, one per target.
    ///   - scores: the prediction scores, one per target, or `nil` for 1.0 each.
    /// - Throws: ``ProfileError`` with code `invalidValue` when the counts differ, `unsupported`
    ///   when the labels mix kinds (strings with numbers, as Python's `sorted` refuses; or
    ///   integers, floats and booleans with each other, which Python would fold together), and
    ///   `limitExceeded` when the batch or the merged matrix has more than
    ///   ``ConfusionMatrix/maximumLabels`` labels. Nothing changes on an error.
    /// - Complexity: O(n log n + L²) for n rows and L labels.
    public mutating func logClassification(
        targets: [ClassLabel], predictions: [ClassLabel], scores: [Double]? = nil
    ) throws(ProfileError) {
        guard targets.count == predictions.count else {
            throw ProfileError(
                .invalidValue, field: "predictions", expected: "one prediction per target (\(targets.count))",
                actual: "\(predictions.count) predictions")
        }
        if let scores, scores.count != targets.count {
            throw ProfileError(
                .invalidValue, field: "scores", expected: "one score per target (\(targets.count))",
                actual: "\(scores.count) scores")
        }
        let labels = try Self.sortedLabels(targets + predictions)
        guard labels.count <= ConfusionMatrix.maximumLabels else {
            throw ProfileError(
                .limitExceeded, field: "labels",
                expected: "at most \(ConfusionMatrix.maximumLabels) labels (whylogs' MODEL_METRICS_MAX_LABELS)",
                actual: "\(labels.count) labels")
        }
        var index: [String: Int] = [:]
        for (position, label) in labels.enumerated() { index[label] = position }
        let size = labels.count
        var batches: [Int: [Double]] = [:]
        var order: [Int] = []
        for row in targets.indices {
            let score = scores?[row] ?? 1.0
            let cell = (index[predictions[row].text] ?? 0) * size + (index[targets[row].text] ?? 0)
            if batches[cell] == nil {
                order.append(cell)
                batches[cell] = []
            }
            // Python keeps a NaN score in the batch; its preprocessing then drops it from the
            // sketch and the moments alike.
            if !score.isNaN { batches[cell]?.append(score) }
        }
        var batch = ConfusionMatrix(labels: labels)
        for cell in order {
            let values = batches[cell] ?? []
            var metric = DistributionMetric()
            values.withUnsafeBufferPointer { metric.update(doubles: $0) }
            batch.cells[cell] = ConfusionMatrix.Cell(scores: metric)
        }
        guard let existing = confusionMatrix, !existing.labels.isEmpty else {
            confusionMatrix = batch
            return
        }
        let unionCount = Set(existing.labels).union(labels).count
        guard unionCount <= ConfusionMatrix.maximumLabels else {
            throw ProfileError(
                .limitExceeded, field: "labels",
                expected: "at most \(ConfusionMatrix.maximumLabels) labels (whylogs' MODEL_METRICS_MAX_LABELS)",
                actual: "\(unionCount) labels with those already logged")
        }
        confusionMatrix?.merge(batch)
    }

    /// Adds a batch of a regressor's rows as whylogs' `log_regression_metrics`
    /// (`RegressionMetrics.add`) does: for each pair, in order, `d = prediction − target` is added
    /// to the sums (`|d|`, `d`, `d²`) and the count grows by one; the batch is then merged into
    /// ``regression`` (``RegressionMetrics/merge(_:)``). NaN and infinities go into the sums as
    /// they do in Python.
    ///
    /// - Parameters:
    ///   - targets: the true values.
    ///   - predictions: the predicted values, one per target.
    /// - Throws: ``ProfileError`` with code `invalidValue` when the counts differ.
    /// - Complexity: O(n).
    public mutating func logRegression(targets: [Double], predictions: [Double]) throws(ProfileError) {
        guard targets.count == predictions.count else {
            throw ProfileError(
                .invalidValue, field: "predictions", expected: "one prediction per target (\(targets.count))",
                actual: "\(predictions.count) predictions")
        }
        var batch = RegressionMetrics()
        for (target, prediction) in zip(targets, predictions) {
            let difference = prediction - target
            batch.sumAbsoluteDifferences += abs(difference)
            batch.sumDifferences += difference
            batch.sumSquaredDifferences += difference * difference
            batch.count += 1
        }
        if regression == nil {
            regression = batch
        } else {
            regression?.merge(batch)
        }
    }

    /// The distinct labels' texts in Python's sorted order, `"None"` last.
    static func sortedLabels(_ values: [ClassLabel]) throws(ProfileError) -> [String] {
        enum Kind: String { case string, integer, double, boolean }
        var kind: Kind?
        var hasMissing = false
        var strings: Set<String> = []
        var numbers: [String: Double] = [:]
        for value in values {
            let current: Kind
            switch value {
            case _ where value.isMissing:
                hasMissing = true
                continue
            case .string(let text):
                current = .string
                if text == "None" { hasMissing = true } else { strings.insert(text) }
            case .integer(let number):
                current = .integer
                numbers[value.text] = Double(number)
            case .double(let number):
                current = .double
                numbers[value.text] = number
            case .boolean(let flag):
                current = .boolean
                numbers[value.text] = flag ? 1 : 0
            case .missing:
                continue
            }
            if let kind, kind != current {
                throw ProfileError(
                    .unsupported, field: "labels", expected: "labels of one kind (all \(kind.rawValue)s)",
                    actual: "a \(current.rawValue) label \"\(value.text)\"")
            }
            kind = current
        }
        var result: [String]
        if kind == .string {
            result = _CodePointOrder.sorted(strings)
        } else {
            result = numbers.keys.sorted { (numbers[$0] ?? 0, $0) < (numbers[$1] ?? 0, $1) }
        }
        if hasMissing { result.append("None") }
        return result
    }
}
