import Foundation
import SketchbookTestSupport
import Sketches

/// One stream spec from `fixtures/datasketches/frequent_items/manifest.json`.
struct FrequentItemsStreamSpec: Sendable {
    var stream: String
    var seed: UInt64
    var n: Int
    var lgMax: Int
    var weighted: Bool

    init(_ json: [String: Any]) {
        stream = json["stream"] as! String
        seed = (json["seed"] as! NSNumber).uint64Value
        n = (json["n"] as! NSNumber).intValue
        lgMax = (json["lg_max"] as! NSNumber).intValue
        weighted = (json["weighted"] as? Bool) ?? false
    }

    var items: [String] {
        stream == "strings"
            ? FixtureStreams.strings(seed: seed, count: n) : FixtureStreams.uniques(seed: seed, count: n)
    }

    /// `(draw >> 33) % 100` from an LCG seeded with `seed + 1`, or all 1.
    var weights: [UInt64] {
        guard weighted else { return Array(repeating: 1, count: n) }
        var g = FixtureLCG(seed: seed &+ 1)
        return (0..<n).map { _ in (g.next() >> 33) % 100 }
    }

    func build() -> FrequentItemsSketch<String> {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: lgMax)
        for (item, weight) in zip(items, weights) { sketch.update(item, weight: weight) }
        return sketch
    }
}

typealias FIRow = FrequentItemsRow<String>

/// A fixture case and the library's answers.
struct FrequentItemsFixtureCase: Sendable, CustomStringConvertible {
    var name: String
    var file: String
    var whylogsFile: String?
    var spec: FrequentItemsStreamSpec
    var other: FrequentItemsStreamSpec?
    var isEmpty: Bool
    var numActive: Int
    var totalWeight: UInt64
    var maximumError: UInt64
    var lgCur: Int
    var lgMax: Int
    var epsilon: Double
    var aprioriError: Double
    var explicitThreshold: UInt64
    var nfpDefault: [FIRow]
    var nfnDefault: [FIRow]
    var nfpExplicit: [FIRow]
    var nfnExplicit: [FIRow]
    var probes: [FIRow]

    var description: String { name }

    static func rows(_ any: Any?) -> [FIRow] {
        (any as! [[Any]]).map {
            FIRow(
                item: $0[0] as! String, estimate: ($0[1] as! NSNumber).uint64Value,
                lowerBound: ($0[2] as! NSNumber).uint64Value, upperBound: ($0[3] as! NSNumber).uint64Value)
        }
    }

    init(_ json: [String: Any]) {
        name = json["name"] as! String
        file = json["file"] as! String
        whylogsFile = json["whylogs_file"] as? String
        spec = FrequentItemsStreamSpec(json["spec"] as! [String: Any])
        other = (json["other"] as? [String: Any]).map(FrequentItemsStreamSpec.init)
        let a = json["answers"] as! [String: Any]
        isEmpty = a["is_empty"] as! Bool
        numActive = (a["num_active"] as! NSNumber).intValue
        totalWeight = (a["total_weight"] as! NSNumber).uint64Value
        maximumError = (a["maximum_error"] as! NSNumber).uint64Value
        lgCur = (a["lg_cur"] as! NSNumber).intValue
        lgMax = (a["lg_max"] as! NSNumber).intValue
        epsilon = (a["epsilon"] as! NSNumber).doubleValue
        aprioriError = (a["apriori_error"] as! NSNumber).doubleValue
        explicitThreshold = (a["explicit_threshold"] as! NSNumber).uint64Value
        nfpDefault = Self.rows(a["nfp_default"])
        nfnDefault = Self.rows(a["nfn_default"])
        nfpExplicit = Self.rows(a["nfp_explicit"])
        nfnExplicit = Self.rows(a["nfn_explicit"])
        probes = Self.rows(a["probes"])
    }

    /// The sketch the library built, rebuilt in Swift from the same updates and merges.
    func rebuild() -> FrequentItemsSketch<String> {
        var sketch = spec.build()
        if let other { sketch.merge(other.build()) }
        return sketch
    }

    func bytes() throws -> [UInt8] { try Fixtures.bytes("datasketches/frequent_items/" + file) }

    static let all: [FrequentItemsFixtureCase] = {
        let manifest = try! Fixtures.json("datasketches/frequent_items/manifest.json") as! [String: Any]
        return (manifest["cases"] as! [[String: Any]]).map(FrequentItemsFixtureCase.init)
    }()

    static var allFiles: [String] {
        all.flatMap { [$0.file] + ($0.whylogsFile.map { [$0] } ?? []) }
    }
}

/// Rows as a multiset, independent of the (unspecified) order of equal estimates.
func rowSet(_ rows: [FIRow]) -> [FIRow] {
    rows.sorted { a, b in
        if a.estimate != b.estimate { return a.estimate > b.estimate }
        return Array(a.item.utf8).lexicographicallyPrecedes(Array(b.item.utf8))
    }
}
