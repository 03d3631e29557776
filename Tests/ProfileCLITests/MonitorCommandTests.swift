import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// End-to-end: `profile monitor` run as a cron job runs it.
@Suite struct MonitorCommandTests {
    /// 2026-01-01T12:00:00Z.
    static let firstDay: UInt64 = 1_767_268_800_000
    static let day: UInt64 = 86_400_000

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-monitor-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Day `index`'s profile: `rows` rows of `column` (uniform on [shift, shift + 1)), seeded.
    static func writeDay(
        _ index: Int, rows: Int, shift: Double = 0, column: String = "x", segment: (String, String)? = nil,
        to path: String
    ) throws {
        var random = SplitMix64(seed: UInt64(index) &* 31 &+ UInt64(rows))
        let timestamp = firstDay + UInt64(index) * day
        var profile = DatasetProfile(datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp)
        profile.compactionCoin = .seeded(UInt64(index))
        profile.log(column: column, doubles: (0..<rows).map { _ in shift + Double.random(in: 0..<1, using: &random) })
        if let segment {
            profile.segmentTags = [ProfileFile.SegmentTag(key: DatasetProfile.tagPrefix + segment.0, value: segment.1)]
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try profile.file.write(to: path)
    }

    /// 15 days of about `rows` rows, with three times as many on day `spikeDay` (nil: none).
    static func folder(spikeDay: Int?, days: Int = 15, rows: Int = 300) throws -> String {
        let directory = try temporaryDirectory()
        for index in 0..<days {
            try writeDay(
                index, rows: index == spikeDay ? 3 * rows : rows + index % 3, to: "\(directory)/daily/\(index).bin")
        }
        return directory
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(
        arguments: [
            ("latest", 14, Int32(1)), ("latest", 10, 0), ("any", 10, 1), ("never", 14, 0), ("any", nil, 0),
        ] as [(String, Int?, Int32)])
    func exitStatusFollowsFailOn(failOn: String, spikeDay: Int?, status: Int32) throws {
        let directory = try Self.folder(spikeDay: spikeDay)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProfileExecutable.run([
            "monitor", directory + "/daily", "--fail-on", failOn, "--trailing", "3",
        ])
        #expect(result.status == status, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("latest period 2026-01-15 (15 days)"), "\(result.standardOutput)")
        if spikeDay == 14 { #expect(result.standardOutput.contains("(dataset) band:row_count")) }
    }

    @Test func anErrorExitsTwo() throws {
        let result = try ProfileExecutable.run(["monitor", "/nonexistent/monitor-input"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("profile: error: /nonexistent/monitor-input"))
        let both = try ProfileExecutable.run(["monitor", ".", "--baseline", "a.bin", "--trailing", "2"])
        #expect(both.status == 2)
    }

    @Test func jsonHasEveryPeriodColumnAndAnalysis() throws {
        let directory = try Self.folder(spikeDay: 14)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProfileExecutable.run([
            "monitor", directory + "/daily", "--format", "json", "--fail-on", "never",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try Self.json(result.standardOutput)
        #expect(report["latest_period"] as? String == "2026-01-15")
        #expect(report["latest_verdict"] as? String == "alert")
        let periods = try #require(report["periods"] as? [[String: Any]])
        #expect(periods.count == 15)
        let last = try #require(periods.last?["findings"] as? [[String: Any]])
        let rows = try #require(last.first { $0["analysis"] as? String == "band:row_count" })
        #expect(rows["verdict"] as? String == "alert")
        #expect((rows["value"] as? NSNumber)?.doubleValue == 900)
        #expect(rows["band_low"] is NSNumber && rows["band_high"] is NSNumber && rows["baseline"] is NSNumber)
        let analyses = Set(last.compactMap { $0["analysis"] as? String })
        #expect(analyses.isSuperset(of: ["drift", "band:mean", "band:median", "band:null_share", "band:distinct"]))
    }

    @Test func htmlIsOneSelfContainedPageWithTimelines() throws {
        let directory = try Self.folder(spikeDay: 14)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let page = directory + "/monitor.html"
        let result = try ProfileExecutable.run(["monitor", directory + "/daily", "-o", page])
        #expect(result.status == 1)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<polygon class=\"band\""))
        #expect(html.contains("<circle class=\"mark\""))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
    }

    @Test func thePrometheusTextfileParsesWithPromtool() throws {
        let directory = try Self.folder(spikeDay: 14)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A hostile column name and segment value: quotes, backslashes, a line feed.
        try Self.writeDay(
            14, rows: 300, column: "we\"ird\\col\nname", segment: ("region", "so\"uth\\\n}"),
            to: "\(directory)/daily/seg.bin")
        let textfile = directory + "/monitor.prom"
        let result = try ProfileExecutable.run([
            "monitor", directory + "/daily", "--prometheus-textfile", textfile, "--fail-on", "never",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: textfile, encoding: .utf8)
        #expect(text.contains("# TYPE sketchbook_monitor_alerts gauge"))
        #expect(text.contains("sketchbook_monitor_alerts{segment=\"\",column=\"\",analysis=\"band:row_count\"} 1"))
        #expect(text.contains("column=\"we\\\"ird\\\\col\\nname\""))
        #expect(text.contains("segment=\"region=so\\\"uth\\\\\\n}\""))
        #expect(text.contains("sketchbook_monitor_last_run_timestamp_seconds "))
        #expect(text.contains("sketchbook_monitor_latest_period_timestamp_seconds 1768435200"))
        guard let checked = try Promtool.checkMetrics(text) else {
            if Promtool.isRequired {
                Issue.record("promtool not installed: the textfile was not checked by Prometheus' parser")
            }
            return
        }
        #expect(checked.status == 0, "promtool: \(checked.output)")
    }

    @Test func hostileNamesAreEscapedInEveryOutput() throws {
        let directory = try temporaryDirectoryWithHostileNames()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try ProfileExecutable.run(["monitor", directory, "--fail-on", "never", "--trailing", "1"])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(!text.standardOutput.contains("\u{1B}"))
        #expect(text.standardOutput.contains("\\x1b"))
        let json = try ProfileExecutable.run(["monitor", directory, "--format", "json", "--fail-on", "never"])
        let report = try Self.json(json.standardOutput)
        let segments = try #require(report["segments"] as? [[String: Any]])
        #expect(segments.first?["name"] as? String == "region=<script>\u{1B}[31m")
        let html = try ProfileExecutable.run(["monitor", directory, "--format", "html", "--fail-on", "never"])
        #expect(!html.standardOutput.contains("<script>") && !html.standardOutput.contains("<img"))
        #expect(html.standardOutput.contains("&lt;script&gt;"))
    }

    func temporaryDirectoryWithHostileNames() throws -> String {
        let directory = try Self.temporaryDirectory()
        for index in 0..<3 {
            try Self.writeDay(
                index, rows: 50, shift: index == 2 ? 5 : 0, column: "<img src=x>\u{1B}[2J",
                segment: ("region", "<script>\u{1B}[31m"), to: "\(directory)/\(index).bin")
        }
        return directory
    }

    @Test func aStateFileMakesTheSecondRunReadOnlyTheNewDay() throws {
        // 60 rows a day and a 2-day trailing baseline: the KLL sketches stay exact, so a merge in
        // another run gives the same sketch.
        let directory = try Self.folder(spikeDay: nil, days: 10, rows: 60)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = directory + "/monitor.state"
        let arguments = ["monitor", directory + "/daily", "--format", "json", "--trailing", "2", "--fail-on", "never"]
        let first = try ProfileExecutable.run(arguments + ["--state", state])
        #expect(first.status == 0, "\(first.standardError)")
        try Self.writeDay(10, rows: 60, to: "\(directory)/daily/10.bin")
        let second = try ProfileExecutable.run(arguments + ["--state", state])
        let scratch = try ProfileExecutable.run(arguments)
        let incremental = try Self.json(second.standardOutput)
        let fresh = try Self.json(scratch.standardOutput)
        #expect((incremental["files"] as? [String: Any])?["read"] as? Int == 1)
        #expect((fresh["files"] as? [String: Any])?["read"] as? Int == 11)
        let a = try JSONSerialization.data(withJSONObject: incremental["periods"] ?? [], options: [.sortedKeys])
        let b = try JSONSerialization.data(withJSONObject: fresh["periods"] ?? [], options: [.sortedKeys])
        #expect(a == b)

        // A corrupt state: a warning, and a run from scratch.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: state))
        let third = try ProfileExecutable.run(arguments + ["--state", state])
        #expect(third.status == 0)
        #expect(third.standardError.contains("warning: \(state): not a monitor state file"))
        #expect((try Self.json(third.standardOutput)["files"] as? [String: Any])?["read"] as? Int == 11)
    }
}
