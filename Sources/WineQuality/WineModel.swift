import Foundation

/// A linear (ridge) regression of wine quality on the eleven physico-chemical features, on
/// standardised inputs: `quality = intercept + Σ coefficient_i · (x_i − mean_i) / scale_i`.
///
/// Trained by `wine-server train` (``WineModel/train(rows:labels:ridge:)``) and stored as JSON
/// with its held-out error.
package struct WineModel: Codable, Sendable {
    /// The format of the JSON file.
    package static let formatVersion = 1

    package var formatVersion: Int
    /// Feature names, in the order of the other arrays.
    package var features: [String]
    package var means: [Double]
    package var scales: [Double]
    package var coefficients: [Double]
    package var intercept: Double
    /// The ridge penalty used in training.
    package var ridge: Double
    /// How it was trained and how well it does on rows it did not see.
    package var training: TrainingReport

    package struct TrainingReport: Codable, Sendable {
        package var data: String
        package var trainingRows: Int
        package var testRows: Int
        package var splitSeed: UInt64
        package var testMeanAbsoluteError: Double
        package var testRootMeanSquaredError: Double
        /// The RMSE of always predicting the training mean, for comparison.
        package var testBaselineRootMeanSquaredError: Double

        package init(
            data: String, trainingRows: Int, testRows: Int, splitSeed: UInt64, testMeanAbsoluteError: Double,
            testRootMeanSquaredError: Double, testBaselineRootMeanSquaredError: Double
        ) {
            self.data = data
            self.trainingRows = trainingRows
            self.testRows = testRows
            self.splitSeed = splitSeed
            self.testMeanAbsoluteError = testMeanAbsoluteError
            self.testRootMeanSquaredError = testRootMeanSquaredError
            self.testBaselineRootMeanSquaredError = testBaselineRootMeanSquaredError
        }
    }

    /// The predicted quality of one wine (features in ``features`` order).
    package func predict(_ values: [Double]) -> Double {
        precondition(values.count == coefficients.count, "feature count mismatch")
        var result = intercept
        for index in values.indices {
            result += coefficients[index] * (values[index] - means[index]) / scales[index]
        }
        return result
    }

    /// Reads a model file.
    ///
    /// - Throws: ``WineServerError`` naming the file and the problem.
    package static func load(path: String) throws(WineServerError) -> WineModel {
        let model = try _ModelFile.read(WineModel.self, path: path, kind: "model")
        let names = WineFeatures.all.map(\.name)
        guard model.formatVersion == formatVersion, model.features == names,
            model.means.count == names.count, model.scales.count == names.count,
            model.coefficients.count == names.count,
            (model.means + model.scales + model.coefficients + [model.intercept]).allSatisfy(\.isFinite),
            model.scales.allSatisfy({ $0 > 0 })
        else {
            throw WineServerError(
                "the model file \(path) does not match this server (format \(formatVersion), features \(names.joined(separator: ",")))"
            )
        }
        return model
    }

    /// Writes the model as pretty-printed JSON with sorted keys.
    package func write(path: String) throws(WineServerError) {
        try _ModelFile.write(self, path: path, kind: "model")
    }
}
