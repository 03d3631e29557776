import Foundation

/// How a model's quality changed from a reference profile to a target profile: accuracy, macro F1
/// and ROC-AUC of a classifier, MAE and RMSE of a regressor, each with its change, a degradation
/// measured against thresholds, and a significance test, so that "the model got worse" can gate a
/// job as drift does without crying wolf on small samples.
///
/// A metric's *degradation* is how much worse the target is: the drop for accuracy, F1 and
/// ROC-AUC (absolute), the relative rise for MAE and RMSE ((target − reference) / reference). Its
/// verdict comes from ``DriftThreshold`` on the degradation, and counts only when the change is
/// significant (one-sided, at ``significanceLevel``):
/// - accuracy: the two-proportion z-test of the two samples' correct shares;
/// - ROC-AUC: the z-test with Hanley and McNeil's standard errors, widened by the two score
///   sketches' error bounds (an interval that straddles the drift threshold is indeterminate);
/// - MAE: the z-test of a difference of means, the variance of |error| from the stored sums
///   (E[d²] − E[|d|]²).
///
/// The p-values are Holm-adjusted across the comparison's tests (as `profile diff` adjusts its
/// drift tests), so that the chance of any false verdict on one comparison stays at the level.
/// Macro F1 and RMSE are reported with their changes but get no verdict: the stored counts and
/// sums do not give their sampling error (RMSE would need the fourth moment of the errors).
public struct ModelQualityComparison: Sendable, Hashable {
    /// The metrics compared.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        /// The share of right predictions.
        case accuracy
        /// The unweighted mean of the classes' F1.
        case macroF1 = "macro_f1"
        /// The area under the ROC curve of a scored two-label classifier.
        case rocAUC = "roc_auc"
        /// The mean absolute error of a regressor.
        case meanAbsoluteError = "mae"
        /// The root mean squared error of a regressor.
        case rootMeanSquaredError = "rmse"

        /// Whether a rise is an improvement (accuracy, F1, ROC-AUC) rather than a degradation.
        public var higherIsBetter: Bool { self == .accuracy || self == .macroF1 || self == .rocAUC }

        /// The default thresholds on the degradation: 0.05 drift and 0.02 possible for the drops
        /// of accuracy and ROC-AUC, 0.1 and 0.05 for the relative rise of MAE; F1 and RMSE have
        /// none (no verdict).
        public var defaultThreshold: DriftThreshold? {
            switch self {
            case .accuracy, .rocAUC: DriftThreshold(drift: 0.05, possible: 0.02)
            case .meanAbsoluteError: DriftThreshold(drift: 0.1, possible: 0.05)
            case .macroF1, .rootMeanSquaredError: nil
            }
        }
    }

    /// One metric on both sides.
    public struct Row: Sendable, Hashable {
        /// The metric.
        public var metric: Metric
        /// Its value on the reference profile.
        public var reference: Double
        /// Its value on the target profile.
        public var target: Double
        /// target − reference.
        public var change: Double { target - reference }
        /// How much worse the target is (see the type's notes); negative when it is better.
        public var degradation: Double
        /// The one-sided p-value of "the target is worse" (Holm-adjusted across the comparison's
        /// tests), or `nil` for metrics without a test.
        public var pValue: Double?
        /// The verdict, or `nil` for an informational metric.
        public var verdict: DriftVerdict?
        /// Why the verdict is what it is, in words.
        public var reason: String
    }

    /// The rows, in ``Metric`` order, for the metrics both profiles allow.
    public var rows: [Row]
    /// The significance level of the tests.
    public var significanceLevel: Double
    /// The worst verdict of the rows (``DriftVerdict/none`` without any).
    public var verdict: DriftVerdict { rows.compactMap(\.verdict).max() ?? .none }

    /// Compares a target's model metrics with a reference's, or returns `nil` when the two do
    /// not carry the same kind of metrics (a classifier on both sides, or a regressor on both).
    ///
    /// - Parameters:
    ///   - reference: the reference profile's metrics (training, last week).
    ///   - target: the target profile's metrics.
    ///   - thresholds: thresholds by metric, over ``Metric/defaultThreshold``; a metric set to
    ///     `nil` here keeps its default (use an empty threshold map to keep all defaults).
    ///   - significanceLevel: the level of the one-sided tests (default 0.01).
    ///   - positiveLabel: the positive label for ROC-AUC (default: each matrix's second label).
    ///   - scoreMeaning: what the scores are.
    public init?(
        reference: ModelPerformanceMetrics, target: ModelPerformanceMetrics,
        thresholds: [Metric: DriftThreshold] = [:], significanceLevel: Double = 0.01,
        positiveLabel: String? = nil, scoreMeaning: ConfusionMatrix.ScoreMeaning = .predictedLabel
    ) {
        self.significanceLevel = significanceLevel
        var rows: [Row] = []
        func threshold(_ metric: Metric) -> DriftThreshold? { thresholds[metric] ?? metric.defaultThreshold }
        func significant(_ p: Double) -> Bool { p < significanceLevel }
        func gated(_ metric: Metric, degradation: Double, p: Double, errorBound: Double = 0) -> (DriftVerdict?, String) {
            guard let threshold = threshold(metric) else { return (nil, "informational") }
            let raw = threshold.verdict(value: degradation, errorBound: errorBound)
            if raw == .none { return (DriftVerdict.none, "below the thresholds") }
            if raw == .indeterminate { return (.indeterminate, "the sketches' error bound straddles the threshold") }
            if !significant(p) {
                return (DriftVerdict.none, "not significant (p \(Self.format(p)) ≥ \(Self.format(significanceLevel)))")
            }
            return (raw, "\(raw == .drift ? "beyond" : "past the possible") threshold, p \(Self.format(p))")
        }

        if let referenceMatrix = reference.confusionMatrix, let targetMatrix = target.confusionMatrix {
            let r = referenceMatrix.classificationMetrics
            let t = targetMatrix.classificationMetrics
            guard r.total > 0, t.total > 0 else { return nil }
            let p = Self.twoProportionPValue(
                successes: (Double(r.accuracy) * Double(r.total), Double(t.accuracy) * Double(t.total)),
                totals: (Double(r.total), Double(t.total)))
            let (verdict, reason) = gated(.accuracy, degradation: r.accuracy - t.accuracy, p: p)
            rows.append(
                Row(
                    metric: .accuracy, reference: r.accuracy, target: t.accuracy, degradation: r.accuracy - t.accuracy,
                    pValue: p, verdict: verdict, reason: reason))
            rows.append(
                Row(
                    metric: .macroF1, reference: r.macro.f1, target: t.macro.f1, degradation: r.macro.f1 - t.macro.f1,
                    pValue: nil, verdict: nil, reason: "informational: no sampling error from the stored counts"))
            if let rs = referenceMatrix.scoreMetrics(positiveLabel: positiveLabel, scoreMeaning: scoreMeaning),
                let ts = targetMatrix.scoreMetrics(positiveLabel: positiveLabel, scoreMeaning: scoreMeaning)
            {
                let se = (Self.hanleyMcNeilVariance(rs) + Self.hanleyMcNeilVariance(ts)).squareRoot()
                let degradation = rs.rocAUC - ts.rocAUC
                let p = se > 0 ? Self.upperTail(degradation / se) : (degradation > 0 ? 0 : 1)
                let (verdict, reason) = gated(
                    .rocAUC, degradation: degradation, p: p, errorBound: rs.errorBound + ts.errorBound)
                rows.append(
                    Row(
                        metric: .rocAUC, reference: rs.rocAUC, target: ts.rocAUC, degradation: degradation, pValue: p,
                        verdict: verdict, reason: reason))
            }
        } else if let r = reference.regression, let t = target.regression,
            let rMAE = r.meanAbsoluteError, let tMAE = t.meanAbsoluteError,
            let rRMSE = r.rootMeanSquaredError, let tRMSE = t.rootMeanSquaredError
        {
            func varianceOfAbsoluteError(_ m: RegressionMetrics, _ mae: Double) -> Double {
                Swift.max(0, m.sumSquaredDifferences / Double(m.count) - mae * mae)
            }
            let se = (varianceOfAbsoluteError(r, rMAE) / Double(r.count) + varianceOfAbsoluteError(t, tMAE) / Double(t.count))
                .squareRoot()
            let maeRise = rMAE > 0 ? (tMAE - rMAE) / rMAE : (tMAE > 0 ? .infinity : 0)
            let p = se > 0 ? Self.upperTail((tMAE - rMAE) / se) : (tMAE > rMAE ? 0 : 1)
            let (verdict, reason) = gated(.meanAbsoluteError, degradation: maeRise, p: p)
            rows.append(
                Row(
                    metric: .meanAbsoluteError, reference: rMAE, target: tMAE, degradation: maeRise, pValue: p,
                    verdict: verdict, reason: reason))
            rows.append(
                Row(
                    metric: .rootMeanSquaredError, reference: rRMSE, target: tRMSE,
                    degradation: rRMSE > 0 ? (tRMSE - rRMSE) / rRMSE : 0, pValue: nil, verdict: nil,
                    reason: "informational: its sampling error needs moments the sums do not keep"))
        } else {
            return nil
        }
        self.rows = Self.holmAdjusted(rows, level: significanceLevel)
    }

    /// The rows with Holm-adjusted p-values (m tests: the i-th smallest times m − i + 1, kept
    /// non-decreasing, at most 1); a verdict whose adjusted p-value is no longer significant
    /// becomes ``DriftVerdict/none``.
    static func holmAdjusted(_ rows: [Row], level: Double) -> [Row] {
        var rows = rows
        let tested = rows.indices.filter { rows[$0].pValue != nil }.sorted { rows[$0].pValue! < rows[$1].pValue! }
        var running = 0.0
        for (rank, index) in tested.enumerated() {
            running = Swift.max(running, Swift.min(1, rows[index].pValue! * Double(tested.count - rank)))
            rows[index].pValue = running
            if running >= level, let verdict = rows[index].verdict, verdict == .drift || verdict == .possible {
                rows[index].verdict = DriftVerdict.none
                rows[index].reason = "not significant (Holm-adjusted p \(format(running)) ≥ \(format(level)))"
            }
        }
        return rows
    }

    /// P(Z ≥ z) for a standard normal Z.
    static func upperTail(_ z: Double) -> Double {
        guard !z.isNaN else { return 1 }
        return 0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The one-sided p-value of "the second share is lower than the first" (pooled two-proportion
    /// z-test).
    static func twoProportionPValue(successes: (Double, Double), totals: (Double, Double)) -> Double {
        let p1 = successes.0 / totals.0
        let p2 = successes.1 / totals.1
        let pooled = (successes.0 + successes.1) / (totals.0 + totals.1)
        let se = (pooled * (1 - pooled) * (1 / totals.0 + 1 / totals.1)).squareRoot()
        guard se > 0 else { return p2 < p1 ? 0 : 1 }
        return upperTail((p1 - p2) / se)
    }

    /// Hanley and McNeil's (1982) variance of an AUC estimate from its value and class sizes.
    static func hanleyMcNeilVariance(_ scores: BinaryScoreMetrics) -> Double {
        let a = scores.rocAUC
        let positives = Double(scores.positives)
        let negatives = Double(scores.negatives)
        let q1 = a / (2 - a)
        let q2 = 2 * a * a / (1 + a)
        let variance = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a)) / (positives * negatives)
        return Swift.max(0, variance)
    }

    static func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
