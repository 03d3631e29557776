import Foundation
import ProfileCSV
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// `CSVProfiler` with ``CSVOptions/segmentColumns`` against whylogs 1.6.4's segmentation of
/// `pandas.read_csv`'s frame (`fixtures/csv/segments/`, made by `make_segment_fixtures.py`): the
/// same keys (Python `str()` of each value, `nan` for a missing one), the same rows per segment,
/// and each segment's profile equal to whylogs' profile of those rows by the rules of
/// ``IngestWhylogsEquivalenceTests`` — for one block and for many small blocks on one and two
/// threads (a segment's rows spread over blocks, a column typed by rows of other segments).
@Suite
struct SegmentWhylogsEquivalenceTests {
    static let cases: [String] = {
        let directory = Fixtures.url("csv/segments")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// Block sizes (KiB; `nil` for the default) and thread counts; larger blocks for the 2 MB
    /// input, whose 4 KiB run takes a minute in a debug build.
    static func layouts(bytes: Int) -> [(blockKiB: Int?, threads: Int)] {
        bytes > 1 << 20 ? [(nil, 2), (32, 2)] : [(nil, 1), (4, 1), (4, 2)]
    }

    @Test func theCasesAreAllThere() {
        #expect(Self.cases.count >= 6)
    }

    @Test(arguments: cases)
    func eachSegmentEqualsWhylogsOnItsRows(_ name: String) throws {
        let document = try #require(try Fixtures.json("csv/segments/\(name).json") as? [String: Any])
        let columns = try #require(document["segment_columns"] as? [String])
        let separator = ((document["read_csv"] as? [String: Any])?["sep"] as? String).flatMap { $0.utf8.first }
        let expected = try #require(document["segments"] as? [[String: Any]])
        let path = Fixtures.url("csv/" + (document["input"] as! String)).path
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        for layout in Self.layouts(bytes: bytes) {
            var options = CSVOptions(
                delimiter: separator, threadCount: layout.threads, compactionSeed: 7, segmentColumns: columns)
            if let kib = layout.blockKiB { options.blockSize = kib << 10 }
            let result = try CSVProfiler(options: options).profile(fileAt: path)
            let place = "\(name), blocks \(layout.blockKiB.map { "\($0) KiB" } ?? "default"), \(layout.threads) threads"
            #expect(result.segments.map(\.key.values) == expected.map { $0["values"] as! [String] }, "\(place): keys")
            #expect(result.segments.reduce(0) { $0 + $1.rowCount } == result.rowCount, "\(place): rows")
            for (segment, reference) in zip(result.segments, expected) {
                let where_ = "\(place), segment \(segment.key)"
                #expect(segment.rowCount == reference["rows"] as! Int64, "\(where_): rows")
                #expect(segment.profile.segmentKey == segment.key, "\(where_): the profile's key")
                let summary = try #require(reference["summary"] as? [String: [String: Any]])
                let truth = try #require(reference["truth"] as? [String: Any])
                let facts = truth["columns"] as? [String: [String: Any]] ?? [:]
                for problem in SummaryFixture.mismatches(
                    segment.profile.summary(), summary, facts: facts, place: where_)
                {
                    Issue.record(Comment(rawValue: problem))
                }
            }
        }
    }
}
