import Foundation
import Profiles
import SketchbookTestSupport
import Sketches

/// Synthetic daily profiles for the monitor's tests, from seeded random numbers.
enum MonitorFixtures {
    /// 2026-01-01T12:00:00Z: the first day's dataset timestamp (noon, inside the UTC day).
    static let firstDay: UInt64 = 1_767_268_800_000
    static let day: UInt64 = 86_400_000

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-monitor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A standard normal draw (Box–Muller).
    static func normal(_ random: inout SplitMix64) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A profile of `rows` rows on day `index`: `x` ~ N(shift, 1), `category` one of four labels,
    /// `extra` columns named as given (N(0, 1)).
    static func profile(
        day index: Int, rows: Int, shift: Double = 0, seed: UInt64, columns: [String] = ["x", "category"],
        segment: [ProfileFile.SegmentTag]? = nil
    ) -> DatasetProfile {
        var random = SplitMix64(seed: seed)
        let timestamp = firstDay + UInt64(index) * day
        var profile = DatasetProfile(datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp)
        profile.compactionCoin = .seeded(seed)
        let labels = ["red", "green", "blue", "white"]
        for column in columns {
            if column == "category" {
                profile.log(
                    column: column, strings: (0..<rows).map { _ in labels[Int.random(in: 0..<4, using: &random)] })
            } else {
                profile.log(column: column, doubles: (0..<rows).map { _ in shift + normal(&random) })
            }
        }
        profile.segmentTags = segment
        return profile
    }

    static func write(_ profile: DatasetProfile, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try profile.file.write(to: path)
    }
}
