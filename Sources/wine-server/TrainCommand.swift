import ArgumentParser
import Foundation
import Profiles
import Sketches
import WineQuality

/// `wine-server train`: fits the wine-quality model on the red-wine data and writes the model
/// file and the training profile the server compares its windows with.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the wine-quality model and write its training profile.",
        discussion: """
            Fits a ridge regression of quality on the eleven features, standardised, on a seeded \
            80% of the rows, and reports its error on the other 20%; and, on the same rows, a \
            logistic regression of "good wine" (quality ≥ 7) with its held-out confusion matrix, \
            accuracy, precision, recall, F1 and ROC-AUC. The training profile holds \
            every row's features under the API's names and the model's prediction \
            (predicted_quality), so that `profile diff TRAINING WINDOW` compares like with like. \
            The classifier's profile holds its held-out rows: their features, its predicted label \
            (predicted_good, 1 good, 0 other) and score (predicted_good_probability, the \
            probability of good: `--score-of positive`), and their confusion matrix (whylogs' \
            log_classification_metrics), which `profile diff CLASSIFIER-PROFILE WINDOW` compares \
            with the matrix of a window's /classify feedback.
            """)

    @Option(name: .long, help: "The UCI wine-quality CSV to train on.")
    var data = "fixtures/wine-quality/winequality-red.csv"

    @Option(name: .long, help: "Where to write the model (JSON).")
    var model = ServeCommand.defaultModelPath

    @Option(name: .long, help: "Where to write the training profile (whylogs v1).")
    var trainingProfile = ServeCommand.defaultTrainingProfilePath

    @Option(name: .long, help: "Where to write the good-wine classifier (JSON).")
    var classifier = ServeCommand.defaultClassifierPath

    @Option(name: .long, help: "Where to write the classifier's profile with its held-out confusion matrix.")
    var classifierProfile = ServeCommand.defaultClassifierProfilePath

    @Option(name: .long, help: "The ridge penalty λ on standardised features.")
    var ridge = 1.0

    @Option(name: .long, help: "The classifier's L2 penalty λ on standardised features (scikit-learn's C = 1/λ).")
    var classifierPenalty = 1.0

    @Option(name: .long, help: "The seed of the train/test split and of the profile's sketches.")
    var seed: UInt64 = 42

    func run() throws {
        do {
            try train()
        } catch {
            FileHandle.standardError.write(Data("wine-server train: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func train() throws(WineServerError) {
        let dataset = try WineDataset(path: data)
        guard dataset.rows.count >= 50 else { throw WineServerError("\(data): need at least 50 rows") }
        let (trainIndices, testIndices) = dataset.split(seed: seed)
        var fitted = try WineModel.fit(
            rows: trainIndices.map { dataset.rows[$0] }, labels: trainIndices.map { dataset.labels[$0] }, ridge: ridge)
        var absoluteSum = 0.0
        var squaredSum = 0.0
        var baselineSquaredSum = 0.0
        for index in testIndices {
            let error = fitted.predict(dataset.rows[index]) - dataset.labels[index]
            absoluteSum += abs(error)
            squaredSum += error * error
            baselineSquaredSum +=
                (fitted.intercept - dataset.labels[index]) * (fitted.intercept - dataset.labels[index])
        }
        let testCount = Double(testIndices.count)
        fitted.training = WineModel.TrainingReport(
            data: (data as NSString).lastPathComponent, trainingRows: trainIndices.count, testRows: testIndices.count,
            splitSeed: seed, testMeanAbsoluteError: absoluteSum / testCount,
            testRootMeanSquaredError: (squaredSum / testCount).squareRoot(),
            testBaselineRootMeanSquaredError: (baselineSquaredSum / testCount).squareRoot())
        try fitted.write(path: model)

        let good = dataset.labels.map { WineClassifier.isGood(quality: $0) }
        var goodWine = try WineClassifier.fit(
            rows: trainIndices.map { dataset.rows[$0] }, labels: trainIndices.map { good[$0] },
            penalty: classifierPenalty)
        goodWine.training = goodWine.evaluate(
            rows: testIndices.map { dataset.rows[$0] }, labels: testIndices.map { good[$0] })
        goodWine.training.data = fitted.training.data
        goodWine.training.trainingRows = trainIndices.count
        goodWine.training.splitSeed = seed
        try goodWine.write(path: classifier)

        try writeClassifierProfile(goodWine, dataset: dataset, testIndices: testIndices, good: good)

        var profile = DatasetProfile(
            datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0,
            metadata: ["sketchbook.wine_server.role": "training", "sketchbook.wine_server.data": fitted.training.data])
        profile.compactionCoin = .seeded(seed)
        for (position, feature) in WineFeatures.all.enumerated() {
            profile.log(column: feature.name, doubles: dataset.rows.map { $0[position] })
        }
        profile.log(column: WineFeatures.predictionColumn, doubles: dataset.rows.map(fitted.predict))
        do {
            try profile.file.write(to: trainingProfile)
        } catch {
            throw WineServerError("cannot write the training profile: \(error)")
        }
        print(
            """
            trained on \(fitted.training.trainingRows) rows of \(fitted.training.data); \
            on the \(fitted.training.testRows) held-out rows: MAE \(Self.format(fitted.training.testMeanAbsoluteError)), \
            RMSE \(Self.format(fitted.training.testRootMeanSquaredError)) \
            (predicting the mean: RMSE \(Self.format(fitted.training.testBaselineRootMeanSquaredError)))
            good-wine classifier (quality ≥ 7), held out: accuracy \(Self.format(goodWine.training.testAccuracy)) \
            (always "other": \(Self.format(goodWine.training.testBaselineAccuracy))), \
            precision \(Self.format(goodWine.training.testPrecision)), recall \(Self.format(goodWine.training.testRecall)), \
            F1 \(Self.format(goodWine.training.testF1)), ROC-AUC \(Self.format(goodWine.training.testAUC))
            model: \(model)
            classifier: \(classifier)
            classifier profile: \(classifierProfile) (\(testIndices.count) held-out rows)
            training profile: \(trainingProfile) (\(dataset.rows.count) rows)
            """)
    }

    /// Writes the classifier's profile: its held-out rows' features, predicted labels (1 good,
    /// 0 other) and scores (the probability of good), and their confusion matrix, logged as
    /// whylogs' `log_classification_metrics` does (integer labels, scores of the positive class).
    private func writeClassifierProfile(
        _ classifier: WineClassifier, dataset: WineDataset, testIndices: ArraySlice<Int>, good: [Bool]
    ) throws(WineServerError) {
        let rows = testIndices.map { dataset.rows[$0] }
        let scores = rows.map(classifier.probability)
        let predicted = scores.map { $0 >= classifier.threshold }
        var profile = DatasetProfile(
            datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0,
            metadata: [
                "sketchbook.wine_server.role": "classifier-validation",
                "sketchbook.wine_server.data": (data as NSString).lastPathComponent,
                "sketchbook.wine_server.score": "positive",
            ])
        profile.compactionCoin = .seeded(seed)
        for (position, feature) in WineFeatures.all.enumerated() {
            profile.log(column: feature.name, doubles: rows.map { $0[position] })
        }
        profile.log(column: WineFeatures.classifierLabelColumn, ints: predicted.map { $0 ? 1 : 0 })
        profile.log(column: WineFeatures.classifierScoreColumn, doubles: scores)
        do {
            try profile.logClassificationMetrics(
                targets: testIndices.map { ClassLabel.integer(good[$0] ? 1 : 0) },
                predictions: predicted.map { ClassLabel.integer($0 ? 1 : 0) }, scores: scores)
            try profile.file.write(to: classifierProfile)
        } catch {
            throw WineServerError("cannot write the classifier profile: \(error)")
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
