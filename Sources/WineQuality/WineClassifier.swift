import Foundation

/// A logistic regression of "good wine" (quality ≥ 7) on the eleven physico-chemical features,
/// standardised: `P(good) = σ(intercept + Σ coefficient_i · (x_i − mean_i) / scale_i)`.
///
/// Trained by `wine-server train` (``WineClassifier/fit(rows:labels:penalty:)``) and stored as
/// JSON with its held-out confusion matrix and scores. The predicted label is ``positiveLabel``
/// when the probability reaches ``threshold``, else ``negativeLabel``.
package struct WineClassifier: Codable, Sendable {
    /// The format of the JSON file.
    package static let formatVersion = 1
    /// The quality from which a wine counts as good.
    package static let goodQuality = 7.0
    /// The label of a good wine.
    package static let positiveLabel = "good"
    /// The label of any other wine.
    package static let negativeLabel = "other"

    package var formatVersion: Int
    /// Feature names, in the order of the other arrays.
    package var features: [String]
    package var means: [Double]
    package var scales: [Double]
    package var coefficients: [Double]
    package var intercept: Double
    /// The L2 penalty λ on the coefficients (not the intercept) used in training.
    package var penalty: Double
    /// The probability from which the label is ``positiveLabel``.
    package var threshold: Double
    /// How it was trained and how well it does on rows it did not see.
    package var training: TrainingReport

    /// The held-out evaluation: the confusion matrix and the metrics derived from it, computed
    /// exactly on the rows (no sketch involved).
    package struct TrainingReport: Codable, Sendable, Equatable {
        package var data: String
        package var trainingRows: Int
        package var testRows: Int
        package var splitSeed: UInt64
        /// Held-out counts: true positives, false positives, true negatives, false negatives.
        package var truePositives: Int
        package var falsePositives: Int
        package var trueNegatives: Int
        package var falseNegatives: Int
        package var testAccuracy: Double
        /// Precision, recall and F1 of the good class.
        package var testPrecision: Double
        package var testRecall: Double
        package var testF1: Double
        /// The area under the ROC curve of the probabilities (ties count a half).
        package var testAUC: Double
        /// The accuracy of always answering ``negativeLabel``, for comparison.
        package var testBaselineAccuracy: Double

        package init(
            data: String = "", trainingRows: Int = 0, testRows: Int = 0, splitSeed: UInt64 = 0, truePositives: Int = 0,
            falsePositives: Int = 0, trueNegatives: Int = 0, falseNegatives: Int = 0, testAccuracy: Double = 0,
            testPrecision: Double = 0, testRecall: Double = 0, testF1: Double = 0, testAUC: Double = 0,
            testBaselineAccuracy: Double = 0
        ) {
            self.data = data
            self.trainingRows = trainingRows
            self.testRows = testRows
            self.splitSeed = splitSeed
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.trueNegatives = trueNegatives
            self.falseNegatives = falseNegatives
            self.testAccuracy = testAccuracy
            self.testPrecision = testPrecision
            self.testRecall = testRecall
            self.testF1 = testF1
            self.testAUC = testAUC
            self.testBaselineAccuracy = testBaselineAccuracy
        }
    }

    /// Whether a quality counts as a good wine.
    package static func isGood(quality: Double) -> Bool { quality >= goodQuality }

    /// The probability that a wine (features in ``features`` order) is good.
    package func probability(_ values: [Double]) -> Double {
        precondition(values.count == coefficients.count, "feature count mismatch")
        var logit = intercept
        for index in values.indices {
            logit += coefficients[index] * (values[index] - means[index]) / scales[index]
        }
        return Self.sigmoid(logit)
    }

    /// The predicted label and the probability of ``positiveLabel``.
    package func classify(_ values: [Double]) -> (label: String, score: Double) {
        let score = probability(values)
        return (score >= threshold ? Self.positiveLabel : Self.negativeLabel, score)
    }

    /// The logistic function, without overflow for large |x|.
    static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// Reads a classifier file.
    ///
    /// - Throws: ``WineServerError`` naming the file and the problem.
    package static func load(path: String) throws(WineServerError) -> WineClassifier {
        let model = try _ModelFile.read(WineClassifier.self, path: path, kind: "classifier")
        let names = WineFeatures.all.map(\.name)
        guard model.formatVersion == formatVersion, model.features == names,
            model.means.count == names.count, model.scales.count == names.count,
            model.coefficients.count == names.count,
            (model.means + model.scales + model.coefficients + [model.intercept]).allSatisfy(\.isFinite),
            model.scales.allSatisfy({ $0 > 0 }), (0...1).contains(model.threshold)
        else {
            throw WineServerError(
                "the classifier file \(path) does not match this server (format \(formatVersion), features \(names.joined(separator: ",")), threshold in 0...1)"
            )
        }
        return model
    }

    /// Writes the classifier as pretty-printed JSON with sorted keys.
    package func write(path: String) throws(WineServerError) {
        try _ModelFile.write(self, path: path, kind: "classifier")
    }
}
