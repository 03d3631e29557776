import Foundation
import ProfileMonitor
import Profiles
import SketchbookTestSupport
import Testing

@Suite struct ProfileMonitorTests {
    typealias Fixtures = MonitorFixtures

    static func alerts(
        _ report: MonitorReport, day: Int, analysis: MonitorAnalysis? = nil, column: String? = nil
    )
        -> [MonitorFinding]
    {
        let start = Fixtures.firstDay - Fixtures.firstDay % Fixtures.day + UInt64(day) * Fixtures.day
        return report.findings.filter {
            $0.periodStartMilliseconds == start && $0.verdict == .alert
                && (analysis == nil || $0.analysis == analysis) && (column == nil || $0.column == column)
        }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func aShiftOnDayKAlertsFromDayKOnAndNotBefore(seed: UInt64) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shiftDay = 12
        for day in 0..<16 {
            let profile = Fixtures.profile(
                day: day, rows: 500, shift: day >= shiftDay ? 1 : 0, seed: seed &* 1000 &+ UInt64(day))
            try Fixtures.write(profile, to: "\(directory)/day-\(day).bin")
        }
        let reference = try MonitorReference(
            profiles: [Fixtures.profile(day: 0, rows: 2000, seed: seed &* 7919)], revision: "reference")
        let monitor = ProfileMonitor(configuration: MonitorConfiguration(baseline: .reference(reference)))
        let run = try monitor.run(inputs: [directory], state: nil)
        let report = run.report
        #expect(report.periods.count == 16, "seed \(seed)")
        // Drift is gated by its significance test (Holm across the report), so no day before the
        // shift drifts. The bands are not gated: a mean ± 3σ band whose σ comes from 7 to 14
        // earlier values lets a stationary series out now and then (1.2 to 3.1% of points, see
        // docs/monitor.md), so only the series the shift moves are asserted quiet before it.
        for day in 0..<shiftDay {
            let drift = Self.alerts(report, day: day, analysis: .drift)
            #expect(drift.isEmpty, "seed \(seed), day \(day): \(drift.map(\.reason))")
            let mean = Self.alerts(report, day: day, analysis: .band(.mean), column: "x")
            #expect(mean.isEmpty, "seed \(seed), day \(day): \(mean.map(\.reason))")
        }
        for day in shiftDay..<16 {
            #expect(!Self.alerts(report, day: day, analysis: .drift, column: "x").isEmpty, "seed \(seed), day \(day)")
            #expect(Self.alerts(report, day: day, analysis: .drift, column: "category").isEmpty, "seed \(seed)")
        }
        #expect(!Self.alerts(report, day: shiftDay, analysis: .band(.mean), column: "x").isEmpty, "seed \(seed)")
        #expect(report.verdict(in: try #require(report.latestPeriod)) == .alert)
    }

    @Test func aRowCountSpikeAlertsOnItsDayOnly() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SplitMix64(seed: 42)
        for day in 0..<15 {
            let rows = day == 10 ? 3000 : 1000 + Int.random(in: -30...30, using: &random)
            try Fixtures.write(
                Fixtures.profile(day: day, rows: rows, seed: UInt64(day)), to: "\(directory)/d\(day).bin")
        }
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: nil))
            .run(inputs: [directory], state: nil)
        let rowCounts = run.report.findings.filter { $0.analysis == .band(.rowCount) }
        #expect(rowCounts.count == 15)
        for (day, finding) in rowCounts.enumerated() {
            if day < 7 {
                #expect(finding.verdict == .insufficientHistory, "seed 42, day \(day)")
            } else if day == 10 {
                #expect(finding.verdict == .alert, "seed 42: \(finding.reason)")
                #expect(finding.value == 3000)
                #expect(try #require(finding.bandHigh) < 3000)
            } else {
                // After the spike the band is wider (the spike is in its history): no alert.
                #expect(finding.verdict == .ok, "seed 42, day \(day): \(finding.reason)")
            }
        }
    }

    @Test func aConstantSeriesDoesNotAlertOnRounding() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Every day the same data, logged in two halves merged in alternating order: the merged
        // means may differ in the last bits, the band's width is 0 but for its floor.
        let values = (0..<300).map { Double($0) * 0.1 + 0.01 }
        for day in 0..<12 {
            let timestamp = Fixtures.firstDay + UInt64(day) * Fixtures.day
            var a = DatasetProfile(datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp)
            var b = a
            a.log(column: "v", doubles: Array(values[0..<110]))
            b.log(column: "v", doubles: Array(values[110...]))
            try Fixtures.write(day % 2 == 0 ? a.merging(b) : b.merging(a), to: "\(directory)/d\(day).bin")
        }
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(3)))
            .run(inputs: [directory], state: nil)
        let alerts = run.report.findings.filter { $0.verdict == .alert }
        #expect(alerts.isEmpty, "\(alerts.map(\.reason))")
        let bands = run.report.findings.filter { $0.analysis == .band(.mean) && $0.history ?? 0 >= 7 }
        #expect(!bands.isEmpty)
        for band in bands {
            let width = try #require(band.bandHigh) - (try #require(band.bandLow))
            #expect(width > 0 && width < 1e-6, "\(band.reason)")
        }
    }

    @Test func segmentsAreReportedPerSegment() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<10 {
            for region in ["north", "south"] {
                let shifted = region == "south" && day == 9
                let profile = Fixtures.profile(
                    day: day, rows: 400, shift: shifted ? 1.5 : 0, seed: UInt64(day * 10 + (region == "north" ? 1 : 2)),
                    segment: [ProfileFile.SegmentTag(key: DatasetProfile.tagPrefix + "region", value: region)])
                try Fixtures.write(profile, to: "\(directory)/\(region)/day-\(day).bin")
            }
        }
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(3)))
            .run(inputs: [directory], state: nil)
        let report = run.report
        #expect(report.segments.map(\.name) == ["region=north", "region=south"])
        let latest = report.findings(in: try #require(report.latestPeriod))
        let driftAlerts = latest.filter { $0.analysis == .drift && $0.verdict == .alert }
        #expect(driftAlerts.contains { $0.segment?.name == "region=south" && $0.column == "x" })
        #expect(!driftAlerts.contains { $0.segment?.name == "region=north" })
        // The whole dataset of a period with only segmented profiles is the merge of its segments.
        let rows = latest.first { $0.segment == nil && $0.analysis == .band(.rowCount) }
        #expect(rows?.value == 800)
    }

    @Test func columnsAppearingAndDisappearingAreReported() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<4 {
            let columns = day < 2 ? ["x", "old"] : ["x", "new"]
            try Fixtures.write(
                Fixtures.profile(day: day, rows: 50, seed: UInt64(day), columns: columns), to: "\(directory)/\(day).bin"
            )
        }
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: nil))
            .run(inputs: [directory], state: nil)
        let changes = run.report.findings.filter {
            $0.analysis == .columnAppeared || $0.analysis == .columnDisappeared
        }
        #expect(changes.count == 2)
        #expect(changes.contains { $0.analysis == .columnDisappeared && $0.column == "old" && $0.verdict == .alert })
        #expect(changes.contains { $0.analysis == .columnAppeared && $0.column == "new" && $0.verdict == .warning })
        #expect(Set(changes.map(\.periodStartMilliseconds)).count == 1)
    }

    @Test func aStateFileReadsOnlyTheNewFileAndGivesTheSameFindings() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 60 rows a day and a 2-day trailing baseline: the KLL sketches stay exact, so merges in any
        // order give the same sketches.
        for day in 0..<10 {
            try Fixtures.write(
                Fixtures.profile(day: day, rows: 60, shift: day == 9 ? 2 : 0, seed: UInt64(day)),
                to: "\(directory)/\(day).bin.gz")
        }
        let monitor = ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(2)))
        let first = try monitor.run(inputs: [directory], state: nil)
        #expect(first.report.filesRead == 10)
        let state = try MonitorState(serializedBytes: first.state.serializedBytes())

        try Fixtures.write(
            Fixtures.profile(day: 10, rows: 60, shift: 2, seed: 10), to: "\(directory)/10.bin.gz")
        let incremental = try monitor.run(inputs: [directory], state: state)
        let scratch = try monitor.run(inputs: [directory], state: nil)
        #expect(incremental.report.filesRead == 1)
        #expect(scratch.report.filesRead == 11)
        #expect(incremental.report.findings == scratch.report.findings)
        #expect(incremental.warnings.isEmpty)

        // Unchanged inputs: nothing read, same findings.
        let again = try monitor.run(inputs: [directory], state: incremental.state)
        #expect(again.report.filesRead == 0)
        #expect(again.report.findings == scratch.report.findings)
    }

    @Test func aChangedFileIsReadAgainAndItsPeriodRecomputed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<5 {
            try Fixtures.write(Fixtures.profile(day: day, rows: 40, seed: UInt64(day)), to: "\(directory)/\(day).bin")
        }
        let monitor = ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(1)))
        let first = try monitor.run(inputs: [directory], state: nil)
        try Fixtures.write(
            Fixtures.profile(day: 2, rows: 41, shift: 5, seed: 99), to: "\(directory)/2.bin")
        let second = try monitor.run(inputs: [directory], state: first.state)
        let scratch = try monitor.run(inputs: [directory], state: nil)
        #expect(second.report.filesRead >= 1 && second.report.filesRead < 5)
        #expect(second.report.findings == scratch.report.findings)
        #expect(second.report.findings != first.report.findings)
    }

    @Test(arguments: [
        Array("not json".utf8),
        Array("{\"format\":\"other\",\"version\":1,\"fingerprint\":\"\",\"files\":[],\"groups\":[]}".utf8),
        Array(
            "{\"format\":\"sketchbook-monitor-state\",\"version\":99,\"fingerprint\":\"\",\"files\":[],\"groups\":[]}"
                .utf8),
        [],
    ])
    func aCorruptOrForeignStateIsRefused(bytes: [UInt8]) {
        #expect(throws: MonitorStateError.self) { try MonitorState(serializedBytes: bytes) }
    }

    @Test func aStateFromOtherSettingsIsNotUsed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<3 {
            try Fixtures.write(Fixtures.profile(day: day, rows: 30, seed: UInt64(day)), to: "\(directory)/\(day).bin")
        }
        let first = try ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(1)))
            .run(inputs: [directory], state: nil)
        let second = try ProfileMonitor(configuration: MonitorConfiguration(baseline: .trailing(2)))
            .run(inputs: [directory], state: first.state)
        #expect(second.report.filesRead == 3)
        #expect(second.warnings.contains { $0.contains("other settings") })
    }

    @Test func anInvalidFileIsSkippedWithAWarningOrFailsWhenStrict() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixtures.write(Fixtures.profile(day: 0, rows: 30, seed: 1), to: "\(directory)/good.bin")
        try Data("WHY1 but not a profile".utf8).write(to: URL(fileURLWithPath: "\(directory)/bad.bin"))
        let run = try ProfileMonitor(configuration: MonitorConfiguration()).run(inputs: [directory], state: nil)
        #expect(run.report.periods.count == 1)
        #expect(run.report.skipped.count == 1 && run.report.skipped[0].contains("bad.bin"))
        #expect(run.warnings.contains { $0.contains("bad.bin") })
        let strict = ProfileMonitor(configuration: MonitorConfiguration(skipsInvalidFiles: false))
        #expect {
            _ = try strict.run(inputs: [directory], state: nil)
        } throws: { error in
            (error as? MonitorError)?.code == .invalidProfile
                && (error as? MonitorError)?.path.hasSuffix("bad.bin") == true
        }
    }

    @Test func budgetsAreEnforced() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<3 {
            try Fixtures.write(Fixtures.profile(day: day, rows: 30, seed: UInt64(day)), to: "\(directory)/\(day).bin")
        }
        #expect(throws: MonitorError.self) {
            _ = try ProfileMonitor(configuration: MonitorConfiguration(maxFiles: 2)).run(
                inputs: [directory], state: nil)
        }
        #expect(throws: MonitorError.self) {
            _ = try ProfileMonitor(configuration: MonitorConfiguration(maxBytes: 100)).run(
                inputs: [directory], state: nil)
        }
        #expect(throws: MonitorError.self) {
            _ = try ProfileMonitor().run(inputs: [directory + "/missing"], state: nil)
        }
    }

    @Test func aLinkLoopIsNotFollowed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixtures.write(Fixtures.profile(day: 0, rows: 30, seed: 1), to: "\(directory)/a/0.bin")
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/a/loop", withDestinationPath: directory)
        let run = try ProfileMonitor().run(inputs: [directory], state: nil)
        #expect(run.report.filesListed == 1)
        #expect(run.report.skipped.contains { $0.contains("loop") })
    }

    @Test func constraintFailuresOfErrorSeverityAlert() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for day in 0..<3 {
            try Fixtures.write(
                Fixtures.profile(day: day, rows: 100, shift: day == 2 ? 50 : 0, seed: UInt64(day)),
                to: "\(directory)/\(day).bin")
        }
        let suite = try ConstraintSuiteFixture.suite(
            "constraints:\n  - {factory: is_in_range, column_name: x, lower: -10, upper: 10}\n")
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: nil, constraints: suite))
            .run(inputs: [directory], state: nil)
        let checks = run.report.findings.filter { if case .constraint = $0.analysis { true } else { false } }
        #expect(checks.count == 3)
        #expect(checks.map(\.verdict) == [.ok, .ok, .alert])
    }
}

@Suite struct ProfileMonitorModelQualityTests {
    typealias Fixtures = MonitorFixtures

    @Test func modelQualityIsBandedWhenTheProfilesCarryIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let degradedDay = 11
        for day in 0..<12 {
            var random = SplitMix64(seed: 500 + UInt64(day))
            var profile = Fixtures.profile(day: day, rows: 400, seed: UInt64(day))
            let correct = day == degradedDay ? 0.6 : 0.9
            let noise = day == degradedDay ? 3.0 : 1.0
            var classifier = ModelPerformanceMetrics()
            let targets = (0..<400).map { _ in Bool.random(using: &random) }
            let predictions = targets.map { Double.random(in: 0..<1, using: &random) < correct ? $0 : !$0 }
            try classifier.logClassification(
                targets: targets.map { .string($0 ? "yes" : "no") },
                predictions: predictions.map { .string($0 ? "yes" : "no") })
            var regressor = ModelPerformanceMetrics()
            let truth = (0..<400).map { _ in Fixtures.normal(&random) * 10 }
            try regressor.logRegression(
                targets: truth, predictions: truth.map { $0 + noise * Fixtures.normal(&random) })
            profile.modelPerformance = ModelPerformanceMetrics(
                confusionMatrix: classifier.confusionMatrix, regression: regressor.regression)
            try Fixtures.write(profile, to: "\(directory)/\(day).bin")
        }
        let run = try ProfileMonitor(configuration: MonitorConfiguration(baseline: nil))
            .run(inputs: [directory], state: nil)
        for metric in [MonitorMetric.accuracy, .macroF1, .mae, .rmse] {
            let series = run.report.findings.filter { $0.analysis == .band(metric) }
            #expect(series.count == 12, "\(metric)")
            for (day, finding) in series.enumerated() where day >= 7 {
                #expect(
                    (finding.verdict == .alert) == (day == degradedDay),
                    "seed 500+day, \(metric), day \(day): \(finding.reason)")
            }
        }
    }
}
