import Foundation
import Profiles
import SketchbookTestSupport
import Testing

@testable import WineQuality

/// The good-wine classifier (issue 16): its logistic regression is scikit-learn's on the same
/// rows and its held-out metrics are scikit-learn's definitions
/// (`fixtures/wine-quality/make_classifier_fixture.py` writes the reference).
@Suite struct WineClassifierTests {
    struct Reference: Decodable {
        let rows: Int
        let positives: Int
        let coefficients: [Double]
        let intercept: Double
        let first_scores: [Double]
        let accuracy: Double
        let precision: Double
        let recall: Double
        let f1: Double
        let roc_auc: Double
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Fixtures.url("wine-quality/classifier_reference.json")))
    }

    static func redWines() throws -> (rows: [[Double]], good: [Bool]) {
        let dataset = try WineDataset(path: Fixtures.url("wine-quality/winequality-red.csv").path)
        return (dataset.rows, dataset.labels.map { WineClassifier.isGood(quality: $0) })
    }

    @Test func theFitIsScikitLearnsLogisticRegressionOnTheSameRows() throws {
        let reference = try Self.reference()
        let (rows, good) = try Self.redWines()
        #expect(rows.count == reference.rows && good.filter { $0 }.count == reference.positives)
        let model = try WineClassifier.fit(rows: rows, labels: good, penalty: 1)
        for (ours, theirs) in zip(model.coefficients, reference.coefficients) {
            #expect(abs(ours - theirs) < 1e-8, "coefficient \(ours) vs scikit-learn \(theirs)")
        }
        #expect(abs(model.intercept - reference.intercept) < 1e-8)
        for (row, theirs) in zip(rows, reference.first_scores) {
            #expect(abs(model.probability(row) - theirs) < 1e-9)
        }
    }

    @Test func theMetricsAreScikitLearns() throws {
        let reference = try Self.reference()
        let (rows, good) = try Self.redWines()
        let report = try WineClassifier.fit(rows: rows, labels: good, penalty: 1).evaluate(rows: rows, labels: good)
        #expect(
            report.truePositives + report.falsePositives + report.trueNegatives + report.falseNegatives == rows.count)
        #expect(abs(report.testAccuracy - reference.accuracy) < 1e-12)
        #expect(abs(report.testPrecision - reference.precision) < 1e-12)
        #expect(abs(report.testRecall - reference.recall) < 1e-12)
        #expect(abs(report.testF1 - reference.f1) < 1e-12)
        #expect(abs(report.testAUC - reference.roc_auc) < 1e-12)
    }

    /// Ties share their mean rank; a class that is absent gives 0.5 rather than a division by 0.
    @Test(arguments: [
        ([0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.75),
        ([0.5, 0.5, 0.5, 0.5], [false, true, false, true], 0.5),
        ([0.2, 0.9], [false, true], 1.0),
        ([0.2, 0.9], [true, true], 0.5),
    ])
    func theAreaUnderTheROCCurveIsTheMannWhitneyStatistic(scores: [Double], labels: [Bool], expected: Double) {
        #expect(WineClassifier.areaUnderROC(scores: scores, labels: labels) == expected)
    }

    @Test func aClassifierFileRoundTripsAndABadOneIsRefusedByName() throws {
        let (rows, good) = try Self.redWines()
        let model = try WineClassifier.fit(rows: rows, labels: good, penalty: 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wine-classifier-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try model.write(path: directory + "/classifier.json")
        let read = try WineClassifier.load(path: directory + "/classifier.json")
        #expect(read.coefficients == model.coefficients && read.intercept == model.intercept)
        var broken = model
        broken.threshold = 2
        try broken.write(path: directory + "/broken.json")
        #expect(throws: WineServerError.self) { try WineClassifier.load(path: directory + "/broken.json") }
        let committed = try WineClassifier.load(path: Fixtures.url("../models/wine-quality/classifier.json").path)
        #expect(committed.training.testAUC > 0.8, "the committed classifier's held-out AUC")
    }

    @Test func trainingNeedsBothClasses() throws {
        let (rows, _) = try Self.redWines()
        #expect(throws: WineServerError.self) {
            try WineClassifier.fit(rows: rows, labels: rows.map { _ in false }, penalty: 1)
        }
    }
}

/// The committed classifier and its validation profile (`wine-server train` writes both) agree:
/// the profile's confusion matrix is the held-out one in `classifier.json`.
@Suite struct WineClassifierProfileTests {
    @Test func theValidationProfilesMatrixIsTheClassifiersHeldOutReport() throws {
        let classifier = try WineClassifier.load(
            path: Fixtures.repositoryRoot.appendingPathComponent("models/wine-quality/classifier.json").path)
        let profile = try DatasetProfile(
            file: ProfileFile(
                contentsOf: Fixtures.repositoryRoot.appendingPathComponent(
                    "models/wine-quality/classifier-profile.bin"
                ).path))
        let matrix = try #require(profile.modelPerformance?.confusionMatrix)
        let report = classifier.training
        #expect(matrix.labels == ["0", "1"])
        #expect(
            matrix.counts == [
                [report.trueNegatives, report.falseNegatives], [report.falsePositives, report.truePositives],
            ])
        #expect(matrix.totalCount == report.testRows)
        // Scores are the probability of good (the positive class): ROC-AUC is the report's.
        let auc = try #require(matrix.scoreMetrics(scoreMeaning: .positiveClass)?.rocAUC)
        #expect(abs(auc - report.testAUC) < 1e-12)
        #expect(profile.columns["predicted_good"]?.counts?.n == Int64(report.testRows))
    }
}
