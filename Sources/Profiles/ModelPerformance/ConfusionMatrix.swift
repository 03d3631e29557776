import Sketches

/// A classifier's confusion matrix (whylogs `ConfusionMatrix`): the labels, and for every
/// (prediction, target) pair of labels a cell with the number of rows and a sketch of their scores.
///
/// Rows are predictions and columns targets, as whylogs keys its cells `(prediction, target)` and
/// writes them row-major (`scores[i × n + j]` is prediction `labels[i]`, target `labels[j]`).
/// Labels are strings, as whylogs writes them (`str(label)`), in the matrix's own order: as logged
/// (whylogs sorts the values, numbers numerically, with `"None"` last) or as read from a file. At
/// most ``maximumLabels`` labels.
public struct ConfusionMatrix: Sendable, Hashable {
    /// The most labels whylogs allows (`MODEL_METRICS_MAX_LABELS`).
    public static let maximumLabels = 256

    /// The labels: row and column `i` is `labels[i]`.
    public internal(set) var labels: [String]
    /// The prediction column's name as written (`prediction_field`; whylogs writes it empty).
    public var predictionField: String
    /// The target column's name as written (`target_field`; whylogs writes it empty).
    public var targetField: String
    /// The score column's name as written (`score_field`; whylogs writes it empty).
    public var scoreField: String
    /// The cells, row-major: `cells[prediction × labels.count + target]`.
    public internal(set) var cells: [Cell]

    /// One cell: the scores of the rows with that prediction and target.
    public struct Cell: Sendable, Hashable {
        /// The scores (1.0 for each row logged without scores), as whylogs keeps them: a
        /// `DistributionMetric` (KLL sketch, mean and m2), written as a v0 `NumbersMessage`.
        public var scores: DistributionMetric

        /// A cell from its score distribution.
        public init(scores: DistributionMetric) {
            self.scores = scores
        }

        /// An empty cell (a whylogs-default k 1024 sketch).
        public init() {
            self.scores = DistributionMetric()
        }

        /// The number of rows in the cell: the score sketch's n.
        public var count: Int { scores.n }

        /// Equal when both are empty (whatever their sketch's k), or when the means, m2 and
        /// sketch images are.
        public static func == (lhs: Cell, rhs: Cell) -> Bool {
            if lhs.count == 0 || rhs.count == 0 { return lhs.count == rhs.count }
            return lhs.scores.mean.bitPattern == rhs.scores.mean.bitPattern
                && lhs.scores.m2.bitPattern == rhs.scores.m2.bitPattern
                && lhs.scores.kll.serializedBytes() == rhs.scores.kll.serializedBytes()
        }

        /// Hashes the count, and the mean and m2 of a non-empty cell.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            guard count > 0 else { return }
            hasher.combine(scores.mean.bitPattern)
            hasher.combine(scores.m2.bitPattern)
        }
    }

    /// A matrix of empty cells.
    ///
    /// - Parameters:
    ///   - labels: the labels, distinct, at most ``maximumLabels`` (checked: a programmer error).
    ///   - predictionField: the prediction field name (empty, as whylogs writes it).
    ///   - targetField: the target field name.
    ///   - scoreField: the score field name.
    public init(labels: [String], predictionField: String = "", targetField: String = "", scoreField: String = "") {
        precondition(labels.count <= Self.maximumLabels, "\(labels.count) labels, at most \(Self.maximumLabels)")
        precondition(Set(labels).count == labels.count, "duplicate labels in \(labels)")
        self.labels = labels
        self.predictionField = predictionField
        self.targetField = targetField
        self.scoreField = scoreField
        self.cells = Array(repeating: Cell(), count: labels.count * labels.count)
    }

    /// A matrix from its labels and row-major cells (what a file holds); `nil` when the labels are
    /// not distinct, are more than ``maximumLabels``, or `cells.count` is not `labels.count²`.
    init?(labels: [String], cells: [Cell], predictionField: String, targetField: String, scoreField: String) {
        guard labels.count <= Self.maximumLabels, cells.count == labels.count * labels.count,
            Set(labels).count == labels.count
        else { return nil }
        self.labels = labels
        self.cells = cells
        self.predictionField = predictionField
        self.targetField = targetField
        self.scoreField = scoreField
    }

    /// The cell of prediction `labels[prediction]` and target `labels[target]`.
    public subscript(prediction prediction: Int, target target: Int) -> Cell {
        get { cells[prediction * labels.count + target] }
        set { cells[prediction * labels.count + target] = newValue }
    }

    /// The number of rows predicted `prediction` whose target is `target` (0 for unknown labels).
    ///
    /// - Complexity: O(labels).
    public func count(prediction: String, target: String) -> Int {
        guard let row = labels.firstIndex(of: prediction), let column = labels.firstIndex(of: target) else {
            return 0
        }
        return self[prediction: row, target: column].count
    }

    /// The counts as a matrix: `counts[prediction][target]`.
    public var counts: [[Int]] {
        let size = labels.count
        return (0..<size).map { row in (0..<size).map { column in cells[row * size + column].count } }
    }

    /// The total number of rows.
    public var totalCount: Int { cells.reduce(0) { $0 + $1.count } }
}
