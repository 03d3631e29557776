import Foundation

/// A linear (ridge) regression of wine quality on the eleven physico-chemical features, on
/// standardised inputs: `quality = intercept + Σ coefficient_i · (x_i − mean_i) / scale_i`.
///
/// Trained by `wine-server train` (``WineModel/train(rows:labels:ridge:)``) and stored as JSON
/// with its held-out error.
struct WineModel: Codable, Sendable {
    /// The format of the JSON file.
    static let formatVersion = 1

    var formatVersion: Int
    /// Feature names, in the order of the other arrays.
    var features: [String]
    var means: [Double]
    var scales: [Double]
    var coefficients: [Double]
    var intercept: Double
    /// The ridge penalty used in training.
    var ridge: Double
    /// How it was trained and how well it does on rows it did not see.
    var training: TrainingReport

    struct TrainingReport: Codable, Sendable {
        var data: String
        var trainingRows: Int
        var testRows: Int
        var splitSeed: UInt64
        var testMeanAbsoluteError: Double
        var testRootMeanSquaredError: Double
        /// The RMSE of always predicting the training mean, for comparison.
        var testBaselineRootMeanSquaredError: Double
    }

    /// The predicted quality of one wine (features in ``features`` order).
    func predict(_ values: [Double]) -> Double {
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
    static func load(path: String) throws(WineServerError) -> WineModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WineServerError("cannot read the model file \(path): \(error.localizedDescription)")
        }
        let model: WineModel
        do {
            model = try JSONDecoder().decode(WineModel.self, from: data)
        } catch {
            throw WineServerError("the model file \(path) is not a wine model: \(error)")
        }
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
    func write(path: String) throws(WineServerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try (encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WineServerError("cannot write the model file \(path): \(error.localizedDescription)")
        }
    }
}

/// A wine-server error: one line for the user.
struct WineServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
