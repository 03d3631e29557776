import Profiles
import Sketches
import Testing

/// Verdict thresholds, the indeterminate rule and per-column configuration.
@Suite struct DriftConfigurationTests {
    let ks = DriftThreshold(drift: 0.1, possible: 0.05)

    @Test func valuesClearOfTheThresholdsGetTheirLevel() {
        #expect(ks.verdict(value: 0.2, errorBound: 0.01) == .drift)
        #expect(ks.verdict(value: 0.07, errorBound: 0.01) == .possible)
        #expect(ks.verdict(value: 0.01, errorBound: 0.01) == .none)
        #expect(ks.verdict(value: 0.1) == .drift)  // thresholds are inclusive
        #expect(ks.verdict(value: 0.05) == .possible)
    }

    @Test func aBoundStraddlingTheDriftThresholdIsIndeterminate() {
        #expect(ks.verdict(value: 0.098, errorBound: 0.005) == .indeterminate)
        #expect(ks.verdict(value: 0.103, errorBound: 0.005) == .indeterminate)
        #expect(ks.verdict(value: 0.03, errorBound: 0.1) == .indeterminate)
        #expect(ks.verdict(value: .nan) == .indeterminate)
    }

    @Test func aBoundStraddlingOnlyThePossibleThresholdKeepsTheValuesLevel() {
        #expect(ks.verdict(value: 0.048, errorBound: 0.005) == .none)
        #expect(ks.verdict(value: 0.052, errorBound: 0.005) == .possible)
    }

    @Test func aSketchBoundMakesANearThresholdKSIndeterminate() throws {
        // Two 100k-value sketches (estimation mode, bound ≈ 0.0054) compared with a threshold set
        // at the observed D: the bound straddles it.
        var reference = DatasetProfile()
        reference.compactionCoin = .seeded(1)
        reference.log(column: "x", doubles: DriftReportTests.normals(seed: 21, count: 100_000))
        var target = DatasetProfile()
        target.compactionCoin = .seeded(2)
        target.log(column: "x", doubles: DriftReportTests.normals(seed: 22, count: 100_000, mean: 0.1))
        let first = try #require(DriftReport(reference: reference, target: target).columns[0][.ks])
        var configuration = DriftConfiguration()
        configuration.setThreshold(DriftThreshold(drift: first.value), for: .ks, column: "x")
        let again = try #require(
            DriftReport(reference: reference, target: target, configuration: configuration).columns[0][.ks])
        #expect(again.verdict == .indeterminate)
        #expect(again.threshold == DriftThreshold(drift: first.value))
    }

    @Test func columnThresholdsOverrideMetricThresholds() {
        var configuration = DriftConfiguration()
        configuration.setThreshold(DriftThreshold(drift: 0.5), for: .ks)
        configuration.setThreshold(DriftThreshold(drift: 0.2), for: .ks, column: "a")
        configuration.setThreshold(nil, for: .psi, column: "a")
        #expect(configuration.threshold(for: .ks, column: "a") == DriftThreshold(drift: 0.2))
        #expect(configuration.threshold(for: .ks, column: "b") == DriftThreshold(drift: 0.5))
        #expect(configuration.threshold(for: .psi, column: "a") == nil)
        #expect(configuration.threshold(for: .psi, column: "b") == DriftThreshold(drift: 0.25, possible: 0.1))
    }

    @Test func aSingleNumberKeepsTheDefaultPossibleRatio() throws {
        #expect(try DriftConfiguration.threshold(metric: .ks, drift: 0.2) == DriftThreshold(drift: 0.2, possible: 0.1))
        #expect(
            try DriftConfiguration.threshold(metric: .chiSquare, drift: 10) == DriftThreshold(drift: 10, possible: 5))
        #expect(throws: DriftError.self) { try DriftConfiguration.threshold(metric: .ks, drift: -1) }
    }

    @Test func aJSONConfigurationSetsMetricAndColumnThresholds() throws {
        var configuration = DriftConfiguration()
        let text = """
            {"thresholds": {"ks": 0.2, "psi": {"drift": 0.3, "possible": 0.12}, "wasserstein": null},
             "columns": {"alcohol": {"ks": {"drift": 0.05}, "hellinger": null}},
             "bins": 20, "missing_column_is_drift": false}
            """
        try configuration.apply(json: Array(text.utf8))
        #expect(configuration.threshold(for: .ks, column: "pH") == DriftThreshold(drift: 0.2, possible: 0.1))
        #expect(configuration.threshold(for: .psi, column: "pH") == DriftThreshold(drift: 0.3, possible: 0.12))
        #expect(configuration.threshold(for: .wasserstein, column: "pH") == nil)
        #expect(configuration.threshold(for: .ks, column: "alcohol") == DriftThreshold(drift: 0.05))
        #expect(configuration.threshold(for: .hellinger, column: "alcohol") == nil)
        #expect(configuration.threshold(for: .hellinger, column: "pH") == DriftThreshold(drift: 0.4, possible: 0.15))
        #expect(configuration.binCount == 20)
        #expect(configuration.missingColumnIsDrift == false)
    }

    @Test func aBadJSONConfigurationNamesTheProblem() {
        for (text, code) in [
            ("{\"thresholds\": {\"kss\": 0.1}}", DriftError.Code.unknownMetric),
            ("{\"thresholds\": {\"ks\": \"high\"}}", .invalidThreshold),
            ("{\"thresholds\": {\"ks\": {\"drift\": 0.1, \"possible\": 0.5}}}", .invalidThreshold),
            ("{\"threshold\": {}}", .invalidConfiguration),
            ("[1, 2]", .invalidConfiguration),
            ("{", .invalidConfiguration),
            ("{\"bins\": 1}", .invalidConfiguration),
        ] {
            var configuration = DriftConfiguration()
            #expect(throws: DriftError.self, "\(text)") { try configuration.apply(json: Array(text.utf8)) }
            do {
                try configuration.apply(json: Array(text.utf8))
            } catch {
                #expect(error.code == code, "\(text): \(error)")
            }
        }
    }
}
