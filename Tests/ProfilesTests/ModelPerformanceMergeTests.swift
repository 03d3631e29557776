import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// Merging model performance metrics: halves merge to the whole, `ProfileMerger` (what
/// `profile merge` runs) keeps them, and whylogs' merge rules hold.
@Suite struct ModelPerformanceMergeTests {
    static func expectSameCounts(_ merged: ConfusionMatrix?, _ whole: ConfusionMatrix?, _ name: String) throws {
        let merged = try #require(merged, "\(name)")
        let whole = try #require(whole, "\(name)")
        #expect(Set(merged.labels) == Set(whole.labels), "\(name)")
        #expect(merged.labels == ConfusionMatrix.mergedOrder(whole.labels), "\(name)")
        for prediction in whole.labels {
            for target in whole.labels {
                #expect(
                    merged.count(prediction: prediction, target: target)
                        == whole.count(prediction: prediction, target: target), "\(name) \(prediction)/\(target)")
            }
        }
    }

    static func expectSameRegression(_ merged: RegressionMetrics?, _ whole: RegressionMetrics?, _ name: String) throws {
        let merged = try #require(merged, "\(name)")
        let whole = try #require(whole, "\(name)")
        #expect(merged.count == whole.count, "\(name)")
        // The sums are added in another order: equal up to rounding of the additions.
        for (a, b) in [
            (merged.sumAbsoluteDifferences, whole.sumAbsoluteDifferences),
            (merged.sumDifferences, whole.sumDifferences),
            (merged.sumSquaredDifferences, whole.sumSquaredDifferences),
        ] {
            #expect(abs(a - b) <= 1e-12 * max(abs(b), 1), "\(name): \(a) vs \(b)")
        }
    }

    @Test(arguments: ModelPerformanceFixtures.all)
    func mergeOfHalvesEqualsTheWhole(name: String) throws {
        let rows = try ModelPerformanceFixtures.rows(name)
        let half = rows.count / 3
        let whole = try ModelPerformanceFixtures.logged(name, rows: rows)
        var merged = try ModelPerformanceFixtures.logged(name, rows: rows.slice(0..<half))
        merged.merge(try ModelPerformanceFixtures.logged(name, rows: rows.slice(half..<rows.count)))
        if ModelPerformanceFixtures.regression.contains(name) {
            try Self.expectSameRegression(merged.modelPerformance?.regression, whole.modelPerformance?.regression, name)
        } else {
            try Self.expectSameCounts(
                merged.modelPerformance?.confusionMatrix, whole.modelPerformance?.confusionMatrix, name)
            // Score sketches merged: n, min and max per cell are the whole's.
            let m = try #require(merged.modelPerformance?.confusionMatrix)
            let w = try #require(whole.modelPerformance?.confusionMatrix)
            for (row, prediction) in w.labels.enumerated() {
                for (column, target) in w.labels.enumerated() {
                    let wholeCell = w[prediction: row, target: column]
                    let mergedCell = m[
                        prediction: try #require(m.labels.firstIndex(of: prediction)),
                        target: try #require(m.labels.firstIndex(of: target))]
                    #expect(mergedCell.scores.kll.minItem == wholeCell.scores.kll.minItem, "\(name)")
                    #expect(mergedCell.scores.kll.maxItem == wholeCell.scores.kll.maxItem, "\(name)")
                    #expect(abs(mergedCell.scores.mean - wholeCell.scores.mean) <= 1e-12, "\(name)")
                }
            }
        }
    }

    /// The loss this fixes: `profile merge` of v0 files with model metrics dropped them.
    @Test(arguments: ModelPerformanceFixtures.all)
    func profileMergerKeepsTheMetrics(name: String) throws {
        let rows = try ModelPerformanceFixtures.rows(name)
        let half = rows.count / 2
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("model-merge-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try ModelPerformanceFixtures.logged(name, rows: rows.slice(0..<half)).file
            .write(to: directory.appendingPathComponent("a.bin").path)
        try ModelPerformanceFixtures.logged(name, rows: rows.slice(half..<rows.count)).file
            .write(to: directory.appendingPathComponent("b.bin.gz").path)
        let merged = try ProfileMerger().merge(inputs: [directory.path]).groups[0].profile
        let whole = try ModelPerformanceFixtures.logged(name, rows: rows)
        if ModelPerformanceFixtures.regression.contains(name) {
            try Self.expectSameRegression(merged.modelPerformance?.regression, whole.modelPerformance?.regression, name)
        } else {
            try Self.expectSameCounts(
                merged.modelPerformance?.confusionMatrix, whole.modelPerformance?.confusionMatrix, name)
        }
        // Written, the merge is a v0 file that keeps them.
        let back = try ProfileFile(serializedBytes: merged.file.serializedBytes())
        #expect(back.modelPerformance == merged.modelPerformance)
    }

    @Test func profileMergerOfWhylogsFilesDoublesTheCounts() throws {
        let path = ModelPerformanceFixtures.path("multiclass_str_scores")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "model-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for copy in ["a.bin", "b.bin"] {
            try FileManager.default.copyItem(atPath: path, toPath: directory.appendingPathComponent(copy).path)
        }
        let merged = try ProfileMerger().merge(inputs: [directory.path]).groups[0].profile
        let original = try #require(try ProfileFile(contentsOf: path).modelPerformance?.confusionMatrix)
        let matrix = try #require(merged.modelPerformance?.confusionMatrix)
        #expect(matrix.labels == ConfusionMatrix.mergedOrder(original.labels))
        for prediction in original.labels {
            for target in original.labels {
                #expect(
                    matrix.count(prediction: prediction, target: target)
                        == 2 * original.count(prediction: prediction, target: target))
            }
        }
    }

    @Test func classificationMergedWithRegressionKeepsBoth() throws {
        var classification = try ModelPerformanceFixtures.logged(
            "binary_str_scores", rows: try ModelPerformanceFixtures.rows("binary_str_scores"))
        let regression = try ModelPerformanceFixtures.logged(
            "regression", rows: try ModelPerformanceFixtures.rows("regression"))
        classification.merge(regression)
        let metrics = try #require(classification.modelPerformance)
        #expect(metrics.confusionMatrix != nil)
        #expect(metrics.regression == regression.modelPerformance?.regression)
        #expect(metrics.modelType == .classification)
        let back = try ProfileFile(serializedBytes: classification.file.serializedBytes())
        #expect(back.modelPerformance == metrics)
    }

    @Test func mergeRulesFollowWhylogs() throws {
        var a = ModelPerformanceMetrics()
        try a.logClassification(targets: [.string("b"), .string("a")], predictions: [.string("b"), .string("b")])
        // Metrics with neither part change nothing, output fields included.
        var unchanged = a
        unchanged.merge(ModelPerformanceMetrics(outputFields: ["ignored"]))
        #expect(unchanged == a)
        // A matrix without labels takes the other's as it is.
        var empty = ConfusionMatrix(labels: [])
        empty.merge(try #require(a.confusionMatrix))
        #expect(empty == a.confusionMatrix)
        // Labels united in code-point order with "None" last.
        var b = ModelPerformanceMetrics(outputFields: ["p"])
        try b.logClassification(targets: [.missing, .string("B")], predictions: [.string("c"), .string("B")])
        a.merge(b)
        let matrix = try #require(a.confusionMatrix)
        #expect(matrix.labels == ["B", "a", "b", "c", "None"])
        #expect(matrix.count(prediction: "b", target: "b") == 1)
        #expect(matrix.count(prediction: "b", target: "a") == 1)
        #expect(matrix.count(prediction: "c", target: "None") == 1)
        #expect(matrix.count(prediction: "B", target: "B") == 1)
        #expect(matrix.totalCount == 4)
        #expect(a.outputFields == ["p"])
        // Regression: empty takes the other as it is; otherwise sums add.
        var r = RegressionMetrics()
        let s = RegressionMetrics(
            predictionField: "p", targetField: "t", count: 2, sumAbsoluteDifferences: 3, sumDifferences: -1,
            sumSquaredDifferences: 5)
        r.merge(s)
        #expect(r == s)
        r.merge(s)
        #expect(
            r.count == 4 && r.sumAbsoluteDifferences == 6 && r.sumDifferences == -2 && r.sumSquaredDifferences == 10)
    }

    @Test func checkMergeableRefusesAMatrixOverTheLabelLimit() throws {
        var a = DatasetProfile()
        try a.logClassificationMetrics(
            targets: (0..<200).map { .integer(Int64($0)) }, predictions: (0..<200).map { .integer(Int64($0)) })
        var b = DatasetProfile()
        try b.logClassificationMetrics(
            targets: (150..<300).map { .integer(Int64($0)) }, predictions: (150..<300).map { .integer(Int64($0)) })
        #expect(throws: ProfileError.self) { try a.checkMergeable(b) }
        do {
            try a.checkMergeable(b)
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }
}
