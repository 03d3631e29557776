import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// Derived model-quality metrics (issue 16): from a confusion matrix and from score sketches,
/// equal to scikit-learn's on the same rows (`fixtures/model_metrics/make_derived_metrics_fixture.py`).
@Suite struct ModelQualityMetricsTests {
    struct Scores: Decodable {
        let precision: Double
        let recall: Double
        let f1: Double
        let support: Int64?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let targets: [String]
        let predictions: [String]
        let labels: [String]
        let accuracy: Double
        let per_class: [String: Scores]
        let macro: Scores
        let micro: Scores
        let weighted: Scores
        let positive_label: String?
        let scores: [Double]?
        let roc_auc: Double?
        let average_precision: Double?
        var testDescription: String { name }
    }

    struct Fixture: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: Fixtures.url("model_metrics/derived_metrics.json")),
            let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return [] }
        return fixture.cases
    }()

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

    @Test func theFixtureIsThere() {
        #expect(Self.cases.count == 4)
    }

    @Test(arguments: cases)
    func confusionMatrixMetricsAreScikitLearns(_ example: Case) {
        let index = Dictionary(uniqueKeysWithValues: example.labels.enumerated().map { ($1, $0) })
        var counts = [[Int64]](repeating: [Int64](repeating: 0, count: example.labels.count), count: example.labels.count)
        for (target, prediction) in zip(example.targets, example.predictions) {
            counts[index[prediction]!][index[target]!] += 1
        }
        let metrics = ClassificationMetrics(labels: example.labels, counts: counts)
        #expect(metrics.total == Int64(example.targets.count))
        #expect(Self.close(metrics.accuracy, example.accuracy))
        for scores in metrics.perClass {
            let expected = example.per_class[scores.label]!
            #expect(Self.close(scores.precision, expected.precision), "\(example.name) \(scores.label) precision")
            #expect(Self.close(scores.recall, expected.recall), "\(example.name) \(scores.label) recall")
            #expect(Self.close(scores.f1, expected.f1), "\(example.name) \(scores.label) f1")
            #expect(scores.support == expected.support)
        }
        for (ours, theirs, name) in [
            (metrics.macro, example.macro, "macro"), (metrics.micro, example.micro, "micro"),
            (metrics.weighted, example.weighted, "weighted"),
        ] {
            #expect(Self.close(ours.precision, theirs.precision), "\(example.name) \(name) precision")
            #expect(Self.close(ours.recall, theirs.recall), "\(example.name) \(name) recall")
            #expect(Self.close(ours.f1, theirs.f1), "\(example.name) \(name) f1")
        }
    }

    @Test(arguments: cases.filter { $0.scores != nil })
    func exactScoreSketchesGiveScikitLearnsAUCAndAveragePrecision(_ example: Case) throws {
        var positive = KLLSketch<Double>(k: 1000)
        var negative = KLLSketch<Double>(k: 1000)
        for (target, score) in zip(example.targets, example.scores!) {
            if target == example.positive_label { positive.update(score) } else { negative.update(score) }
        }
        let metrics = try #require(BinaryScoreMetrics(positiveScores: positive, negativeScores: negative))
        #expect(metrics.errorBound == 0)
        #expect(Self.close(metrics.rocAUC, example.roc_auc!), "\(metrics.rocAUC) vs \(example.roc_auc!)")
        #expect(
            Self.close(metrics.averagePrecision, example.average_precision!),
            "\(metrics.averagePrecision) vs \(example.average_precision!)")
    }

    /// Beyond what a sketch retains, ROC-AUC stays within the stated bound of the exact value
    /// (whylogs' cell sketches have k = 128).
    @Test(arguments: [UInt64(1), 2, 3])
    func sketchedAUCStaysWithinItsBound(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var positive = KLLSketch<Double>(k: 128, coin: .seeded(seed))
        var negative = KLLSketch<Double>(k: 128, coin: .seeded(seed + 100))
        var labelled: [(score: Double, positive: Bool)] = []
        for _ in 0..<200_000 {
            let isPositive = Double.random(in: 0..<1, using: &random) < 0.3
            let u = Double.random(in: 0..<1, using: &random)
            let score = isPositive ? u.squareRoot() : u * u
            labelled.append((score, isPositive))
            if isPositive { positive.update(score) } else { negative.update(score) }
        }
        let metrics = try #require(BinaryScoreMetrics(positiveScores: positive, negativeScores: negative))
        // The exact Mann–Whitney statistic of the raw rows.
        labelled.sort { $0.score < $1.score }
        var negativesBelow = 0.0
        var concordant = 0.0
        for row in labelled {
            if row.positive { concordant += negativesBelow } else { negativesBelow += 1 }
        }
        let exact = concordant / (Double(positive.n) * Double(negative.n))
        #expect(metrics.errorBound > 0)
        #expect(abs(metrics.rocAUC - exact) <= metrics.errorBound, "seed \(seed): \(metrics.rocAUC) vs \(exact) ± \(metrics.errorBound)")
    }

    @Test func anEmptyClassGivesNoScoreMetrics() {
        var positive = KLLSketch<Double>(k: 128)
        positive.update(0.9)
        #expect(BinaryScoreMetrics(positiveScores: positive, negativeScores: KLLSketch<Double>(k: 128)) == nil)
    }
}

/// The derived metrics of the profiles whylogs 1.6.4 wrote with `log_classification_metrics` and
/// `log_regression_metrics` (`fixtures/whylogs/model_metrics/`) equal scikit-learn's on the rows
/// those profiles were logged from.
@Suite struct WhylogsModelQualityTests {
    struct Pair: Decodable {
        let roc_auc: Double
        let average_precision: Double
    }

    struct File: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let labels: [String]?
        let accuracy: Double?
        let per_class: [String: ModelQualityMetricsTests.Scores]?
        let macro: ModelQualityMetricsTests.Scores?
        let weighted: ModelQualityMetricsTests.Scores?
        let positive_label: String?
        let scores_of_prediction: Pair?
        let scores_of_positive: Pair?
        let count: Int?
        let mean_error: Double?
        let mean_absolute_error: Double?
        let mean_squared_error: Double?
        let r2: Double?
        var testDescription: String { name }
    }

    struct Fixture: Decodable {
        let whylogs_files: [File]
    }

    static let files: [File] = {
        guard let data = try? Data(contentsOf: Fixtures.url("model_metrics/derived_metrics.json")),
            let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return [] }
        return fixture.whylogs_files
    }()

    static func profile(_ name: String) throws -> DatasetProfile {
        try DatasetProfile(file: ProfileFile(serializedBytes: Fixtures.bytes("whylogs/model_metrics/\(name).bin")))
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func everyFileHasItsReference() {
        #expect(Self.files.count == 7)
    }

    @Test(arguments: files.filter { $0.labels != nil })
    func classificationMetricsOfWhylogsProfilesAreScikitLearns(_ file: File) throws {
        let matrix = try #require(try Self.profile(file.name).modelPerformance?.confusionMatrix)
        #expect(Set(matrix.labels) == Set(file.labels!))
        let metrics = matrix.classificationMetrics
        #expect(Self.close(metrics.accuracy, file.accuracy!))
        for scores in metrics.perClass {
            let expected = try #require(file.per_class?[scores.label])
            #expect(Self.close(scores.precision, expected.precision), "\(file.name) \(scores.label)")
            #expect(Self.close(scores.recall, expected.recall), "\(file.name) \(scores.label)")
            #expect(Self.close(scores.f1, expected.f1), "\(file.name) \(scores.label)")
        }
        #expect(Self.close(metrics.macro.f1, file.macro!.f1) && Self.close(metrics.weighted.f1, file.weighted!.f1))
        if let ofPrediction = file.scores_of_prediction, let ofPositive = file.scores_of_positive {
            #expect(matrix.hasScores)
            let asPrediction = try #require(matrix.scoreMetrics(positiveLabel: file.positive_label))
            #expect(asPrediction.errorBound == 0)
            #expect(Self.close(asPrediction.rocAUC, ofPrediction.roc_auc), "\(asPrediction.rocAUC) vs \(ofPrediction.roc_auc)")
            #expect(Self.close(asPrediction.averagePrecision, ofPrediction.average_precision))
            let asPositive = try #require(matrix.scoreMetrics(scoreMeaning: .positiveClass))
            #expect(Self.close(asPositive.rocAUC, ofPositive.roc_auc), "\(asPositive.rocAUC) vs \(ofPositive.roc_auc)")
            #expect(Self.close(asPositive.averagePrecision, ofPositive.average_precision))
        } else if matrix.labels.count == 2 {
            // Logged without scores: whylogs put 1.0 in every cell; no ROC-AUC is made up from them.
            #expect(!matrix.hasScores && matrix.scoreMetrics() == nil)
        }
    }

    @Test func regressionMetricsOfAWhylogsProfileAreScikitLearns() throws {
        let file = try #require(Self.files.first { $0.name == "regression" })
        let regression = try #require(try Self.profile("regression").modelPerformance?.regression)
        #expect(Int(regression.count) == file.count)
        #expect(Self.close(try #require(regression.meanError), file.mean_error!, 1e-9))
        #expect(Self.close(try #require(regression.meanAbsoluteError), file.mean_absolute_error!, 1e-12))
        #expect(Self.close(try #require(regression.meanSquaredError), file.mean_squared_error!, 1e-12))
        // whylogs writes the target field as "0": no column to take R² from.
        #expect(regression.rSquared(in: try Self.profile("regression")) == nil)
        // With the target column profiled beside the metrics, R² is scikit-learn's.
        let text = try String(contentsOf: Fixtures.url("whylogs/model_metrics/regression.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        var target = DatasetProfile()
        target.log(column: "target", doubles: rows.map { $0[0] })
        let distribution = try #require(target.columns["target"]?.distribution)
        #expect(Self.close(try #require(regression.rSquared(target: distribution)), file.r2!, 1e-9))
    }
}
