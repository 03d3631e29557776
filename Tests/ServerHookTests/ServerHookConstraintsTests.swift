import Foundation
import Logging
import MetricsTestKit
import ProfileConstraints
import Profiles
import Prometheus
import ServerHookPrometheus
import SketchbookTestSupport
import Testing

@testable import ServerHook

/// Issue 15, item 5: the hook checks a constraint suite on each closed window, off the request
/// path, and reports the results in the window file's metadata, the metrics and the log.
@Suite struct ServerHookConstraintsTests {
    static let prefix = ServerHook.constraintsMetadataPrefix

    static func suite(_ yaml: String) throws -> ConstraintSuite {
        try ConstraintSuite(yaml: yaml)
    }

    static func makeHook(
        directory: String, clock: ManualClock, suite: ConstraintSuite?, metrics: ServerHookMetrics? = nil,
        training: DatasetProfile? = nil, logs: CapturingLogHandler.Store? = nil,
        configure: (inout ServerHookConfiguration) -> Void = { _ in }
    ) throws -> ServerHook {
        var configuration = ServerHookConfiguration(
            directory: directory, instance: "test", windowSeconds: 60, checkpointSeconds: 10)
        configure(&configuration)
        var logger = Logger(label: "test") { _ in CapturingLogHandler(store: logs ?? .init()) }
        logger.logLevel = logs == nil ? .critical : .trace
        return try ServerHook(
            configuration: configuration, metrics: metrics, trainingProfile: training, constraints: suite,
            logger: logger, clock: { clock.now }, monotonicClock: { clock.monotonic })
    }

    /// The non-passing results a window file lists in its metadata, decoded.
    static func listedResults(_ profile: DatasetProfile) throws -> [[String: Any]] {
        let text = try #require(profile.metadata[prefix + "results"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    static let rangeSuite = """
        constraints:
          - {factory: is_in_range, column_name: x, lower: 0, upper: 100}
          - {factory: no_missing_values, column_name: x}
          - {factory: row_count_in_range, lower: 1}
          - {factory: mean_between_range, column_name: x, lower: 0, upper: 60, severity: warning}
        """

    @Test func eachClosedWindowIsCheckedAndItsFileCarriesTheResults() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try Self.makeHook(directory: directory, clock: clock, suite: try Self.suite(Self.rangeSuite))
        // Window 1: 0...99, within range. Window 2: up to 249, out of range, mean above 60.
        for index in 0..<100 { hook.record(features: ["x": .double(Double(index))], prediction: 1) }
        clock.advance(seconds: 60)
        for index in 0..<250 { hook.record(features: ["x": .double(Double(index))], prediction: 1) }
        clock.advance(seconds: 60)
        hook.flushDueWindows()

        let windows = try HookTestSupport.windowFiles(in: directory)
        try #require(windows.count == 2)
        let first = windows[0].window.profile.metadata
        #expect(first[Self.prefix + "verdict"] == "pass")
        #expect(first[Self.prefix + "checked"] == "4")
        #expect(first[Self.prefix + "passed"] == "4")
        #expect(first[Self.prefix + "results"] == "[]")
        #expect(first[Self.prefix + "results_omitted"] == "0")

        let second = windows[1].window.profile
        #expect(second.metadata[Self.prefix + "verdict"] == "fail")
        #expect(second.metadata[Self.prefix + "failed"] == "1")
        #expect(second.metadata[Self.prefix + "warnings"] == "1")
        let listed = try Self.listedResults(second)
        #expect(
            listed.map { $0["name"] as? String } == ["x is in range [0,100]", "x mean between 0 and 60 (inclusive)"])
        #expect(listed.first?["factory"] as? String == "is_in_range")
        #expect(listed.first?["column_name"] as? String == "x")
        #expect(listed.first?["severity"] as? String == "error")
        #expect(listed.first?["outcome"] as? String == "failed")
        #expect(listed.first?["value"] as? [Double] == [0, 249])
        let mean = try #require(listed.last?["value"] as? Double)
        #expect(abs(mean - 124.5) < 1e-9)
        // The record count and the instance are still there: the file is a window as before.
        #expect(second.metadata[WindowAccumulator.recordsMetadataKey] == "250")

        #expect(hook.health.windowsChecked == 2)
        #expect(hook.health.constraintFailures == 2)
    }

    @Test func withoutASuiteNoConstraintKeysAreWrittenAndOldOnesAreRemoved() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let hook = try Self.makeHook(directory: directory, clock: clock, suite: try Self.suite(Self.rangeSuite))
            hook.record(features: ["x": .double(500)], prediction: 1)
            hook.flushAll()
        }
        let before = try HookTestSupport.windowFiles(in: directory)
        #expect(before.first?.window.profile.metadata[Self.prefix + "verdict"] == "fail")
        // The clock stepped back into the written window: a hook without a suite merges the file
        // with its new records, and the old verdict (of fewer records) does not survive.
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        hook.record(features: ["x": .double(5)], prediction: 1)
        hook.flushAll()
        let after = try HookTestSupport.windowFiles(in: directory)
        try #require(after.count == 1)
        #expect(after[0].window.records == 2)
        #expect(!after[0].window.profile.metadata.keys.contains { $0.hasPrefix(Self.prefix) })
    }

    /// Checkpoints and the request path do no constraint work: the suite runs once per closed
    /// window, on the flusher, when its file is written.
    @Test func theRequestPathAndCheckpointsDoNoConstraintWork() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try Self.makeHook(directory: directory, clock: clock, suite: try Self.suite(Self.rangeSuite))
        for second in 0..<59 {
            for index in 0..<20 { hook.record(features: ["x": .double(Double(index))], prediction: 1) }
            hook.record([Double(second)], schema: FeatureSchema(["x"]), prediction: 1)
            clock.advance(seconds: 1)
            hook.flushDueWindows()  // checkpoints every 10 s
        }
        #expect(hook.health.checkpointsWritten >= 5)
        #expect(hook.health.windowsChecked == 0)
        let checkpoints = HookTestSupport.allFiles(in: "\(directory)/.checkpoints").filter {
            $0.hasSuffix(".checkpoint")
        }
        for name in checkpoints {
            let profile = try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/.checkpoints/\(name)"))
            #expect(!profile.metadata.keys.contains { $0.hasPrefix(Self.prefix) }, "\(name)")
        }
        clock.advance(seconds: 1)
        hook.flushDueWindows()
        #expect(hook.health.windowsChecked == 1)
    }

    @Test func aSuiteWithNoDriftNeedsATrainingProfile() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let suite = try Self.suite("constraints: [{factory: no_drift, column_name: x, metric: ks}]")
        #expect {
            _ = try Self.makeHook(directory: directory, clock: clock, suite: suite)
        } throws: { error in
            guard let error = error as? ServerHookError else { return false }
            return error.code == .invalidConfiguration && error.field == "constraints"
        }
    }

    @Test func theMetricsCountFailuresByConstraintAndSetTheWindowGauges() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let factory = TestMetrics()
        let hook = try Self.makeHook(
            directory: directory, clock: clock, suite: try Self.suite(Self.rangeSuite),
            metrics: ServerHookMetrics(factory: factory))
        let rangeFailures = [("constraint", "x is in range [0,100]"), ("severity", "error")]
        let meanFailures = [("constraint", "x mean between 0 and 60 (inclusive)"), ("severity", "warning")]
        // Every constraint's counter exists from the start, at 0.
        #expect(try factory.expectCounter("serverhook_constraint_failures_total", rangeFailures).totalValue == 0)
        #expect(factory.counters(label: "serverhook_constraint_failures_total").count == 4)

        for window in 0..<3 {
            let top = window == 1 ? 50.0 : 250.0  // windows 0 and 2 fail
            for index in 0..<100 { hook.record(features: ["x": .double(top * Double(index) / 99)], prediction: 1) }
            clock.advance(seconds: 60)
            hook.flushDueWindows()
            let failed = try factory.expectGauge("serverhook_window_constraints_failed", [("severity", "error")])
            #expect(failed.lastValue == (window == 1 ? 0 : 1), "window \(window)")
            let start = try factory.expectGauge("serverhook_constraints_window_start_seconds")
            #expect(start.lastValue == Double(HookTestSupport.dayStart) + Double(60 * window))
        }
        #expect(try factory.expectCounter("serverhook_constraint_failures_total", rangeFailures).totalValue == 2)
        #expect(try factory.expectCounter("serverhook_constraint_failures_total", meanFailures).totalValue == 2)
        #expect(
            try factory.expectGauge("serverhook_window_constraints_failed", [("severity", "warning")]).lastValue == 1)
    }

    @Test func thePrometheusExpositionNamesTheConstraintMetricsWithHelp() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let hook = try Self.makeHook(
            directory: directory, clock: clock, suite: try Self.suite(Self.rangeSuite),
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry)))
        hook.record(features: ["x": .double(1000)], prediction: 1)
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        let text = registry.emitToString()
        for expected in [
            "# TYPE serverhook_constraint_failures_total counter",
            "# HELP serverhook_constraint_failures_total ",
            #"serverhook_constraint_failures_total{constraint="x is in range [0,100]",severity="error"} 1"#,
            #"serverhook_constraint_failures_total{constraint="x has no missing values",severity="error"} 0"#,
            #"serverhook_window_constraints_failed{severity="error"} 1.0"#,
            #"serverhook_window_constraints_failed{severity="warning"} 1.0"#,
            "serverhook_window_constraints_indeterminate 0.0",
            "serverhook_constraints_window_start_seconds \(Double(HookTestSupport.dayStart))",
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    /// Names from a suite can hold anything: line breaks, quotes, a forged exposition line,
    /// bidirectional overrides, a megabyte. The log keeps one event per line, the exposition
    /// parses, labels stay bounded in number and length, and the metadata is valid JSON.
    @Test func hostileConstraintNamesBreakNeitherTheLogNorTheMetrics() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let logs = CapturingLogHandler.Store()
        let hostile = [
            "line\nfake_metric 1\n# TYPE x counter",
            #"quote" } 1 \ back\slash"#,
            "bidi \u{202E}desrever\u{202C} and nul \u{0}",
            String(repeating: "long ", count: 200_000),
            "fifth", "sixth", "seventh",
        ]
        let yamlNames = hostile.map { name -> String in
            let escaped = name.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\u{0}": "\\0"
                case "\u{202E}": "\\u202E"
                case "\u{202C}": "\\u202C"
                default: String(scalar)
                }
            }
            return "\"" + escaped.joined() + "\""
        }
        let yaml =
            "constraints:\n"
            + yamlNames.map { "  - {factory: is_in_range, column_name: x, lower: 0, upper: 1, name: \($0)}" }
            .joined(separator: "\n")
        let suite = try Self.suite(yaml)
        #expect(suite.constraints.map(\.name) == hostile)
        let hook = try Self.makeHook(
            directory: directory, clock: clock, suite: suite,
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry)), logs: logs
        ) {
            $0.maxConstraintMetricNames = 4
            $0.maxConstraintLogLines = 3
            $0.maxConstraintResultsInMetadata = 5
        }
        hook.record(features: ["x": .double(50)], prediction: 1)
        clock.advance(seconds: 60)
        hook.flushDueWindows()

        // The exposition: every line a comment or a sample of a serverhook_ family; no forged one.
        let text = registry.emitToString()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for line in lines {
            #expect(line.hasPrefix("# ") || line.hasPrefix("serverhook_"), "forged line: \(line.prefix(80))")
        }
        let failureLines = lines.filter { $0.hasPrefix("serverhook_constraint_failures_total{") }
        // Four names, then "(other)" for the rest: five series.
        #expect(failureLines.count == 5)
        #expect(failureLines.contains { $0.contains(#"constraint="(other)""#) && $0.hasSuffix(" 3") })
        #expect(failureLines.allSatisfy { $0.utf8.count < 1024 })

        // The log: capped, each event on one line, the long name cut, no control characters.
        let logged = logs.all.filter { $0.contains("constraint") }
        #expect(logged.count == 1 + 3 + 1, "\(logged.count) lines")
        for line in logged {
            #expect(!line.contains("\n") && !line.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{0}" })
            #expect(line.utf8.count < 2048)
        }
        #expect(logged.last?.contains("not_logged=4") == true)
        #expect(logged.contains { $0.contains("constraint failed") && $0.contains("value=[50.0, 50.0]") })

        // The metadata: valid JSON, capped, names cut.
        let window = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        let listed = try Self.listedResults(window)
        #expect(listed.count == 5)
        #expect(window.metadata[Self.prefix + "results_omitted"] == "2")
        #expect(listed.allSatisfy { (($0["name"] as? String)?.unicodeScalars.count ?? .max) <= 129 })
    }

    /// Seeded request traffic: windows of 300 records of `x` (normal, mean 10, sd 2; 12.5 when
    /// drifted), `y` (uniform on 0..<5) and `label` (a, b, c; `d` a quarter of the time when
    /// drifted), each window closed by stepping the clock a minute.
    struct Traffic {
        var random: SplitMix64

        mutating func normal(_ mean: Double, _ sd: Double) -> Double {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let u2 = Double.random(in: 0..<1, using: &random)
            return mean + sd * (-2 * Foundation.log(u1)).squareRoot() * cos(2 * .pi * u2)
        }

        mutating func send(to hook: ServerHook, clock: ManualClock, windows: Int, drifted: Bool) {
            for _ in 0..<windows {
                for _ in 0..<300 {
                    let label = ["a", "b", "c", drifted ? "d" : "a"].randomElement(using: &random)!
                    hook.record(
                        features: [
                            "x": .double(normal(drifted ? 12.5 : 10, 2)),
                            "y": .double(Double.random(in: 0..<5, using: &random)), "label": .string(label),
                        ], prediction: 5)
                }
                clock.advance(seconds: 60)
                hook.flushDueWindows()
            }
        }
    }

    /// Three reference windows written by a hook without a suite, then six windows through a hook
    /// checking `suite(referenceWindows)`: four of the same traffic, two drifted. The six
    /// checked windows, in order.
    static func checkedWindows(
        seed: UInt64, suite makeSuite: ([DatasetProfile]) throws -> ConstraintSuite
    ) throws -> (reference: [DatasetProfile], checked: [DatasetProfile]) {
        var traffic = Traffic(random: SplitMix64(seed: seed))
        let reference = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let hook = try HookTestSupport.makeHook(directory: reference, clock: clock)
            traffic.send(to: hook, clock: clock, windows: 3, drifted: false)
        }
        let windows = try HookTestSupport.windowFiles(in: reference).map(\.window.profile)
        var merged = DatasetProfile()
        for window in windows { merged.merge(window) }
        let directory = try HookTestSupport.temporaryDirectory()
        let hook = try Self.makeHook(directory: directory, clock: clock, suite: try makeSuite(windows), training: merged)
        traffic.send(to: hook, clock: clock, windows: 4, drifted: false)
        traffic.send(to: hook, clock: clock, windows: 2, drifted: true)
        let checked = try HookTestSupport.windowFiles(in: directory).map(\.window.profile)
        try #require(windows.count == 3 && checked.count == 6)
        return (windows, checked)
    }

    /// The columns a window's error-severity failures name.
    static func failedColumns(_ window: DatasetProfile) throws -> Set<String> {
        Set(
            try listedResults(window).filter {
                $0["outcome"] as? String == "failed" && $0["severity"] as? String == "error"
            }
            .compactMap { $0["column_name"] as? String })
    }

    /// A suite written from the statistics of several windows of one traffic passes on later
    /// windows of that traffic and fails, naming the columns, on drifted traffic.
    @Test(arguments: [UInt64(15), 16, 17])
    func aSuiteFromSeveralWindowsPassesOnLaterOnesAndFailsOnDriftedTraffic(seed: UInt64) throws {
        let windows = try Self.checkedWindows(seed: seed) { reference in
            var merged = DatasetProfile()
            for window in reference { merged.merge(window) }
            return try Self.suite(Self.suiteYAML(from: merged))
        }.checked
        for (index, window) in windows.prefix(4).enumerated() {
            #expect(window.metadata[Self.prefix + "failed"] == "0", "seed \(seed), same traffic, window \(index)")
        }
        for (index, window) in windows.suffix(2).enumerated() {
            #expect(window.metadata[Self.prefix + "verdict"] == "fail", "seed \(seed), drifted window \(index)")
            let failedColumns = try Self.failedColumns(window)
            #expect(failedColumns.isSuperset(of: ["x", "label"]), "seed \(seed): \(failedColumns)")
            #expect(!failedColumns.contains("y"), "seed \(seed): \(failedColumns)")
        }
    }

    /// Issue 15, item 4: a suite *generated* (`ConstraintSuite.generate(from:)`) from three of the
    /// server's windows passes on the later windows of the same traffic, warnings included, and
    /// fails on drifted traffic, naming the drifted columns and not the steady one.
    @Test(arguments: [UInt64(15), 16, 17, 18, 19])
    func aSuiteGeneratedFromSeveralWindowsPassesOnLaterOnesAndFailsOnDriftedTraffic(seed: UInt64) throws {
        let (reference, windows) = try Self.checkedWindows(seed: seed) { ConstraintSuite.generate(from: $0) }
        let suite = ConstraintSuite.generate(from: reference)
        #expect(suite.constraints.contains { $0.check.factory == "frequent_strings_in_reference_set" })
        for (index, window) in windows.prefix(4).enumerated() {
            #expect(
                window.metadata[Self.prefix + "verdict"] == "pass",
                "seed \(seed), same traffic, window \(index): \(window.metadata[Self.prefix + "results"] ?? "")")
        }
        for (index, window) in windows.suffix(2).enumerated() {
            #expect(window.metadata[Self.prefix + "verdict"] == "fail", "seed \(seed), drifted window \(index)")
            let failedColumns = try Self.failedColumns(window)
            #expect(failedColumns.isSuperset(of: ["x", "label"]), "seed \(seed): \(failedColumns)")
            #expect(!failedColumns.contains("y"), "seed \(seed): \(failedColumns)")
        }
    }

    /// The suite a user would write from the reference windows' statistics: ranges at six
    /// standard deviations, the mean within half a standard deviation (a window of 300 rows puts
    /// its mean within that with probability 1 − 2·10⁻¹⁸), the standard deviation within ±20 %,
    /// the categories seen, and drift against the reference as a warning.
    static func suiteYAML(from reference: DatasetProfile) throws -> String {
        var entries: [String] = []
        for column in ["x", "y"] {
            let distribution = try #require(reference.columns[column]?.distribution)
            let n = Double(try #require(reference.columns[column]?.counts?.n))
            let sd = (distribution.m2 / (n - 1)).squareRoot()
            let mean = distribution.mean
            entries.append(
                "{factory: is_in_range, column_name: \(column), lower: \(mean - 6 * sd), upper: \(mean + 6 * sd)}")
            entries.append(
                "{factory: mean_between_range, column_name: \(column), lower: \(mean - sd / 2), upper: \(mean + sd / 2)}"
            )
            entries.append(
                "{factory: stddev_between_range, column_name: \(column), lower: \(sd * 0.8), upper: \(sd * 1.2)}")
            entries.append("{factory: no_missing_values, column_name: \(column)}")
            entries.append("{factory: no_drift, column_name: \(column), metric: ks, severity: warning}")
        }
        entries.append("{factory: frequent_strings_in_reference_set, column_name: label, reference_set: [a, b, c]}")
        entries.append("{factory: columns_present, column_names: [x, y, label]}")
        return "constraints:\n" + entries.map { "  - " + $0 }.joined(separator: "\n")
    }
}
