import Foundation
import SketchbookTestSupport
import Testing

/// The scripted story (`scripts/story/make_story.py`): 30 days of wine profiles segmented by
/// region, white wines mixed in from day 20, region east's batch temperature moving from day 25.
/// Every day's verdict against the baseline (days 1-7) is checked: nothing before day 20, the
/// chemistry from day 20 overall, the temperature in east alone from day 25.
@Suite(.serialized) struct MonitoringStoryTests {
    /// The story, written once for the suite.
    static let story: Result<String, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-story-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "scripts/story/make_story.py", "--out", directory, "--profile", ProfileExecutable.url.path,
        ]
        process.currentDirectoryURL = Fixtures.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "make_story.py failed"])
        }
        return directory
    }

    static func date(_ day: Int) -> String {
        String(format: "2026-11-%02d", day)
    }

    @Test(arguments: 8...30)
    func eachDaysDiffAgainstTheBaselineTellsTheStory(_ day: Int) throws {
        let directory = try Self.story.get()
        let result = try ProfileExecutable.run([
            "diff", directory + "/baseline", directory + "/profiles/" + Self.date(day), "--format", "json",
        ])
        #expect(result.status == (day >= 20 ? 1 : 0), "day \(day): \(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let overall = try #require(report["overall"] as? [String: Any])
        #expect(
            (overall["summary"] as? [String: Any])?["verdict"] as? String == (day >= 20 ? "drift" : "none"),
            "day \(day)")
        for segment in try #require(report["segments"] as? [[String: Any]]) {
            let region = try #require((segment["segment"] as? [String: String])?["region"])
            let segmentReport = try #require(segment["report"] as? [String: Any])
            let columns = try #require(segmentReport["columns"] as? [String: [String: Any]])
            let temperature = columns["batch_temperature"]?["verdict"] as? String
            #expect(temperature == (day >= 25 && region == "east" ? "drift" : "none"), "day \(day), \(region)")
            let alcohol = columns["alcohol"]?["verdict"] as? String
            if day < 20 { #expect(alcohol == "none", "day \(day), \(region)") }
            // A region's hundred rows a day do not always show the white wines (the level is
            // split over five comparisons); before day 20 nothing may show.
            let verdict = (segmentReport["summary"] as? [String: Any])?["verdict"] as? String
            if day < 20 { #expect(verdict == "none", "day \(day), \(region): \(verdict ?? "-")") }
            if day >= 25 && region == "east" { #expect(verdict == "drift", "day \(day), east") }
        }
    }
}
