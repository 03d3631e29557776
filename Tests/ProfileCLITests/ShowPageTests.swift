import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

@testable import profile_cli

/// `profile show FILE -o page.html`: the single-profile page with a card per column (summary and a
/// histogram or the most frequent items), segments listed, hostile text escaped, the column cap;
/// and `-o` itself.
@Suite struct ShowPageTests {
    /// A fresh temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("show-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `profile` into `directory` as `name` and returns its path.
    static func write(_ profile: DatasetProfile, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try profile.file.write(to: path, gzip: false)
        return path
    }

    /// The true count of `values` in each bin of `edges` (`[e_i, e_i+1)`, the last one closed).
    static func rawCounts(_ values: [Double], edges: [Double]) -> [Int64] {
        var counts = [Int64](repeating: 0, count: edges.count - 1)
        for value in values {
            var index = edges.count - 2
            for bin in 0..<(edges.count - 2) where value < edges[bin + 1] {
                index = bin
                break
            }
            counts[index] += 1
        }
        return counts
    }

    /// The values of attribute `name` on the `<rect>` elements of `class` in `page`, in order.
    static func attributes(_ name: String, ofClass cls: String, in page: String) -> [String] {
        page.components(separatedBy: "<rect class=\"\(cls)\" ").dropFirst().compactMap { element in
            guard let start = element.range(of: "\(name)=\"") else { return nil }
            let rest = element[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    /// Seeded values with a lump and a long tail, so that bins differ.
    static func values(seed: UInt64, count: Int) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let u = Double.random(in: 0..<1, using: &random)
            return index % 3 == 0 ? 50 + 10 * u : -log(1 - u) * 20
        }
    }

    // MARK: Histogram

    @Test(arguments: [1, 7, 2026] as [UInt64])
    func histogramCountsAreTheRawCountsWithinTheKLLBound(seed: UInt64) throws {
        let raw = Self.values(seed: seed, count: 40_000)
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "x", doubles: raw)
        let sketch = try #require(profile.columns["x"]?.distribution?.kll)
        #expect(sketch.isEstimationMode, "seed \(seed): 40,000 values must compact the sketch")
        let histogram = try #require(ColumnHistogram(sketch, integral: false))
        #expect(histogram.counts.count == ColumnHistogram.maximumBins)
        #expect(histogram.edges.first == raw.min() && histogram.edges.last == raw.max())
        #expect(histogram.counts.reduce(0, +) == Int64(raw.count), "seed \(seed)")
        let bound = KLLSketch<Double>.normalizedRankError(k: DistributionMetric.defaultK, pmf: true) * Double(raw.count)
        #expect(histogram.errorBound == bound)
        let truth = Self.rawCounts(raw, edges: histogram.edges)
        for (index, (estimate, actual)) in zip(histogram.counts, truth).enumerated() {
            #expect(
                abs(Double(estimate - actual)) <= bound,
                "seed \(seed), bin \(index): \(estimate) vs \(actual), bound \(bound)")
        }
    }

    @Test(arguments: [3, 11] as [UInt64])
    func thePageDrawsTheHistogramBarsWithTheSketchCounts(seed: UInt64) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = Self.values(seed: seed, count: 30_000)
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "x", doubles: raw)
        let path = try Self.write(profile, "p.bin", in: directory)
        let page = directory.appendingPathComponent("page.html").path
        let result = try ProfileExecutable.run(["show", path, "-o", page])
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        let counts = Self.attributes("data-count", ofClass: "bar", in: text).compactMap { Int64($0) }
        let from = Self.attributes("data-from", ofClass: "bar", in: text).compactMap { Double($0) }
        let to = Self.attributes("data-to", ofClass: "bar", in: text).compactMap { Double($0) }
        #expect(counts.count == ColumnHistogram.maximumBins && from.count == counts.count && to.count == counts.count)
        let truth = Self.rawCounts(raw, edges: from + [try #require(to.last)])
        let bound = KLLSketch<Double>.normalizedRankError(k: DistributionMetric.defaultK, pmf: true) * Double(raw.count)
        for (index, (estimate, actual)) in zip(counts, truth).enumerated() {
            #expect(abs(Double(estimate - actual)) <= bound, "seed \(seed), bin \(index): \(estimate) vs \(actual)")
        }
        #expect(text.contains("approximated from the KLL sketch"))
    }

    @Test func aSmallIntegralColumnGetsExactCountsOnePerInteger() throws {
        var random = SplitMix64(seed: 42)
        let raw = (0..<500).map { _ in Int64.random(in: -3...8, using: &random) }
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "k", ints: raw)
        let report = ProfileReport(path: "k.bin", profile: profile)
        let page = ProfileReport.html([report])
        let counts = Self.attributes("data-count", ofClass: "bar", in: page).compactMap { Int64($0) }
        let from = Self.attributes("data-from", ofClass: "bar", in: page).compactMap { Double($0) }
        let low = try #require(raw.min())
        let high = try #require(raw.max())
        #expect(from == (low...high).map(Double.init), "seed 42")
        #expect(counts == (low...high).map { value in Int64(raw.filter { $0 == value }.count) }, "seed 42")
        #expect(page.contains("exact counts"))
    }

    @Test(
        arguments: [
            [1e300, -1e300, 0], [0x1p60, 0x1p60 + 256, 0x1p60 + 512],
            [.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude, 0], [-0.0, 0.0],
            [0x1p53 - 2, 0x1p53], [0x1p52 - 3, 0x1p52 - 1],
        ] as [[Double]])
    func extremeRangesGiveIncreasingEdgesAndEveryValueCounted(_ raw: [Double]) throws {
        for integral in [false, true] {
            var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
            profile.log(column: "x", doubles: raw)
            let sketch = try #require(profile.columns["x"]?.distribution?.kll)
            let histogram = try #require(ColumnHistogram(sketch, integral: integral))
            #expect(
                zip(histogram.edges, histogram.edges.dropFirst()).allSatisfy { $0 < $1 } || histogram.edges.count == 2)
            #expect(histogram.counts.count == histogram.edges.count - 1)
            #expect(histogram.counts == Self.rawCounts(raw, edges: histogram.edges), "\(raw)")
        }
    }

    @Test func infiniteValuesAndEmptyColumnsSaySoInsteadOfDrawing() {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "inf", doubles: [1, .infinity, 2])
        profile.log(column: "nothing", strings: [nil, nil])
        let page = ProfileReport.html([ProfileReport(path: "p.bin", profile: profile)])
        #expect(page.contains("no finite range to bin"))
        #expect(page.contains("Nothing to draw"))
        #expect(!page.contains("class=\"bar\""))
    }

    // MARK: Categories

    @Test(arguments: [5, 9] as [UInt64])
    func theCategoryBarsAreTheFrequentItems(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        // Zipf-like: category i with weight 1/(i+1), 60 categories.
        let weights = (0..<60).map { 1 / Double($0 + 1) }
        let total = weights.reduce(0, +)
        let strings: [String?] = (0..<20_000).map { _ in
            var u = Double.random(in: 0..<total, using: &random)
            for (index, weight) in weights.enumerated() {
                u -= weight
                if u < 0 { return "c\(index)" }
            }
            return "c59"
        }
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "s", strings: strings)
        let report = ProfileReport(path: "s.bin", profile: profile)
        let summary = try #require(report.summaries.first)
        guard case .frequentItems(let items)? = summary["frequent_items/frequent_strings"] else {
            Issue.record("seed \(seed): no frequent items")
            return
        }
        let expected = Array(items.prefix(ProfileReport.maximumDrawnCategories))
        let page = ProfileReport.html([report])
        #expect(
            Self.attributes("data-count", ofClass: "cat", in: page) == expected.map { "\($0.estimate)" }, "seed \(seed)"
        )
        #expect(Self.attributes("data-lower", ofClass: "cat", in: page) == expected.map { "\($0.lowerBound)" })
        #expect(Self.attributes("data-upper", ofClass: "cat", in: page) == expected.map { "\($0.upperBound)" })
        for item in expected { #expect(page.contains("<title>\(item.value): \(item.estimate) ")) }
        #expect(!page.contains("class=\"bar\""), "a string column has no histogram")
        #expect(!page.contains("<tr><td>min</td>"), "a string column's empty distribution is left out")
    }

    // MARK: Hostile text

    @Test func hostileNamesValuesAndSegmentsAreEscapedEverywhere() throws {
        let hostile = "<script>alert('x')</script>\"</svg>\u{1b}[31m\u{202e}"
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: hostile, strings: [hostile, hostile, "plain"])
        profile.log(column: hostile + "n", doubles: [1, 2, 3])
        profile.segmentTags = [ProfileFile.SegmentTag(key: "whylogs.tag." + hostile, value: hostile)]
        let path = try Self.write(profile, "hostile.bin", in: directory)
        let pagePath = directory.appendingPathComponent("page.html").path
        let result = try ProfileExecutable.run(["show", path, "-o", pagePath])
        #expect(result.status == 0, "\(result.standardError)")
        let page = try String(contentsOfFile: pagePath, encoding: .utf8)
        #expect(!page.contains("<script"))
        #expect(!page.contains("alert('x')"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&lt;/svg&gt;"))
        #expect(page.components(separatedBy: "</svg>").count == page.components(separatedBy: "<svg ").count)
        #expect(!page.unicodeScalars.contains("\u{1b}") && !page.unicodeScalars.contains("\u{202e}"))
        // The segment in the contents list and the section heading.
        let segment = "<code>&lt;script&gt;"
        #expect(page.components(separatedBy: "Segment: \(segment)").count == 2)
        #expect(page.contains(", segment \(segment)"))

        let table = try ProfileExecutable.run(["show", path]).standardOutput
        #expect(table.contains("segment <script>alert('x')</script>\"</svg>\\x1b[31m"))
        #expect(!table.unicodeScalars.contains("\u{1b}"))
    }

    // MARK: Segments

    @Test func aSegmentedFileIsListedWithItsSegment() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html").path
        let result = try ProfileExecutable.run([
            "show", "fixtures/whylogs/segmented.bin", "fixtures/whylogs/ints.bin", "-o", page,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(
            text.contains(
                "<li><a href=\"#p0\"><code>fixtures/whylogs/segmented.bin</code></a>, segment <code>cat</code>=<code>blue</code>"
            ))
        #expect(text.contains("<li><a href=\"#p1\"><code>fixtures/whylogs/ints.bin</code></a>, "))
        #expect(text.contains("<section id=\"p0\">") && text.contains("<section id=\"p1\">"))
        #expect(text.contains("<p>Segment: <code>cat</code>=<code>blue</code></p>"))

        let table = try ProfileExecutable.run(["show", "fixtures/whylogs/segmented.bin"]).standardOutput
        #expect(table.contains("\nsegment cat=blue\n"), "\(table)")
        let csv = try ProfileExecutable.run([
            "show", "--format", "csv", "fixtures/whylogs/segmented.bin", "fixtures/whylogs/ints.bin",
        ]).standardOutput
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("file,segment,column,"))
        #expect(lines.contains { $0.hasPrefix("fixtures/whylogs/segmented.bin,cat=blue,v,") })
        #expect(lines.contains { $0.hasPrefix("fixtures/whylogs/ints.bin,,") })
        let plain = try ProfileExecutable.run(["show", "--format", "csv", "fixtures/whylogs/ints.bin"]).standardOutput
        #expect(plain.hasPrefix("file,column,"), "an unsegmented file's CSV keeps its columns")
        let json = try ProfileExecutable.run(["show", "--format", "json", "fixtures/whylogs/segmented.bin"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["segment_tags"] as? [String: String] == ["whylogs.tag.cat": "blue"])
    }

    // MARK: Column cap

    @Test func aPageDrawsAtMostTheCapOfColumnsAndListsTheRest() throws {
        var first = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        for index in 0..<4 { first.log(column: "a\(index)", doubles: [Double(index)]) }
        var second = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        for index in 0..<3 { second.log(column: "b\(index)", doubles: [Double(index)]) }
        let page = ProfileReport.html(
            [ProfileReport(path: "1.bin", profile: first), ProfileReport(path: "2.bin", profile: second)],
            maximumDrawnColumns: 5)
        #expect(page.components(separatedBy: "<div class=\"card\"").count - 1 == 5)
        #expect(
            page.contains(
                "2 columns not drawn (a page draws at most 5 columns; all are in the table above): <code>b1</code>, <code>b2</code>"
            ))
        // Every column stays in its overview table; only drawn ones link to a card.
        #expect(page.contains("<tr><td><a href=\"#p1-col-b0\">b0</a></td>"))
        #expect(page.contains("<tr><td>b2</td>"))
        #expect(!page.contains("<nav>"), "a few columns need no list besides the table")
    }

    @Test func theDefaultCapIsFiveHundredColumnsEndToEnd() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        for index in 0..<503 { profile.log(column: String(format: "c%04d", index), ints: [Int64(index)]) }
        let path = try Self.write(profile, "wide.bin", in: directory)
        let page = directory.appendingPathComponent("wide.html").path
        let result = try ProfileExecutable.run(["show", path, "-o", page])
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.components(separatedBy: "<div class=\"card\"").count - 1 == ProfileReport.maximumDrawnColumns)
        #expect(text.contains("3 columns not drawn"))
        #expect(text.contains("<nav><p>Columns: <a href=\"#p0-col-c0000\">c0000</a> · "))
        #expect(text.contains("<a href=\"#p0-col-c0499\">c0499</a> (and 3 not drawn)</p></nav>"))
        #expect(text.contains("<code>c0500</code>, <code>c0501</code>, <code>c0502</code>"))
    }

    // MARK: -o

    @Test func outputWritesTheFileAndPicksTheFormatFromItsExtension() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ name: String, _ extra: [String] = []) throws -> String {
            let path = directory.appendingPathComponent(name).path
            let result = try ProfileExecutable.run(["show", "fixtures/whylogs/ints.bin", "-o", path] + extra)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let html = try run("page.HTML")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(try run("page.htm").hasPrefix("<!DOCTYPE html>"))
        #expect(try run("out.json").hasPrefix("{"))
        #expect(try run("out.csv").hasPrefix("file,column,"))
        #expect(try run("out.txt").hasPrefix("fixtures/whylogs/ints.bin\n"))
        #expect(try run("explicit.html", ["--format", "csv"]).hasPrefix("file,column,"), "--format wins")
        // The same bytes as standard output.
        let stdout = try ProfileExecutable.run(["show", "--format", "html", "fixtures/whylogs/ints.bin"])
        #expect(stdout.standardOutput == html)
        // Rewritten in place: an older, longer file is replaced whole, and no temporary is left.
        let path = directory.appendingPathComponent("again.json").path
        try Data(String(repeating: "x", count: 100_000).utf8).write(to: URL(fileURLWithPath: path))
        #expect(try run("again.json").hasSuffix("}\n"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            names == ["again.json", "explicit.html", "out.csv", "out.json", "out.txt", "page.HTML", "page.htm"],
            "\(names)")
    }

    @Test func anUnwritableOutputExitsWithAnErrorNamingIt() throws {
        let result = try ProfileExecutable.run([
            "show", "fixtures/whylogs/ints.bin", "-o", "/nonexistent-directory-\(UUID().uuidString)/page.html",
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("cannot write"), "\(result.standardError)")
    }
}
