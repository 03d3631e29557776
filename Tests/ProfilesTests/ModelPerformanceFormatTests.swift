import Foundation
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Sketches
import Testing

/// Model performance metrics in whylogs 1.6.4's v0 files: read as whylogs wrote them, logged as
/// whylogs logs them, written and read back.
@Suite struct ModelPerformanceFormatTests {
    /// Checks a matrix against whylogs' in-memory matrix (labels in its order, cell by cell).
    static func expectMatrix(
        _ matrix: ConfusionMatrix?, equals expected: ModelPerformanceFixtures.Expected, _ name: String
    ) throws {
        let matrix = try #require(matrix, "\(name): no confusion matrix")
        #expect(matrix.labels == expected.labels, "\(name)")
        #expect(matrix.counts == expected.counts, "\(name)")
        for row in matrix.labels.indices {
            for column in matrix.labels.indices {
                let cell = matrix[prediction: row, target: column]
                let n = expected.scoreN[row][column]
                #expect((cell.count == 0 ? nil : cell.count) == n, "\(name) cell \(row),\(column)")
                #expect(cell.scores.kll.minItem == expected.scoreMin[row][column], "\(name) cell \(row),\(column)")
                #expect(cell.scores.kll.maxItem == expected.scoreMax[row][column], "\(name) cell \(row),\(column)")
            }
        }
    }

    static func expectRegression(
        _ metrics: RegressionMetrics?, equals expected: ModelPerformanceFixtures.Expected, _ name: String
    ) throws {
        let metrics = try #require(metrics, "\(name): no regression metrics")
        let sums = try #require(expected.regression)
        #expect(metrics.count == sums.count, "\(name)")
        #expect(metrics.sumAbsoluteDifferences == sums.sumAbs, "\(name)")
        #expect(metrics.sumDifferences == sums.sum, "\(name)")
        #expect(metrics.sumSquaredDifferences == sums.sum2, "\(name)")
    }

    @Test(arguments: ModelPerformanceFixtures.all)
    func readingWhylogsFileGivesWhylogsMatrixAndSums(name: String) throws {
        let file = try ProfileFile(serializedBytes: try ModelPerformanceFixtures.bytes(name))
        #expect(file.sourceFormat == .v0)
        let metrics = try #require(file.modelPerformance, "\(name)")
        let expected = try ModelPerformanceFixtures.expected(name)
        #expect(metrics.modelType.rawValue == expected.modelType, "\(name)")
        if ModelPerformanceFixtures.regression.contains(name) {
            #expect(metrics.confusionMatrix == nil)
            try Self.expectRegression(metrics.regression, equals: expected, name)
        } else {
            #expect(metrics.regression == nil)
            try Self.expectMatrix(metrics.confusionMatrix, equals: expected, name)
        }
        // The profile model carries them too.
        let profile = try DatasetProfile(file: file)
        #expect(profile.modelPerformance == metrics)
    }

    @Test(arguments: ModelPerformanceFixtures.all)
    func loggingTheSameRowsGivesWhylogsMatrixAndSums(name: String) throws {
        let rows = try ModelPerformanceFixtures.rows(name)
        let profile = try ModelPerformanceFixtures.logged(name, rows: rows)
        let metrics = try #require(profile.modelPerformance)
        let expected = try ModelPerformanceFixtures.expected(name)
        #expect(metrics.modelType.rawValue == expected.modelType, "\(name)")
        if ModelPerformanceFixtures.regression.contains(name) {
            try Self.expectRegression(metrics.regression, equals: expected, name)
        } else {
            try Self.expectMatrix(metrics.confusionMatrix, equals: expected, name)
        }
    }

    @Test(arguments: ModelPerformanceFixtures.all)
    func loggedMetricsRoundTripThroughAV0File(name: String) throws {
        let profile = try ModelPerformanceFixtures.logged(name, rows: try ModelPerformanceFixtures.rows(name))
        let bytes = profile.file.serializedBytes()
        #expect(Array(bytes.prefix(4)) != Array("WHY1".utf8), "\(name): written as v1")
        let file = try ProfileFile(serializedBytes: bytes)
        #expect(file.sourceFormat == .v0)
        #expect(file.modelPerformance == profile.modelPerformance, "\(name)")
        #expect(file.datasetTimestampMilliseconds == profile.datasetTimestampMilliseconds)
        // Written again, the same bytes.
        #expect(file.serializedBytes() == bytes, "\(name)")
        // gzip too.
        let gzipped = try ProfileFile(serializedBytes: file.gzipSerializedBytes())
        #expect(gzipped.modelPerformance == profile.modelPerformance, "\(name)")
    }

    @Test(arguments: ModelPerformanceFixtures.all + ["../v0_classification"])
    func whylogsFileReadWrittenAndReadAgainIsUnchanged(name: String) throws {
        let bytes = try Fixtures.bytes("whylogs/model_metrics/\(name).bin")
        let first = try ProfileFile(serializedBytes: bytes)
        let second = try ProfileFile(serializedBytes: first.serializedBytes())
        #expect(second == first, "\(name)")
        #expect(second.modelPerformance != nil)
    }

    @Test func profileWithColumnsAndMetricsKeepsTheColumnsV0Holds() throws {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 1_000, creationTimestampMilliseconds: 2_000)
        profile.metadata = ["whylogs.tag.env": "test", "owner": "me"]
        profile.log(column: "x", doubles: [1.5, 2.5, -3])
        profile.log(column: "s", strings: ["a", "b", nil])
        profile.log(column: "i", ints: [4, 5])
        try profile.logRegressionMetrics(targets: [1, 2, 3], predictions: [1.5, 2, 2])
        let read = try DatasetProfile(file: ProfileFile(serializedBytes: profile.file.serializedBytes()))
        #expect(read.modelPerformance == profile.modelPerformance)
        #expect(read.metadata == profile.metadata)
        #expect(read.datasetTimestampMilliseconds == 1_000)
        #expect(read.creationTimestampMilliseconds == 2_000)
        #expect(read.columnNames == ["i", "s", "x"])
        for name in read.columnNames {
            let original = try #require(profile.columns[name]).components
            let back = try #require(read.columns[name]).components
            // v0 keeps the counts, types, distribution, cardinality and frequent items; not
            // counts/null (only in the type counts) nor ints.
            for path in ["counts/n", "types/integral", "types/fractional", "types/string"] {
                #expect(back[path] == original[path], "\(name) \(path)")
            }
            // An empty sketch is written as whylogs' empty k 128 image; a full one as it is.
            guard case .kll(let image)? = original["distribution/kll"]?.value,
                case .kll(let backImage)? = back["distribution/kll"]?.value
            else {
                Issue.record("\(name): no distribution")
                continue
            }
            let sketch = try KLLSketch<Double>(serializedBytes: image)
            if sketch.isEmpty {
                #expect(try KLLSketch<Double>(serializedBytes: backImage).isEmpty, "\(name)")
            } else {
                #expect(backImage == image, "\(name)")
                #expect(back["distribution/mean"] == original["distribution/mean"], "\(name)")
                #expect(back["distribution/m2"] == original["distribution/m2"], "\(name)")
            }
        }
    }

    @Test func v0FileWithoutModelProfileStaysWithoutMetricsAndIsWrittenAsV1() throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes("v0_converted"))
        #expect(file.modelPerformance == nil)
        #expect(Array(file.serializedBytes().prefix(4)) == Array("WHY1".utf8))
    }
}
