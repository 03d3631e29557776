import Foundation
import Profiles
import SketchbookTestSupport

/// The whylogs 1.6.4 fixtures of `fixtures/whylogs/` (made by `make_whylogs_fixtures.py`) and
/// their decoded components.
enum FormatFixtures {
    /// Every fixture name (a `NAME.components.json` exists for each), sorted.
    static let names: [String] = {
        let folder = Fixtures.url("whylogs").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".components.json") }
            .map { String($0.dropLast(".components.json".count)) }.sorted()
    }()

    /// The v1 (not v0) fixtures.
    static var v1Names: [String] { names.filter { !$0.hasPrefix("v0_") } }

    static func bytes(_ name: String, suffix: String = ".bin") throws -> [UInt8] {
        try Fixtures.bytes("whylogs/\(name)\(suffix)")
    }

    /// The fixture's decoded content as a `ProfileFile`, built from `NAME.components.json`.
    static func expected(_ name: String) throws -> ProfileFile {
        guard let json = try Fixtures.json("whylogs/\(name).components.json") as? [String: Any] else {
            throw FixtureError(description: "\(name): not an object")
        }
        let format: ProfileFile.SourceFormat =
            switch json["source_format"] as? String {
            case "segmentedV1": .segmentedV1
            case "v0": .v0
            default: .v1
            }
        var columns: [String: [String: MetricComponent]] = [:]
        for (column, value) in json["columns"] as? [String: Any] ?? [:] {
            var components: [String: MetricComponent] = [:]
            for (path, entry) in value as? [String: Any] ?? [:] {
                components[path] = try component(entry as? [String: Any] ?? [:], at: "\(name) \(column) \(path)")
            }
            columns[column] = components
        }
        var file = ProfileFile(
            datasetTimestampMilliseconds: try uint64(json["dataset_timestamp"]),
            creationTimestampMilliseconds: try uint64(json["creation_timestamp"]),
            tags: json["tags"] as? [String: String] ?? [:], metadata: json["metadata"] as? [String: String] ?? [:],
            columns: columns, sourceFormat: format)
        if let tags = json["segment_tags"] as? [[String: String]] {
            file.segmentTags = tags.map { ProfileFile.SegmentTag(key: $0["key"] ?? "", value: $0["value"] ?? "") }
        }
        return file
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    private static func uint64(_ value: Any?) throws -> UInt64 {
        guard let number = value as? NSNumber else {
            throw FixtureError(description: "not a number: \(String(describing: value))")
        }
        return number.uint64Value
    }

    private static func component(_ entry: [String: Any], at place: String) throws -> MetricComponent {
        let typeID = UInt32(try uint64(entry["type_id"]))
        let kind = entry["kind"] as? String ?? ""
        func hexValue() throws -> [UInt8] {
            guard let hex = entry["value"] as? String, let bytes = bytes(hex: hex) else {
                throw FixtureError(description: "\(place): bad hex")
            }
            return bytes
        }
        switch kind {
        case "n":
            guard let number = entry["value"] as? NSNumber else { throw FixtureError(description: "\(place): n") }
            return MetricComponent(typeID: typeID, .integer(number.int64Value))
        case "d":
            guard let hex = entry["bits"] as? String, let raw = bytes(hex: hex), raw.count == 8 else {
                throw FixtureError(description: "\(place): d bits")
            }
            let bits = raw.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            return MetricComponent(typeID: typeID, .double(Double(bitPattern: bits)))
        case "kll": return MetricComponent(typeID: typeID, .kll(try hexValue()))
        case "hll": return MetricComponent(typeID: typeID, .hll(try hexValue()))
        case "frequent_items": return MetricComponent(typeID: typeID, .frequentItems(try hexValue()))
        case "cpc": return MetricComponent(typeID: typeID, .cpc(try hexValue()))
        case "serialized_bytes": return MetricComponent(typeID: typeID, .serializedBytes(try hexValue()))
        default: throw FixtureError(description: "\(place): unknown kind \(kind)")
        }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) else {
                return nil
            }
            out.append(byte)
            index += 2
        }
        return out
    }
}

extension MetricComponent {
    /// Equality with doubles compared by bit pattern, so NaN components (whylogs writes NaN
    /// means) compare equal to themselves.
    func isIdentical(to other: MetricComponent) -> Bool {
        guard typeID == other.typeID else { return false }
        if case .double(let a) = value, case .double(let b) = other.value { return a.bitPattern == b.bitPattern }
        return value == other.value
    }
}

extension ProfileFile {
    /// Equality with doubles compared by bit pattern (see ``MetricComponent/isIdentical(to:)``).
    func isIdentical(to other: ProfileFile) -> Bool {
        guard
            datasetTimestampMilliseconds == other.datasetTimestampMilliseconds,
            creationTimestampMilliseconds == other.creationTimestampMilliseconds, tags == other.tags,
            metadata == other.metadata, segmentTags == other.segmentTags, sourceFormat == other.sourceFormat,
            columns.keys.sorted() == other.columns.keys.sorted()
        else { return false }
        for (name, components) in columns {
            let others = other.columns[name] ?? [:]
            guard components.keys.sorted() == others.keys.sorted() else { return false }
            for (path, component) in components {
                guard let o = others[path], component.isIdentical(to: o) else { return false }
            }
        }
        return true
    }
}
