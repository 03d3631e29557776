import Foundation
import SketchbookTestSupport
import Testing

/// `profile check` of a directory of segmented profiles: the overall profile and each segment
/// get their own results, and a constraint that fails only in some segments says which.
@Suite struct CheckSegmentsTests {
    @Test func eachSegmentIsCheckedApartAndTheFailingOnesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-check-segments-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profiled = try ProfileExecutable.run([
            "csv", "fixtures/wine-quality/winequality-red.csv", "--segment-by", "quality", "-o", directory + "/red",
            "--quiet",
        ])
        try #require(profiled.status == 0, "\(profiled.standardError)")
        // Good wines are stronger: the mean alcohol of the red wines is 10.42; of quality 3-5
        // below 10.3, of quality 6-8 above 10.6 (pandas: df.groupby("quality").alcohol.mean()).
        let suite = """
            constraints:
              - {factory: mean_between_range, column_name: alcohol, lower: 10.3, upper: 15}
            """
        try Data(suite.utf8).write(to: URL(fileURLWithPath: directory + "/suite.yaml"))
        let result = try ProfileExecutable.run([
            "check", directory + "/red", "--constraints", directory + "/suite.yaml", "--format", "json",
        ])
        #expect(result.status == 1, "an error-severity constraint fails in some segments: \(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]], "\(report.keys)")
        let verdicts = Dictionary(
            uniqueKeysWithValues: results.map {
                ($0["profile"] as? String ?? "", ($0["passed"] as? Bool) == true ? "pass" : "fail")
            })
        #expect(verdicts["\(directory)/red (overall)"] == "pass", "\(verdicts)")
        for quality in 3...8 {
            #expect(
                verdicts["\(directory)/red [segment quality=\(quality)]"] == (quality <= 5 ? "fail" : "pass"),
                "quality \(quality): \(verdicts)")
        }
    }
}
