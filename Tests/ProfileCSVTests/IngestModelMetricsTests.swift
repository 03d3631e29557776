import Foundation
import ProfileCSV
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `CSVOptions.modelColumns` against whylogs 1.6.4's `log_classification_metrics` /
/// `log_regression_metrics` of `pandas.read_csv` on the same file
/// (`fixtures/whylogs/csv_model_metrics/`, made by `make_csv_model_metrics_fixtures.py`): the
/// labels in whylogs' order, every cell's count and score n, min and max, and the regression
/// count and sums to the bit, on one block and on many small blocks over two threads.
@Suite struct IngestModelMetricsTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var columns: ModelColumns
        var logsFullData: Bool
        var profiledColumns: [String]
        var description: String { name }
    }

    static let cases: [Case] = {
        guard let manifest = try? Fixtures.json("whylogs/csv_model_metrics/manifest.json") as? [String: [String: Any]]
        else { return [] }
        return manifest.keys.sorted().map { name in
            let entry = manifest[name]!
            return Case(
                name: name,
                columns: ModelColumns(
                    target: entry["target"] as! String, prediction: entry["prediction"] as! String,
                    score: entry["score"] as? String,
                    task: entry["task"] as? String == "regression" ? .regression : .classification),
                logsFullData: entry["log_full_data"] as? Bool ?? false,
                profiledColumns: entry["columns"] as? [String] ?? [])
        }
    }()

    static func path(_ name: String) -> String { Fixtures.url("whylogs/csv_model_metrics/\(name).csv").path }

    @Test func theFixturesAreAllThere() {
        #expect(Self.cases.count == 6)
    }

    @Test(arguments: cases)
    func metricsEqualWhylogsOnPandasReadCSV(_ fixture: Case) throws {
        let expected = try ModelMetricsExpectation(
            json: Fixtures.json("whylogs/csv_model_metrics/\(fixture.name).expected.json"), name: fixture.name)
        for (blockKiB, threads) in [(nil, 1), (4, 2)] as [(Int?, Int)] {
            var options = CSVOptions(threadCount: threads, compactionSeed: 11, modelColumns: fixture.columns)
            if !fixture.logsFullData { options.columns = [] }
            if let blockKiB { options.blockSize = blockKiB << 10 }
            let result = try CSVProfiler(options: options).profile(fileAt: Self.path(fixture.name))
            let place = "\(fixture.name), blocks \(blockKiB.map { "\($0) KiB" } ?? "default"), \(threads) threads"
            for problem in expected.mismatches(result.profile.modelPerformance, place: place) {
                Issue.record(Comment(rawValue: problem))
            }
            #expect(result.profile.columns.keys.sorted() == fixture.profiledColumns, "\(place)")
        }
    }

    @Test func theMetricsSurviveTheFileAndWhylogsFileHasTheSameColumns() throws {
        let fixture = try #require(Self.cases.first { $0.name == "binary_scores_full" })
        let options = CSVOptions(modelColumns: fixture.columns)
        let profile = try CSVProfiler(options: options).profile(fileAt: Self.path(fixture.name)).profile
        let read = try DatasetProfile(file: ProfileFile(serializedBytes: profile.file.serializedBytes()))
        #expect(read.modelPerformance == profile.modelPerformance)
        let whylogs = try DatasetProfile(
            file: ProfileFile(serializedBytes: Fixtures.bytes("whylogs/csv_model_metrics/binary_scores_full.bin")))
        #expect(whylogs.columns.keys.sorted() == read.columns.keys.sorted())
        for (name, column) in whylogs.columns {
            #expect(read.columns[name]?.counts?.n == column.counts?.n, "\(name)")
        }
    }

    @Test func modelColumnsNeedNotBeSelectedAndAreNotProfiledUnlessTheyAre() throws {
        let columns = ModelColumns(target: "good", prediction: "predicted", score: "score")
        let options = CSVOptions(columns: ["alcohol", "good"], modelColumns: columns)
        let profile = try CSVProfiler(options: options).profile(fileAt: Self.path("binary_scores_full")).profile
        #expect(profile.columns.keys.sorted() == ["alcohol", "good"])
        #expect(profile.modelPerformance?.confusionMatrix?.totalCount == 1500)
    }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func failure(_ text: String, _ columns: ModelColumns) throws -> CSVError? {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try CSVProfiler(options: CSVOptions(modelColumns: columns)).profile(fileAt: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnknownModelColumnIsAnErrorNamingIt() throws {
        let error = try #require(try Self.failure("a,b\n1,2\n", ModelColumns(target: "a", prediction: "missing")))
        #expect(error.code == .unknownColumn)
        #expect(error.field.contains("missing"))
    }

    @Test func aRegressionOnTextIsAnErrorNamingTheColumn() throws {
        let error = try #require(
            try Self.failure("y,p\n1,2\n3,x\n", ModelColumns(target: "y", prediction: "p", task: .regression)))
        #expect(error.code == .modelColumn)
        #expect(error.field == "column \"p\"")
    }

    @Test func textScoresAreAnError() throws {
        let error = try #require(
            try Self.failure("y,p,s\n1,1,0.5\n0,1,high\n", ModelColumns(target: "y", prediction: "p", score: "s")))
        #expect(error.code == .modelColumn)
        #expect(error.field == "column \"s\"")
    }

    @Test func realNumbersAsLabelsAreRefusedWithoutTakingTheMemory() throws {
        var text = "y,p\n"
        for row in 0..<5000 { text += "\(Double(row) / 7),\(Double(row) / 3)\n" }
        let error = try #require(try Self.failure(text, ModelColumns(target: "y", prediction: "p")))
        #expect(error.code == .modelColumn)
        #expect(error.actual.contains("--task regression"))
    }

    @Test func moreThan256LabelsAreAnError() throws {
        var text = "y,p\n"
        for row in 0..<300 { text += "c\(row),c\(row)\n" }
        let error = try #require(try Self.failure(text, ModelColumns(target: "y", prediction: "p")))
        #expect(error.code == .modelColumn)
        #expect(error.expected.contains("256"))
    }

    @Test func stringsAgainstNumbersAreAnErrorAsInPython() throws {
        let error = try #require(try Self.failure("y,p\n1,a\n2,b\n", ModelColumns(target: "y", prediction: "p")))
        #expect(error.code == .modelColumn)
    }

    @Test func aShortRowGetsMissingLabelsAndALongRowIsLeftOut() throws {
        // A short row is padded with missing values (label None); a long one is left out.
        let path = try Self.write("y,p\n1,1\n0\n1,0,9\n0,0\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CSVProfiler(options: CSVOptions(modelColumns: ModelColumns(target: "y", prediction: "p")))
            .profile(fileAt: path)
        let matrix = try #require(result.profile.modelPerformance?.confusionMatrix)
        #expect(matrix.labels == ["0", "1", "None"])
        #expect(matrix.totalCount == 3)
        #expect(matrix.count(prediction: "None", target: "0") == 1)
    }
}
