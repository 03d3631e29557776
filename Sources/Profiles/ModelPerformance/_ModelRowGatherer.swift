/// Gathers a model's rows value by value, for profilers whose values arrive typed one by one (JSON
/// lines, Arrow batches), in parallel pieces merged in input order; the metrics are made at the
/// end, once each column's pandas type is known.
///
/// A column's labels are read as pandas types the column: integers in a column that also holds
/// floats or nulls are floats there (`1` is the label `1.0`), as in `pandas.read_json` and
/// `Table.to_pandas()`. Regression sums are added in row order, as whylogs adds them.
package struct _ModelRowGatherer: Sendable {
    /// A label as gathered: the value, NaN and null folded into `.null`.
    private struct Pair: Hashable, Sendable {
        var prediction: FeatureValue
        var target: FeatureValue
    }

    /// What kinds of values a column held.
    private struct Kinds: Sendable {
        var integers = false
        var floatsOrNulls = false

        mutating func note(_ value: FeatureValue) {
            switch value {
            case .int: integers = true
            case .double, .null: floatsOrNulls = true
            default: break
            }
        }

        mutating func merge(_ other: Kinds) {
            integers = integers || other.integers
            floatsOrNulls = floatsOrNulls || other.floatsOrNulls
        }
    }

    /// The most distinct labels gathered: far above the 256 a matrix holds, low enough that a
    /// column of real numbers cannot take the memory.
    package static let maximumLabels = 4096

    package let columns: ModelColumns
    private var cellIndex: [Pair: Int] = [:]
    private var cells: [(pair: Pair, scores: DistributionMetric, pending: [Double])] = []
    private var labels: Set<FeatureValue> = []
    private var targetKinds = Kinds()
    private var predictionKinds = Kinds()
    private var differences: [Double] = []
    private var regression = RegressionMetrics()
    /// The first problem met: a value that cannot be a label, a number or a score.
    package private(set) var problem: (column: String, expected: String, actual: String)?

    package init(columns: ModelColumns) {
        self.columns = columns
    }

    /// Adds one row. `score` is ignored without a score column.
    package mutating func add(target: FeatureValue, prediction: FeatureValue, score: FeatureValue) {
        guard problem == nil else { return }
        let target = Self.folded(target)
        let prediction = Self.folded(prediction)
        switch columns.task {
        case .regression:
            guard let t = number(target, column: columns.target), let p = number(prediction, column: columns.prediction)
            else { return }
            differences.append(p - t)
        case .classification:
            for (value, column) in [(target, columns.target), (prediction, columns.prediction)] {
                if case .bytes = value {
                    problem = (column, "class labels", "binary values")
                    return
                }
            }
            targetKinds.note(target)
            predictionKinds.note(prediction)
            var scoreValue = 1.0
            if let scoreColumn = columns.score {
                guard let value = number(Self.folded(score), column: scoreColumn) else { return }
                scoreValue = value
            }
            let pair = Pair(prediction: prediction, target: target)
            let cell: Int
            if let known = cellIndex[pair] {
                cell = known
            } else {
                labels.insert(target)
                labels.insert(prediction)
                guard labels.count <= Self.maximumLabels else {
                    problem = (
                        columns.target + "\" and \"" + columns.prediction,
                        "class labels (at most \(ConfusionMatrix.maximumLabels))",
                        "more than \(Self.maximumLabels) distinct values (a regression model's output needs --task regression)"
                    )
                    return
                }
                cell = cells.count
                cellIndex[pair] = cell
                cells.append((pair, DistributionMetric(), []))
            }
            // A NaN score is dropped, as whylogs drops it.
            guard !scoreValue.isNaN else { return }
            cells[cell].pending.append(scoreValue)
            if cells[cell].pending.count >= 4096 { flush(cell) }
        }
    }

    /// Adds the rows of the next piece of the input (`other` follows `self`).
    package mutating func merge(_ other: _ModelRowGatherer) {
        guard problem == nil else { return }
        if let other = other.problem {
            problem = other
            return
        }
        sumDifferences()
        var other = other
        for cell in other.cells.indices { other.flush(cell) }
        for (pair, scores, _) in other.cells {
            if let known = cellIndex[pair] {
                flush(known)
                cells[known].scores.merge(scores)
            } else {
                labels.insert(pair.target)
                labels.insert(pair.prediction)
                cellIndex[pair] = cells.count
                cells.append((pair, scores, []))
            }
        }
        targetKinds.merge(other.targetKinds)
        predictionKinds.merge(other.predictionKinds)
        for difference in other.differences { regression.add(difference) }
        // Only a gatherer that merged others holds sums; pieces hold differences.
        if other.regression.count > 0 { regression.merge(other.regression) }
        if labels.count > Self.maximumLabels {
            problem = (
                columns.target + "\" and \"" + columns.prediction,
                "class labels (at most \(ConfusionMatrix.maximumLabels))",
                "more than \(Self.maximumLabels) distinct values (a regression model's output needs --task regression)"
            )
        }
    }

    /// The metrics of every row added.
    ///
    /// - Throws: ``ProfileError`` naming the column when a value cannot be a label, a number or
    ///   a score, or when the labels mix kinds or number more than 256.
    package func metrics() throws(ProfileError) -> ModelPerformanceMetrics {
        if let problem {
            throw ProfileError(
                .invalidValue, field: "column \"\(problem.column)\"", expected: problem.expected, actual: problem.actual
            )
        }
        var metrics = ModelPerformanceMetrics()
        switch columns.task {
        case .regression:
            var copy = self
            copy.sumDifferences()
            metrics.regression = copy.regression
        case .classification:
            let targetsAreFloats = targetKinds.integers && targetKinds.floatsOrNulls
            let predictionsAreFloats = predictionKinds.integers && predictionKinds.floatsOrNulls
            var copy = self
            for cell in copy.cells.indices { copy.flush(cell) }
            try metrics.logClassification(
                cells: copy.cells.map { pair, scores, _ in
                    ModelPerformanceMetrics.GatheredCell(
                        prediction: Self.label(pair.prediction, asFloat: predictionsAreFloats),
                        target: Self.label(pair.target, asFloat: targetsAreFloats), scores: scores)
                })
        }
        return metrics
    }

    /// Folds the rows' differences into the sums and their pending scores into the cells, so that
    /// a piece kept for a later ``merge(_:)`` holds O(labels²) values, not O(rows).
    ///
    /// A regression's sums are then per piece: merged pieces equal whylogs' row-by-row sums to
    /// rounding, not to the bit.
    package mutating func seal() {
        sumDifferences()
        for cell in cells.indices { flush(cell) }
    }

    private mutating func flush(_ cell: Int) {
        guard !cells[cell].pending.isEmpty else { return }
        var batch = DistributionMetric()
        cells[cell].pending.withUnsafeBufferPointer { batch.update(doubles: $0) }
        cells[cell].scores.merge(batch)
        cells[cell].pending.removeAll(keepingCapacity: true)
    }

    private mutating func sumDifferences() {
        for difference in differences { regression.add(difference) }
        differences.removeAll()
    }

    /// A value as Python arithmetic sees it (a boolean is 1 or 0, null NaN); text is a problem.
    private mutating func number(_ value: FeatureValue, column: String) -> Double? {
        switch value {
        case .null: return .nan
        case .bool(let flag): return flag ? 1 : 0
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        case .string, .bytes:
            problem = (column, "numbers", "text (\"\(value.shortText)\")")
            return nil
        }
    }

    private static func folded(_ value: FeatureValue) -> FeatureValue {
        if case .double(let number) = value, number.isNaN { return .null }
        return value
    }

    private static func label(_ value: FeatureValue, asFloat: Bool) -> ClassLabel {
        switch value {
        case .null, .bytes: .missing
        case .bool(let flag): .boolean(flag)
        case .int(let integer): asFloat ? .double(Double(integer)) : .integer(integer)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        }
    }
}

extension FeatureValue {
    /// At most 40 characters of the value's text, for error messages.
    fileprivate var shortText: String {
        let text: String
        switch self {
        case .string(let value): text = value
        case .bytes(let value): text = "\(value.count) bytes"
        default: text = "\(self)"
        }
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
