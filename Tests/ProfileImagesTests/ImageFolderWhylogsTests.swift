import Foundation
import ProfileImages
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `ImageFolderProfiler` on the good images of `fixtures/images/` against whylogs 1.6.4:
/// `track(row={"image": img})` per image with `init_image_schema("image")` (what `log_image`
/// does), uncompounded by whylogs into `image.<feature>` columns (made by
/// `make_whylogs_image_profile.py`). whylogs' string submetric (`image.Colorspace`) has no
/// distribution metric; Sketchbook's string column has an empty one, and Sketchbook adds
/// `aspect_ratio`, `mean_R`, `mean_G`, `mean_B`: those extra keys and columns are not compared.
@Suite
struct ImageFolderWhylogsTests {
    @Test(arguments: [1, 3])
    func featureColumnsEqualWhylogsUncompoundedImageMetric(_ threads: Int) throws {
        let expected = try #require(try Fixtures.json("images/whylogs_images.summary.json") as? [String: [String: Any]])
        let truth = try #require(try Fixtures.json("images/whylogs_images.truth.json") as? [String: Any])
        let files = try #require(truth["files"] as? [String])
        let facts = truth["columns"] as? [String: [String: Any]] ?? [:]
        let paths = files.map { Fixtures.url("images/\($0)").path }
        let result = try ImageFolderProfiler(options: ImageFolderOptions(threadCount: threads)).profile(inputs: paths)
        #expect(result.imageCount == files.count)
        #expect(result.unreadableCount == 0, "\(result.unreadable)")
        let summaries = Dictionary(uniqueKeysWithValues: result.profile.summary().map { ($0.column, $0) })
        for (column, wanted) in expected {
            let summary = try #require(summaries[column], "\(column) missing")
            var fields = wanted
            if column == "image.Colorspace" {
                // whylogs' string submetric has no distribution: Sketchbook's keys are a superset.
                #expect(summary.keys.filter { $0.hasPrefix("distribution/") }.count > 0)
                fields = fields.filter { !$0.key.hasPrefix("distribution/") }
            }
            var problems = SummaryFixture.mismatches(summary, fields, facts[column] ?? [:], place: column)
            if column == "image.Colorspace" { problems.removeAll { $0.contains(": keys ") } }
            for problem in problems { Issue.record(Comment(rawValue: "\(threads) threads: \(problem)")) }
        }
    }

    @Test func theWalkSkipsHiddenNamesAndOtherExtensionsAndReadsAFileOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try Fixtures.bytes("images/png_c2_d8.png")
        try Data(image).write(to: root.appendingPathComponent("B.PNG"))
        try Data(image).write(to: root.appendingPathComponent(".hidden.png"))
        try Data(image).write(to: root.appendingPathComponent("a.gif"))
        try FileManager.default.linkItem(
            at: root.appendingPathComponent("B.PNG"), to: root.appendingPathComponent("sub/hard.png"))
        let listing = try ImageFolderProfiler().imageFiles(in: [root.path, root.path])
        #expect(listing.paths == [root.appendingPathComponent("B.PNG").path])
        #expect(listing.skipped.count == 1)
    }

    @Test func entriesThatCannotBeExaminedAreReportedNotDropped() throws {
        // Found in review: a dangling link and a link to itself vanished from the walk unreported.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("dangling.png").path, withDestinationPath: "nowhere.png")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("loop.png").path, withDestinationPath: "loop.png")
        let listing = try ImageFolderProfiler().imageFiles(in: [root.path])
        #expect(listing.paths.isEmpty)
        #expect(
            listing.skipped.map(\.path).sorted()
                == [root.appendingPathComponent("dangling.png").path, root.appendingPathComponent("loop.png").path])
        #expect(listing.skipped.allSatisfy { $0.reason == .cannotExamine })
    }
}
