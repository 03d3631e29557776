import Foundation
import SketchbookTestSupport

@testable import Sketches

/// The HLL fixture manifest (`fixtures/datasketches/hll/manifest.json`), parsed once.
enum HLLFixtureManifest {
    struct Answers: Sendable {
        var estimate: Double
        var lower: [Double]  // 1, 2, 3 σ
        var upper: [Double]

        init(_ json: [String: Any]) {
            func value(_ key: String) -> Double {
                let entry = json[key] as! [String: Any]
                return Double(bitPattern: UInt64(entry["bits"] as! String, radix: 16)!)
            }
            estimate = value("estimate")
            lower = (1...3).map { value("lower\($0)") }
            upper = (1...3).map { value("upper\($0)") }
        }
    }

    struct SketchCase: Sendable, CustomStringConvertible {
        var name: String
        var lgK: Int
        var targetType: HLLTargetType
        var stream: String
        var seed: UInt64
        var n: Int
        var compactFile: String
        var updatableFile: String
        var mode: HLLMode
        var auxCount: Int
        /// The library's own compact → decode → compact image, when it differs from the original.
        var roundtripFile: String?
        /// The library's compact → decode → updatable image, when the compact round trip changes.
        var roundtripUpdatableFile: String?
        var answers: Answers
        var description: String { name }
    }

    struct UnionInput: Sendable {
        var lgK: Int
        var targetType: HLLTargetType
        var start: Int
        var n: Int
    }

    struct UnionResult: Sendable {
        var file: String
        var mode: HLLMode
        var lgK: Int
        var roundtripFile: String?
        var answers: Answers
    }

    struct UnionLibrary: Sendable {
        var results: [HLLTargetType: UnionResult]
        var unionAnswers: Answers
        var lgK: Int
    }

    struct UnionCase: Sendable, CustomStringConvertible {
        var name: String
        var lgMaxK: Int
        var stream: String
        var seed: UInt64
        var inputs: [UnionInput]
        var truth: Int
        var datasketches: UnionLibrary
        var whylogs: UnionLibrary
        var description: String { name }
    }

    static func targetType(_ bits: Int) -> HLLTargetType {
        switch bits {
        case 4: .hll4
        case 6: .hll6
        default: .hll8
        }
    }

    static func mode(_ name: String) -> HLLMode {
        switch name {
        case "LIST": .list
        case "SET": .set
        default: .hll
        }
    }

    static func root() -> [String: Any] {
        try! Fixtures.json("datasketches/hll/manifest.json") as! [String: Any]
    }

    static let sketches: [SketchCase] = (root()["sketches"] as! [[String: Any]]).map { c in
        SketchCase(
            name: c["name"] as! String, lgK: c["lg_k"] as! Int, targetType: targetType(c["target_type"] as! Int),
            stream: c["stream"] as! String, seed: UInt64(c["seed"] as! Int), n: c["n"] as! Int,
            compactFile: c["compact_file"] as! String, updatableFile: c["updatable_file"] as! String,
            mode: mode(c["mode"] as! String), auxCount: (c["aux_count"] as? Int) ?? 0,
            roundtripFile: c["compact_roundtrip_file"] as? String,
            roundtripUpdatableFile: c["compact_roundtrip_updatable_file"] as? String,
            answers: Answers(c["answers"] as! [String: Any]))
    }

    static let unions: [UnionCase] = (root()["unions"] as! [[String: Any]]).map { c in
        func library(_ json: [String: Any]) -> UnionLibrary {
            var results: [HLLTargetType: UnionResult] = [:]
            for (key, value) in json["results"] as! [String: Any] {
                let r = value as! [String: Any]
                results[targetType(Int(key)!)] = UnionResult(
                    file: r["file"] as! String, mode: mode(r["mode"] as! String), lgK: r["lg_k"] as! Int,
                    roundtripFile: r["compact_roundtrip_file"] as? String,
                    answers: Answers(r["answers"] as! [String: Any]))
            }
            return UnionLibrary(
                results: results, unionAnswers: Answers(json["union_answers"] as! [String: Any]),
                lgK: json["lg_config_k"] as! Int)
        }
        let libs = c["libraries"] as! [String: Any]
        return UnionCase(
            name: c["name"] as! String, lgMaxK: c["lg_max_k"] as! Int, stream: c["stream"] as! String,
            seed: UInt64(c["seed"] as! Int),
            inputs: (c["inputs"] as! [[String: Any]]).map {
                UnionInput(
                    lgK: $0["lg_k"] as! Int, targetType: targetType($0["target_type"] as! Int),
                    start: $0["start"] as! Int, n: $0["n"] as! Int)
            },
            truth: c["truth"] as! Int,
            datasketches: library(libs["datasketches"] as! [String: Any]),
            whylogs: library(libs["whylogs_sketching"] as! [String: Any]))
    }

    /// Every fixture image path (relative to `fixtures/`).
    static let allImages: [String] = {
        var files: [String] = []
        for c in sketches { files += [c.compactFile, c.updatableFile] }
        for u in unions {
            for lib in [u.datasketches, u.whylogs] {
                for t in HLLTargetType.allCases { files.append(lib.results[t]!.file) }
            }
        }
        return files.map { "datasketches/hll/" + $0 }
    }()

    static func bytes(_ file: String) throws -> [UInt8] {
        try Fixtures.bytes("datasketches/hll/" + file)
    }

    /// Feeds `count` items of a fixture stream (starting at `start`) to `sketch`.
    static func feed(_ sketch: inout HLLSketch, stream: String, seed: UInt64, start: Int = 0, count: Int) {
        switch stream {
        case "int64s":
            for x in FixtureStreams.int64s(seed: seed, count: start + count)[start...] { sketch.update(x) }
        case "doubles":
            for x in FixtureStreams.doubles(seed: seed, count: start + count)[start...] { sketch.update(x) }
        case "uniques":
            for x in FixtureStreams.uniques(seed: seed, count: start + count)[start...] { sketch.update(x) }
        case let name where name.hasPrefix("high"):
            // "high<count>v<min>_int64s": <count> items of int64s(seed + 1) whose register value is
            // at least <min>, then int64s(seed) (make_hll_fixtures.py `stream_items`).
            precondition(start == 0)
            let spec = name.dropFirst(4).prefix { $0 != "_" }.split(separator: "v")
            let highCount = Int(spec[0])!
            let minValue = UInt32(spec[1])!
            var g = FixtureLCG(seed: seed + 1)
            var found = 0
            while found < highCount {
                let x = Int64(bitPattern: g.next())
                if HLLSketch._coupon(MurmurHash3.hash(x)) >> 26 >= minValue {
                    sketch.update(x)
                    found += 1
                }
            }
            for x in FixtureStreams.int64s(seed: seed, count: count) { sketch.update(x) }
        default:
            fatalError("unknown stream \(stream)")
        }
    }
}
