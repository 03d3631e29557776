import Foundation
import Profiles
import ProfilesTestSupport
import SketchbookTestSupport
import Testing

/// The profile model against whylogs 1.6.4's own fixtures (`fixtures/whylogs/`), without the file
/// reader: each `NAME.components.json` (the file decoded by Python's protobuf classes) becomes a
/// ``ProfileFile``; the model's summary must equal `NAME.summary.json` (whylogs' `to_pandas()`
/// rows), its components must equal the file's, and merging `merge_part_a` with `merge_part_b` must
/// give whylogs' `merge_a_b` summary.
enum WhylogsFixtureDirectory {
    static let url = Fixtures.root.appendingPathComponent("whylogs")
    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("ints.components.json").path)
    }
}

@Suite(.enabled(if: WhylogsFixtureDirectory.isPresent, "fixtures/whylogs not present"))
struct ModelFixtureTests {
    static let directory = WhylogsFixtureDirectory.url

    static let names = [
        "booleans", "empty", "floats", "image", "ints", "ints_floats", "large_100k", "merge_a_b", "merge_part_a",
        "merge_part_b", "mixed", "one_row", "optional_metrics", "row", "segmented", "strings", "v0_converted",
        "v0_floats", "v0_classification",
    ]

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(hex.utf8.count / 2)
        var iterator = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        while let high = iterator.next(), let low = iterator.next() { result.append(nibble(high) << 4 | nibble(low)) }
        return result
    }

    static func file(_ name: String) throws -> ProfileFile {
        let json = try json("\(name).components.json")
        var columns: [String: [String: MetricComponent]] = [:]
        for (column, value) in try #require(json["columns"] as? [String: [String: [String: Any]]]) {
            var components: [String: MetricComponent] = [:]
            for (path, spec) in value {
                let typeID = UInt32(try #require(spec["type_id"] as? Int))
                let kind = try #require(spec["kind"] as? String)
                let component: MetricComponent.Value
                switch kind {
                case "n": component = .integer(try #require(Int64((spec["value"] as? NSNumber)?.description ?? "")))
                case "d":
                    let bits = bytes(hex: try #require(spec["bits"] as? String))
                    let pattern = bits.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    component = .double(Double(bitPattern: pattern))
                case "kll": component = .kll(bytes(hex: try #require(spec["value"] as? String)))
                case "hll": component = .hll(bytes(hex: try #require(spec["value"] as? String)))
                case "frequent_items": component = .frequentItems(bytes(hex: try #require(spec["value"] as? String)))
                default: throw ProfileError(.unsupported, field: path, expected: "a known kind", actual: kind)
                }
                components[path] = MetricComponent(typeID: typeID, component)
            }
            columns[column] = components
        }
        var file = ProfileFile(
            datasetTimestampMilliseconds: try #require(
                UInt64((json["dataset_timestamp"] as? NSNumber)?.description ?? "")),
            creationTimestampMilliseconds: try #require(
                UInt64((json["creation_timestamp"] as? NSNumber)?.description ?? "")),
            tags: json["tags"] as? [String: String] ?? [:], metadata: json["metadata"] as? [String: String] ?? [:],
            columns: columns)
        if let tags = json["segment_tags"] as? [[String: String]] {
            file.segmentTags = tags.map { ProfileFile.SegmentTag(key: $0["key"] ?? "", value: $0["value"] ?? "") }
        }
        return file
    }

    /// A summary value from the fixture JSON: numbers, `{"$f": "NaN"|"Infinity"|"-Infinity"}`,
    /// null, or a frequent-items list.
    static func matches(_ actual: SummaryValue, _ expected: Any, relative: Double = 0) -> Bool {
        SummaryFixture.matches(actual, expected, relative: relative)
    }

    static func expectSummary(_ profile: DatasetProfile, equals name: String, relative: Double = 0) throws {
        let expected = try json("\(name).summary.json")
        let summaries = profile.summary()
        #expect(summaries.map(\.column).sorted() == expected.keys.sorted(), "\(name)")
        for summary in summaries {
            guard let fields = expected[summary.column] as? [String: Any] else { continue }
            #expect(Set(summary.keys) == Set(fields.keys).union(["type"]), "\(name) \(summary.column)")
            for (key, value) in fields {
                guard let actual = summary[key] else { continue }
                let tolerance = key.hasSuffix("/mean") || key.hasSuffix("/stddev") ? relative : 0
                #expect(
                    matches(actual, value, relative: tolerance),
                    "\(name) \(summary.column) \(key): \(actual) vs \(value)")
            }
        }
    }

    @Test(arguments: names)
    func summaryOfEveryFixtureMatchesWhylogs(name: String) throws {
        let profile = try DatasetProfile(file: try Self.file(name))
        try Self.expectSummary(profile, equals: name)
    }

    @Test(arguments: names)
    func componentsOfEveryFixtureAreWrittenBackUnchanged(name: String) throws {
        let file = try Self.file(name)
        let back = try DatasetProfile(file: file).file
        #expect(back.tags == file.tags && back.metadata == file.metadata, "\(name)")
        #expect(back.segmentTags == file.segmentTags, "\(name)")
        for (column, components) in file.columns {
            let written = back.columns[column] ?? [:]
            #expect(Set(written.keys) == Set(components.keys), "\(name) \(column)")
            for (path, component) in components {
                if case .double(let x) = component.value, case .double(let y)? = written[path]?.value {
                    #expect(x.bitPattern == y.bitPattern, "\(name) \(column) \(path)")
                } else {
                    #expect(written[path] == component, "\(name) \(column) \(path)")
                }
            }
        }
    }

    @Test func mergingThePartsGivesWhylogsMerge() throws {
        let a = try DatasetProfile(file: try Self.file("merge_part_a"))
        let b = try DatasetProfile(file: try Self.file("merge_part_b"))
        try Self.expectSummary(a.merging(b), equals: "merge_a_b", relative: 1e-12)
        try Self.expectSummary(b.merging(a), equals: "merge_a_b", relative: 1e-12)
        let expected = try Self.file("merge_a_b")
        #expect(a.merging(b).datasetTimestampMilliseconds == expected.datasetTimestampMilliseconds)
        #expect(a.merging(b).creationTimestampMilliseconds == expected.creationTimestampMilliseconds)
    }
}
