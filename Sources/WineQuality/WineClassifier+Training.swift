import Foundation

extension WineClassifier {
    /// Fits an L2-penalised logistic regression by Newton's method: standardises each feature,
    /// then minimises Σ log-loss + (λ/2)·‖β‖² (the intercept unpenalised), the objective of
    /// scikit-learn's `LogisticRegression(C=1/λ)` on the same standardised features.
    ///
    /// - Parameters:
    ///   - rows: feature rows (``WineFeatures/all`` order).
    ///   - labels: whether each wine is good.
    ///   - penalty: λ (> 0).
    /// - Returns: the fitted classifier, threshold 0.5 (training report left empty).
    /// - Throws: ``WineServerError`` when there are too few rows, one class is missing, or Newton's
    ///   method does not converge in 100 steps.
    /// - Complexity: O(rows × features²) a step; it converges in about ten.
    package static func fit(rows: [[Double]], labels: [Bool], penalty: Double) throws(WineServerError) -> WineClassifier {
        let count = rows.count
        let width = WineFeatures.all.count
        guard count > width, labels.count == count else {
            throw WineServerError("need more than \(width) training rows, got \(count)")
        }
        guard labels.contains(true), labels.contains(false) else {
            throw WineServerError("the training rows need good wines and other wines")
        }
        guard penalty > 0, penalty.isFinite else { throw WineServerError("the penalty must be positive") }
        let (means, scales) = WineModel.standardisation(rows)
        let z = rows.map { row in (0..<width).map { (row[$0] - means[$0]) / scales[$0] } + [1] }
        let y = labels.map { $0 ? 1.0 : 0.0 }
        // β: the coefficients, then the intercept (index `width`).
        var beta = [Double](repeating: 0, count: width + 1)
        for _ in 0..<100 {
            var gradient = [Double](repeating: 0, count: width + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: width + 1)
            for (row, target) in zip(z, y) {
                var logit = 0.0
                for j in 0...width { logit += beta[j] * row[j] }
                let p = sigmoid(logit)
                let weight = max(p * (1 - p), 1e-300)
                for i in 0...width {
                    gradient[i] += (p - target) * row[i]
                    for j in 0...i { hessian[i][j] += weight * row[i] * row[j] }
                }
            }
            for i in 0..<width {
                gradient[i] += penalty * beta[i]
                hessian[i][i] += penalty
            }
            for i in 0...width { for j in 0..<i { hessian[j][i] = hessian[i][j] } }
            let step = try WineModel.solveSymmetricPositiveDefinite(hessian, gradient)
            for j in 0...width { beta[j] -= step[j] }
            if step.allSatisfy({ abs($0) < 1e-12 }) {
                return WineClassifier(
                    formatVersion: formatVersion, features: WineFeatures.all.map(\.name), means: means,
                    scales: scales, coefficients: Array(beta[..<width]), intercept: beta[width], penalty: penalty,
                    threshold: 0.5, training: TrainingReport())
            }
        }
        throw WineServerError("the logistic regression did not converge in 100 Newton steps")
    }

    /// The held-out evaluation of this classifier on `rows`: the confusion matrix at
    /// ``threshold`` and accuracy, precision, recall, F1 and ROC-AUC, computed exactly.
    ///
    /// - Parameters:
    ///   - rows: feature rows.
    ///   - labels: whether each wine is good.
    /// - Returns: a report with the counts and metrics filled in (data and split left empty).
    package func evaluate(rows: [[Double]], labels: [Bool]) -> TrainingReport {
        let scores = rows.map(probability)
        var report = TrainingReport(testRows: rows.count)
        for (score, good) in zip(scores, labels) {
            switch (score >= threshold, good) {
            case (true, true): report.truePositives += 1
            case (true, false): report.falsePositives += 1
            case (false, false): report.trueNegatives += 1
            case (false, true): report.falseNegatives += 1
            }
        }
        let total = Double(max(rows.count, 1))
        let tp = Double(report.truePositives)
        report.testAccuracy = (tp + Double(report.trueNegatives)) / total
        report.testPrecision = Self.ratio(tp, tp + Double(report.falsePositives))
        report.testRecall = Self.ratio(tp, tp + Double(report.falseNegatives))
        report.testF1 = Self.ratio(2 * report.testPrecision * report.testRecall, report.testPrecision + report.testRecall)
        report.testAUC = Self.areaUnderROC(scores: scores, labels: labels)
        report.testBaselineAccuracy = Double(labels.filter { !$0 }.count) / total
        return report
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's
    /// `zero_division=0`).
    static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        denominator > 0 ? numerator / denominator : 0
    }

    /// The Mann–Whitney statistic: the chance that a random good wine scores above a random other
    /// wine, ties counting a half (scikit-learn's `roc_auc_score`); 0.5 when a class is absent.
    static func areaUnderROC(scores: [Double], labels: [Bool]) -> Double {
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Sum of the positives' mid-ranks (1-based), ties sharing the mean rank.
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] { rankSum += midRank }
            start = end + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
