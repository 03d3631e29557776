extension ModelPerformanceMetrics {
    /// Adds a batch of a classifier's rows as whylogs' `log_classification_metrics`
    /// (`compute_confusion_matrix`, then `ConfusionMatrix.add`) does.
    ///
    /// The batch's labels are the distinct values of `targets` and `predictions`, sorted as Python
    /// sorts them (strings in code-point order, numbers numerically, an integer and a float of
    /// the same value one label written as first met, targets before predictions), with missing
    /// labels (`None`, NaN) replaced by `"None"` and put last. Row `i` goes to the cell (prediction, target) with
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
    ///   booleans with numbers, which Python would fold together), and
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
        let (labels, index) = try Self.labelOrder(targets + predictions)
        try Self.checkLabelCount(labels.count, context: "labels")
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
        try add(batch)
    }

    /// Merges a batch's matrix into ``confusionMatrix`` (taken as it is when there is none).
    mutating func add(_ batch: ConfusionMatrix) throws(ProfileError) {
        guard let existing = confusionMatrix, !existing.labels.isEmpty else {
            confusionMatrix = batch
            return
        }
        try Self.checkLabelCount(
            Set(existing.labels).union(batch.labels).count, context: "labels with those already logged")
        confusionMatrix?.merge(batch)
    }

    /// Throws unless `count` labels fit a matrix (whylogs' `MODEL_METRICS_MAX_LABELS`).
    static func checkLabelCount(_ count: Int, context: String) throws(ProfileError) {
        guard count <= ConfusionMatrix.maximumLabels else {
            throw ProfileError(
                .limitExceeded, field: "labels",
                expected: "at most \(ConfusionMatrix.maximumLabels) labels (whylogs' MODEL_METRICS_MAX_LABELS)",
                actual: "\(count) \(context)")
        }
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
        for (target, prediction) in zip(targets, predictions) { batch.add(prediction - target) }
        if regression == nil {
            regression = batch
        } else {
            regression?.merge(batch)
        }
    }

    /// The distinct labels in Python's sorted order, `"None"` last, and the position of every
    /// label text met.
    ///
    /// As Python's `sorted(set(targets + predictions))`: integers and floats are one kind, and
    /// equal numbers one label (`1` and `1.0`), written as first met (so a target column's `1`
    /// names the label its prediction column writes `1.0`).
    static func labelOrder(_ values: [ClassLabel]) throws(ProfileError) -> (labels: [String], positions: [String: Int])
    {
        enum Kind: String { case string, number, boolean }
        var kind: Kind?
        var hasMissing = false
        var strings: Set<String> = []
        /// Each number's text as first met, and the texts met for it.
        var numbers: [Double: (text: String, aliases: Set<String>)] = [:]
        for value in values {
            let current: Kind
            var number: Double?
            switch value {
            case _ where value.isMissing:
                hasMissing = true
                continue
            case .string(let text):
                current = .string
                if text == "None" { hasMissing = true } else { strings.insert(text) }
            case .integer(let integer):
                current = .number
                number = Double(integer)
            case .double(let double):
                current = .number
                number = double
            case .boolean(let flag):
                current = .boolean
                number = flag ? 1 : 0
            case .missing:
                continue
            }
            if let kind, kind != current {
                throw ProfileError(
                    .unsupported, field: "labels", expected: "labels of one kind (all \(kind.rawValue)s)",
                    actual: "a \(current.rawValue) label \"\(value.text)\"")
            }
            kind = current
            if let number {
                numbers[number, default: (value.text, [])].aliases.insert(value.text)
            }
        }
        var labels: [String]
        var positions: [String: Int] = [:]
        if kind == .string {
            labels = _CodePointOrder.sorted(strings)
            for (position, label) in labels.enumerated() { positions[label] = position }
        } else {
            let order = numbers.keys.sorted()
            labels = order.map { numbers[$0]!.text }
            for (position, number) in order.enumerated() {
                for alias in numbers[number]!.aliases { positions[alias] = position }
            }
        }
        if hasMissing {
            positions["None"] = labels.count
            labels.append("None")
        }
        return (labels, positions)
    }
}
