import Profiles
import Sketches
import Testing

/// Logging model performance metrics follows whylogs' `log_classification_metrics` /
/// `log_regression_metrics` rules.
@Suite struct ModelPerformanceLoggingTests {
    @Test func labelsAreSortedAsPythonSortsThemWithNoneLast() throws {
        var ints = ModelPerformanceMetrics()
        try ints.logClassification(
            targets: [.integer(10), .integer(2), .missing], predictions: [.integer(1), .integer(2), .integer(10)])
        #expect(ints.confusionMatrix?.labels == ["1", "2", "10", "None"])
        var strings = ModelPerformanceMetrics()
        try strings.logClassification(
            targets: [.string("b"), .string("None"), .string("É")], predictions: [.string("B"), .string("a"), .missing])
        #expect(strings.confusionMatrix?.labels == ["B", "a", "b", "É", "None"])
        var doubles = ModelPerformanceMetrics()
        try doubles.logClassification(
            targets: [.double(0.5), .double(.nan), .double(1e16)],
            predictions: [.double(1), .double(-0.25), .double(1e-5)])
        #expect(doubles.confusionMatrix?.labels == ["-0.25", "1e-05", "0.5", "1.0", "1e+16", "None"])
        var bools = ModelPerformanceMetrics()
        try bools.logClassification(targets: [.boolean(true)], predictions: [.boolean(false)])
        #expect(bools.confusionMatrix?.labels == ["False", "True"])
    }

    /// Python `repr(float)`, as whylogs writes float labels (values and texts from CPython 3).
    @Test(arguments: [
        (1e15, "1000000000000000.0"), (1.5e-5, "1.5e-05"), (0.0001, "0.0001"),
        (1.2345678901234567e+20, "1.2345678901234567e+20"), (123456789.123, "123456789.123"), (-0.0, "-0.0"),
        (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9007199254740993.0, "9007199254740992.0"), (.infinity, "inf"), (-.infinity, "-inf"), (0.1, "0.1"),
    ])
    func floatLabelsAreWrittenAsPythonReprWritesThem(value: Double, text: String) {
        #expect(ClassLabel.double(value).text == text, "\(value)")
    }

    @Test func rowsGoToPredictionRowsAndTargetColumns() throws {
        var metrics = ModelPerformanceMetrics()
        try metrics.logClassification(
            targets: [.string("a"), .string("a"), .string("b")],
            predictions: [.string("b"), .string("b"), .string("b")],
            scores: [0.25, 0.75, 0.5])
        let matrix = try #require(metrics.confusionMatrix)
        #expect(matrix.counts == [[0, 0], [2, 1]])
        let cell = matrix[prediction: 1, target: 0]
        #expect(cell.scores.kll.minItem == 0.25)
        #expect(cell.scores.kll.maxItem == 0.75)
        #expect(cell.scores.mean == 0.5)
    }

    @Test func missingScoresAreOneAndNaNScoresAreDropped() throws {
        var metrics = ModelPerformanceMetrics()
        try metrics.logClassification(targets: [.integer(1), .integer(1)], predictions: [.integer(1), .integer(1)])
        let cell = try #require(metrics.confusionMatrix)[prediction: 0, target: 0]
        #expect(cell.count == 2 && cell.scores.kll.minItem == 1 && cell.scores.kll.maxItem == 1)
        var withNaN = ModelPerformanceMetrics()
        try withNaN.logClassification(
            targets: [.integer(1), .integer(1), .integer(1)], predictions: [.integer(1), .integer(1), .integer(1)],
            scores: [1, .nan, 2])
        let nanCell = try #require(withNaN.confusionMatrix)[prediction: 0, target: 0]
        #expect(nanCell.count == 2)
        #expect(nanCell.scores.mean == 1.5)
    }

    @Test func badBatchesAreRefusedWithTypedErrorsAndChangeNothing() throws {
        var metrics = ModelPerformanceMetrics()
        #expect(throws: ProfileError.self) {
            try metrics.logClassification(targets: [.integer(1)], predictions: [])
        }
        #expect(throws: ProfileError.self) {
            try metrics.logClassification(targets: [.integer(1)], predictions: [.integer(1)], scores: [1, 2])
        }
        #expect(throws: ProfileError.self) {
            try metrics.logClassification(targets: [.integer(1)], predictions: [.string("1")])
        }
        #expect(throws: ProfileError.self) {
            try metrics.logRegression(targets: [1, 2], predictions: [1])
        }
        let many = (0..<257).map { ClassLabel.integer(Int64($0)) }
        do {
            try metrics.logClassification(targets: many, predictions: many)
            Issue.record("257 labels accepted")
        } catch {
            #expect(error.code == .limitExceeded)
        }
        #expect(metrics == ModelPerformanceMetrics())
        // 256 is the limit, inclusive.
        try metrics.logClassification(targets: Array(many.prefix(256)), predictions: Array(many.prefix(256)))
        #expect(metrics.confusionMatrix?.labels.count == 256)
        // A second batch that would take the matrix past it is refused.
        #expect(throws: ProfileError.self) {
            try metrics.logClassification(targets: [.integer(999)], predictions: [.integer(999)])
        }
    }

    @Test func regressionSumsTheDifferencesInOrder() throws {
        var metrics = ModelPerformanceMetrics()
        try metrics.logRegression(targets: [1, 2, 3], predictions: [1.5, 1, 3])
        try metrics.logRegression(targets: [0], predictions: [-2])
        let regression = try #require(metrics.regression)
        #expect(regression.count == 4)
        #expect(regression.sumAbsoluteDifferences == 3.5)
        #expect(regression.sumDifferences == -2.5)
        #expect(regression.sumSquaredDifferences == 5.25)
        #expect(regression.predictionField == "0" && regression.targetField == "0")
        #expect(regression.meanAbsoluteError == 0.875)
        #expect(metrics.modelType == .regression)
    }
}
