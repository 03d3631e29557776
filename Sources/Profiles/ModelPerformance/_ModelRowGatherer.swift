/// Gathers a model's rows value by value, for profilers whose values arrive typed one by one (JSON
/// lines, Arrow batches), in parallel pieces merged in input order; the metrics are made at the
/// end, once each column's pandas type is known (``Typing``). Regression sums are added in row
/// order, as whylogs adds them.
package struct _ModelRowGatherer: Sendable {
    /// How the values become the pandas column whylogs is given.
    package enum Typing: Sendable {
        /// `Table.to_pandas()`: integers in a column with nulls are floats (`1` is `1.0`).
        case arrowToPandas
        /// `pandas.read_json(lines=True)`: a column of numbers without nulls whose values are all
        /// whole is int64 (`1.0` is `1`); a column of numbers, numeric strings and booleans with a
        /// null or a fraction is float64 (`true` is `1.0`); booleans alone stay booleans; any
        /// other mix is an object column of the values as they are.
        case pandasReadJSON
    }

    /// A label as gathered: the value, NaN and null folded into `.null`.
    private struct Pair: Hashable, Sendable {
        var prediction: FeatureValue
        var target: FeatureValue
    }

    /// What kinds of values a column held.
    fileprivate struct Kinds: Sendable {
        var integers = false
        var doubles = false
        /// A double that is not a whole number within Int64.
        var fractions = false
        var nulls = false
        var booleans = false
        var numericStrings = false
        var otherStrings = false

        mutating func note(_ value: FeatureValue) {
            switch value {
            case .int: integers = true
            case .double(let number):
                doubles = true
                if !Self.isWhole(number) { fractions = true }
            case .null: nulls = true
            case .bool: booleans = true
            case .string(let text):
                if let number = Double(text) {
                    numericStrings = true
                    if !Self.isWhole(number) { fractions = true }
                } else {
                    otherStrings = true
                }
            case .bytes: otherStrings = true
            }
        }

        mutating func merge(_ other: Kinds) {
            integers = integers || other.integers
            doubles = doubles || other.doubles
            fractions = fractions || other.fractions
            nulls = nulls || other.nulls
            booleans = booleans || other.booleans
            numericStrings = numericStrings || other.numericStrings
            otherStrings = otherStrings || other.otherStrings
        }

        static func isWhole(_ number: Double) -> Bool {
            number.rounded() == number && abs(number) < 9.2e18
        }
    }

    /// The most distinct label values gathered (targets and predictions together): the 256 labels
    /// a matrix holds, written both as integers and floats, so that a column of real numbers
    /// cannot take the memory.
    package static let maximumLabels = 2 * ConfusionMatrix.maximumLabels
    /// The most (prediction, target) cells: a full matrix of 256 labels. Each non-empty cell holds
    /// a score sketch of 8 KiB.
    package static let maximumCells = ConfusionMatrix.maximumLabels * ConfusionMatrix.maximumLabels

    package let columns: ModelColumns
    package let typing: Typing
    private var cellIndex: [Pair: Int] = [:]
    /// The scores of each cell: a sketch once flushed, and the scores not yet in it.
    private var cells: [(pair: Pair, scores: DistributionMetric?, pending: [Double])] = []
    private var sawScore = false
    private var labels: Set<FeatureValue> = []
    private var targetKinds = Kinds()
    private var predictionKinds = Kinds()
    private var differences: [Double] = []
    private var regression = RegressionMetrics()
    /// The first problem met: a value that cannot be a label, a number or a score.
    package private(set) var problem: (column: String, expected: String, actual: String)?

    package init(columns: ModelColumns, typing: Typing) {
        self.columns = columns
        self.typing = typing
    }

    /// Adds one row. `score` is ignored without a score column (`.null` where a row has none).
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
                let score = Self.folded(score)
                if score != .null { sawScore = true }
                guard let value = self.score(score, column: scoreColumn) else { return }
                scoreValue = value
            }
            let pair = Pair(prediction: prediction, target: target)
            let cell: Int
            if let known = cellIndex[pair] {
                cell = known
            } else {
                labels.insert(target)
                labels.insert(prediction)
                guard checkBounds(adding: 1) else { return }
                cell = cells.count
                cellIndex[pair] = cell
                cells.append((pair, nil, []))
            }
            // A NaN score is dropped, as whylogs drops it.
            guard !scoreValue.isNaN else { return }
            cells[cell].pending.append(scoreValue)
            if cells[cell].pending.count >= 4096 { flush(cell) }
        }
    }

    /// Whether the labels and cells (with `adding` more) are within bounds; sets ``problem`` when
    /// not.
    private mutating func checkBounds(adding: Int) -> Bool {
        guard labels.count > Self.maximumLabels || cells.count + adding > Self.maximumCells else { return true }
        problem = (
            columns.target + "\" and \"" + columns.prediction,
            "class labels (at most \(ConfusionMatrix.maximumLabels))",
            "more than \(Self.maximumLabels) distinct values or \(Self.maximumCells) pairs "
                + "(a regression model's output needs --task regression)"
        )
        return false
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
                if let scores { merge(scores, into: known) }
            } else {
                labels.insert(pair.target)
                labels.insert(pair.prediction)
                guard checkBounds(adding: 1) else { return }
                cellIndex[pair] = cells.count
                cells.append((pair, scores, []))
            }
        }
        targetKinds.merge(other.targetKinds)
        predictionKinds.merge(other.predictionKinds)
        sawScore = sawScore || other.sawScore
        for difference in other.differences { regression.add(difference) }
        // Only a gatherer that merged others holds sums; pieces hold differences.
        if other.regression.count > 0 { regression.merge(other.regression) }
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
            if let score = columns.score, !sawScore, !cells.isEmpty {
                throw ProfileError(
                    .invalidValue, field: "column \"\(score)\"", expected: "scores", actual: "no row has one")
            }
            let targetRule = typing.rule(targetKinds)
            let predictionRule = typing.rule(predictionKinds)
            var copy = self
            for cell in copy.cells.indices { copy.flush(cell) }
            try metrics.logClassification(
                cells: copy.cells.map { pair, scores, _ in
                    ModelPerformanceMetrics.GatheredCell(
                        prediction: Self.label(pair.prediction, rule: predictionRule),
                        target: Self.label(pair.target, rule: targetRule), scores: scores ?? DistributionMetric())
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
        cells[cell].pending.removeAll(keepingCapacity: true)
        merge(batch, into: cell)
    }

    private mutating func merge(_ scores: DistributionMetric, into cell: Int) {
        if cells[cell].scores == nil {
            cells[cell].scores = scores
        } else {
            cells[cell].scores!.merge(scores)
        }
    }

    private mutating func sumDifferences() {
        for difference in differences { regression.add(difference) }
        differences.removeAll()
    }

    /// A value as Python arithmetic sees it (a boolean is 1 or 0, null NaN; with
    /// ``Typing/pandasReadJSON`` a numeric string is its number); other text is a problem.
    private mutating func number(_ value: FeatureValue, column: String) -> Double? {
        switch value {
        case .null: return .nan
        case .bool(let flag): return flag ? 1 : 0
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        case .string(let text) where typing == .pandasReadJSON && Double(text) != nil:
            return Double(text)
        case .string, .bytes:
            problem = (column, "numbers", "text (\"\(value.shortText)\")")
            return nil
        }
    }

    /// A score: a number (a boolean 1 or 0, as whylogs' score sketch takes it), NaN (dropped from
    /// its cell, as whylogs drops it); text is a problem.
    private mutating func score(_ value: FeatureValue, column: String) -> Double? {
        number(value, column: column)
    }

    private static func folded(_ value: FeatureValue) -> FeatureValue {
        if case .double(let number) = value, number.isNaN { return .null }
        return value
    }

    /// How a column's values become labels.
    fileprivate enum LabelRule {
        /// As they are (integers with nulls as floats, for ``Typing/arrowToPandas``).
        case asTheyAre(integersAsFloats: Bool)
        /// Numbers (numeric strings and booleans too) as integers, or as floats.
        case numbers(asIntegers: Bool)
    }

    private static func label(_ value: FeatureValue, rule: LabelRule) -> ClassLabel {
        switch (rule, value) {
        case (_, .null), (_, .bytes): return .missing
        case (.asTheyAre(let asFloats), .int(let integer)):
            return asFloats ? .double(Double(integer)) : .integer(integer)
        case (.asTheyAre, .bool(let flag)): return .boolean(flag)
        case (.asTheyAre, .double(let number)): return .double(number)
        case (.asTheyAre, .string(let text)): return .string(text)
        case (.numbers(let asIntegers), _):
            let number: Double
            switch value {
            case .int(let integer): return asIntegers ? .integer(integer) : .double(Double(integer))
            case .bool(let flag): number = flag ? 1 : 0
            case .double(let double): number = double
            case .string(let text): number = Double(text) ?? .nan
            case .null, .bytes: return .missing
            }
            return asIntegers ? .integer(Int64(number)) : .double(number)
        }
    }
}

extension _ModelRowGatherer.Typing {
    /// The rule pandas applies to a column of these kinds.
    fileprivate func rule(_ kinds: _ModelRowGatherer.Kinds) -> _ModelRowGatherer.LabelRule {
        switch self {
        case .arrowToPandas:
            return .asTheyAre(integersAsFloats: kinds.integers && (kinds.doubles || kinds.nulls))
        case .pandasReadJSON:
            if kinds.otherStrings { return .asTheyAre(integersAsFloats: false) }
            let numeric = kinds.integers || kinds.doubles || kinds.numericStrings
            if !numeric {
                // Booleans alone stay booleans; with a null they are floats.
                return kinds.booleans && kinds.nulls ? .numbers(asIntegers: false) : .asTheyAre(integersAsFloats: false)
            }
            return .numbers(asIntegers: !kinds.nulls && !kinds.fractions)
        }
    }
}

extension FeatureValue {
    /// At most 40 characters of the value's text, for error messages.
    fileprivate var shortText: String {
        switch self {
        case .string(let value): ModelPerformanceMetrics.excerpt(value)
        case .bytes(let value): "\(value.count) bytes"
        default: ModelPerformanceMetrics.excerpt("\(self)")
        }
    }
}
