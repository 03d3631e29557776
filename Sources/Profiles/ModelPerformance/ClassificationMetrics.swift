/// Accuracy, and per-class and averaged precision, recall and F1, derived from a confusion matrix
/// as scikit-learn derives them (`accuracy_score`, `precision_recall_fscore_support` with
/// `zero_division=0` over the matrix's labels).
///
/// whylogs stores the confusion matrix but left these to its hosted platform; they are exact
/// functions of the counts, so a merged matrix gives the metrics of all its rows.
public struct ClassificationMetrics: Sendable, Hashable {
    /// Precision, recall and F1 of one class, its support (rows whose target is the class) and
    /// the rows predicted as it.
    public struct ClassScores: Sendable, Hashable {
        /// The class.
        public var label: String
        /// True positives over the rows predicted as the class (0 when none was).
        public var precision: Double
        /// True positives over the class's rows (0 without any).
        public var recall: Double
        /// 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall.
        public var f1: Double
        /// The rows whose target is the class.
        public var support: Int64
        /// The rows predicted as the class.
        public var predicted: Int64
    }

    /// An average of the per-class scores.
    public struct Averages: Sendable, Hashable {
        /// The averaged precision.
        public var precision: Double
        /// The averaged recall.
        public var recall: Double
        /// The averaged F1 (for macro and weighted: the mean of the classes' F1, not the F1 of the
        /// averaged precision and recall).
        public var f1: Double
    }

    /// The labels, in the matrix's order.
    public let labels: [String]
    /// The rows counted.
    public let total: Int64
    /// The share of rows whose prediction equals their target (0 without rows).
    public let accuracy: Double
    /// Each label's scores, in ``labels`` order.
    public let perClass: [ClassScores]
    /// The unweighted mean over the labels.
    public let macro: Averages
    /// From the summed counts; for single-label data all three equal the accuracy.
    public let micro: Averages
    /// The mean over the labels weighted by support.
    public let weighted: Averages

    /// The metrics of a confusion matrix.
    ///
    /// - Parameters:
    ///   - labels: the labels.
    ///   - counts: `counts[p][t]`, the rows predicted `labels[p]` whose target is `labels[t]`
    ///     (whylogs' orientation).
    /// - Precondition: `counts` is square with `labels.count` rows; counts are non-negative (a
    ///   matrix read from a file is validated by its reader).
    /// - Complexity: O(labels²).
    public init(labels: [String], counts: [[Int64]]) {
        precondition(counts.count == labels.count && counts.allSatisfy { $0.count == labels.count })
        precondition(counts.allSatisfy { $0.allSatisfy { $0 >= 0 } })
        let size = labels.count
        var support = [Int64](repeating: 0, count: size)
        var predicted = [Int64](repeating: 0, count: size)
        var correct: Int64 = 0
        // Counts come from files: sums saturate rather than trap on a crafted one.
        func add(_ a: Int64, _ b: Int64) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max : sum
        }
        for p in 0..<size {
            for t in 0..<size {
                predicted[p] = add(predicted[p], counts[p][t])
                support[t] = add(support[t], counts[p][t])
            }
            correct = add(correct, counts[p][p])
        }
        let total = support.reduce(0, add)
        self.labels = labels
        self.total = total
        self.accuracy = Self.divide(Double(correct), Double(total))
        var perClass: [ClassScores] = []
        for k in 0..<size {
            let tp = Double(counts[k][k])
            let fp = Double(predicted[k]) - tp
            let fn = Double(support[k]) - tp
            perClass.append(
                ClassScores(
                    label: labels[k], precision: Self.divide(tp, tp + fp), recall: Self.divide(tp, tp + fn),
                    f1: Self.divide(2 * tp, 2 * tp + fp + fn), support: support[k], predicted: predicted[k]))
        }
        self.perClass = perClass
        let count = Double(max(size, 1))
        self.macro = Averages(
            precision: perClass.map(\.precision).reduce(0, +) / count,
            recall: perClass.map(\.recall).reduce(0, +) / count, f1: perClass.map(\.f1).reduce(0, +) / count)
        let truePositives = Double(correct)
        let microPrecision = Self.divide(truePositives, Double(predicted.reduce(0, add)))
        let microRecall = Self.divide(truePositives, Double(total))
        self.micro = Averages(
            precision: microPrecision, recall: microRecall,
            f1: Self.divide(2 * truePositives, Double(predicted.reduce(0, add)) + Double(total)))
        func weightedMean(_ value: (ClassScores) -> Double) -> Double {
            Self.divide(perClass.reduce(0) { $0 + value($1) * Double($1.support) }, Double(total))
        }
        self.weighted = Averages(
            precision: weightedMean(\.precision), recall: weightedMean(\.recall), f1: weightedMean(\.f1))
    }

    /// `numerator / denominator`, 0 when the denominator is 0 (`zero_division=0`).
    static func divide(_ numerator: Double, _ denominator: Double) -> Double {
        denominator > 0 ? numerator / denominator : 0
    }
}
