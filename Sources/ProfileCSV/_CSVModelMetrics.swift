import Profiles

/// The model performance metrics of a run (``CSVOptions/modelColumns``): the committed blocks'
/// tallies, in input order, and the metrics made from them once the columns' types are known.
struct _CSVModelMetrics: Sendable {
    let columns: ModelColumns
    private var cellIndex: [_CSVModelTally.CellKey: Int] = [:]
    private var cells: [(key: _CSVModelTally.CellKey, scores: DistributionMetric)] = []
    /// Summed in row order, as whylogs' `RegressionMetrics.add` sums a column's rows, so that the
    /// sums equal Python's to the bit.
    private var regression = RegressionMetrics()
    private var overflowingColumn: String?

    init(columns: ModelColumns) {
        self.columns = columns
    }

    /// Adds the tally of the next block in input order.
    mutating func commit(_ tally: _CSVModelTally) {
        overflowingColumn = overflowingColumn ?? tally.overflowingColumn
        for (key, scores) in tally.cells {
            if let index = cellIndex[key] {
                cells[index].scores.merge(scores)
            } else {
                cellIndex[key] = cells.count
                cells.append((key, scores))
            }
        }
        for difference in tally.differences { regression.add(difference) }
    }

    /// The metrics, the label texts read with the columns' final pandas types.
    ///
    /// - Parameter types: the final type of each model column, by name.
    /// - Throws: ``CSVError`` with code `modelColumn` when a column's values cannot give the
    ///   metrics (text for a regression or for scores, labels of mixed kinds, more than 256 labels).
    func metrics(types: [String: _CSVModelColumnType], input: String) throws(CSVError) -> ModelPerformanceMetrics {
        func refuse(_ column: String, _ expected: String, _ actual: String) -> CSVError {
            CSVError(.modelColumn, input: input, field: "column \"\(column)\"", expected: expected, actual: actual)
        }
        var metrics = ModelPerformanceMetrics()
        switch columns.task {
        case .regression:
            for name in [columns.target, columns.prediction] where types[name] == .object {
                throw refuse(name, "numbers (--task regression)", "text (pandas reads the column as object)")
            }
            metrics.regression = regression
        case .classification:
            if let overflowingColumn {
                throw refuse(
                    overflowingColumn, "class labels (at most \(ConfusionMatrix.maximumLabels))",
                    "more than \(_CSVModelGathering.maximumLabelTexts) distinct values in one block "
                        + "(a regression model's output needs --task regression)")
            }
            if let score = columns.score, types[score] == .object {
                throw refuse(score, "numeric scores", "text (pandas reads the column as object)")
            }
            let targetType = types[columns.target] ?? .object
            let predictionType = types[columns.prediction] ?? .object
            let gathered = cells.map { key, scores in
                ModelPerformanceMetrics.GatheredCell(
                    prediction: Self.label(key.prediction, type: predictionType),
                    target: Self.label(key.target, type: targetType), scores: scores)
            }
            do {
                try metrics.logClassification(cells: gathered)
            } catch {
                throw refuse(
                    "\(columns.target)\" and \"\(columns.prediction)", error.expected, error.actual)
            }
        }
        return metrics
    }

    /// A raw text as the label pandas gives whylogs from a column of that type.
    static func label(_ text: String, type: _CSVModelColumnType) -> ClassLabel {
        var text = text
        return text.withUTF8 { bytes -> ClassLabel in
            if _PandasValueParsing.isMissing(bytes) { return .missing }
            switch type {
            case .integer:
                if case .value(let value) = _PandasValueParsing.integer(bytes) { return .integer(value) }
            case .float:
                if let value = _PandasValueParsing.float(bytes).value { return .double(value) }
            case .boolean:
                if let flag = _PandasValueParsing.boolean(bytes) { return .boolean(flag) }
            case .object:
                break
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The pandas type of a model column, as its labels and numbers are read.
enum _CSVModelColumnType: Sendable, Hashable {
    case integer, float, boolean, object
}
