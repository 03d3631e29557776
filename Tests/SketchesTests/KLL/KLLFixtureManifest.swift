import Foundation
import SketchbookTestSupport
import Testing

@testable import Sketches

/// `fixtures/datasketches/kll/manifest.json`, written by `make_kll_fixtures.py`.
struct KLLFixtureManifest: Decodable {
    var ranks: [Double]
    var cases: [KLLFixtureCase]

    static let shared: KLLFixtureManifest = {
        let data = try! Data(contentsOf: Fixtures.url("datasketches/kll/manifest.json"))
        return try! JSONDecoder().decode(KLLFixtureManifest.self, from: data)
    }()
}

/// A number that may be the string "nan" (whylogs-sketching answers on an empty sketch).
struct FixtureNumber: Decodable, Equatable, CustomStringConvertible {
    var value: Double?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else {
            let text = try container.decode(String.self)
            guard text == "nan" else { throw DecodingError.dataCorruptedError(in: container, debugDescription: text) }
            value = nil
        }
    }

    var description: String { value.map { "\($0)" } ?? "nan" }
}

struct KLLFixtureStructure: Decodable, Equatable {
    var preamble_ints: Int
    var n: Int
    var min_k: Int
    var num_levels: Int
    var levels: [Int]
    var length: Int
    var level_zero_sorted: Bool?
}

struct KLLFixtureAnswers: Decodable {
    var n: Int
    var k: Int
    var num_retained: Int
    var is_empty: Bool
    var is_estimation_mode: Bool
    var normalized_rank_error_single: Double
    var normalized_rank_error_pmf: Double
    var min: FixtureNumber?
    var max: FixtureNumber?
    var quantiles_exclusive: [FixtureNumber]?
    var quantiles_inclusive: [FixtureNumber]?
    var rank_values: [Double]?
    var ranks_exclusive: [FixtureNumber]?
    var ranks_inclusive: [FixtureNumber]?
    var split_points: [Double]?
    var cdf_exclusive: [Double]?
    var cdf_inclusive: [Double]?
    var pmf_exclusive: [Double]?
    var pmf_inclusive: [Double]?
}

struct KLLFixtureCase: Decodable, CustomTestStringConvertible, Sendable {
    var file: String
    var library: String
    var item_type: String
    var item_size: Int
    var layout: String
    var bytes_deterministic: Bool
    var kind: String
    var k: Int
    var n: Int
    var seed: UInt64
    var other_k: Int?
    var other_n: Int?
    var other_seed: UInt64?
    var structure: KLLFixtureStructure
    var answers: KLLFixtureAnswers

    var testDescription: String { file }

    /// The rules of the library that made the image.
    var rules: KLLQueryRules { library == "whylogs-sketching" ? .whylogsSketching : .datasketches5 }
    var expectedLayout: KLLSerializationLayout { layout == "whylogs" ? .whylogs : .datasketches }

    func bytes() throws -> [UInt8] { try Fixtures.bytes("datasketches/kll/" + file) }

    /// Rebuilds the sketch from the same stream (and merge) with the given coin.
    func rebuild<Item: KLLItem>(as: Item.Type, coin: KLLCompactionCoin) -> KLLSketch<Item> {
        let layout: KLLSerializationLayout = library == "whylogs-sketching" ? .whylogs : .datasketches
        var sketch = KLLSketch<Item>(k: k, layout: layout, coin: coin)
        for v in FixtureStreams.doubles(seed: seed, count: n) { sketch.update(Item(v)) }
        if kind == "merge", let otherK = other_k, let otherN = other_n, let otherSeed = other_seed {
            var other = KLLSketch<Item>(k: otherK, layout: layout, coin: coin)
            for v in FixtureStreams.doubles(seed: otherSeed, count: otherN) { other.update(Item(v)) }
            sketch.merge(other)
        }
        return sketch
    }
}

// Sendable conformances for the argument lists of parameterized tests.
extension KLLFixtureStructure: Sendable {}
extension KLLFixtureAnswers: Sendable {}
extension FixtureNumber: Sendable {}
