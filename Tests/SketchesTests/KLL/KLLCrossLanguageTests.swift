import Foundation
import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct KLLCrossLanguageTests {
    static let cases = KLLFixtureManifest.shared.cases
    static let ranks = KLLFixtureManifest.shared.ranks

    @Test(arguments: cases)
    func decodedFixtureAnswersEveryQueryExactlyAsTheLibraryThatMadeIt(_ fixture: KLLFixtureCase) throws {
        if fixture.item_type == "float" {
            try checkAnswers(fixture, as: Float.self)
        } else {
            try checkAnswers(fixture, as: Double.self)
        }
    }

    private func checkAnswers<Item: KLLItem>(_ fixture: KLLFixtureCase, as: Item.Type) throws {
        let bytes = try fixture.bytes()
        let sketch = try KLLSketch<Item>(serializedBytes: bytes)
        let a = fixture.answers
        #expect(sketch.n == a.n)
        #expect(sketch.k == a.k)
        #expect(sketch.numRetained == a.num_retained)
        #expect(sketch.isEmpty == a.is_empty)
        #expect(sketch.isEstimationMode == a.is_estimation_mode)
        #expect(sketch.minK == fixture.structure.min_k)
        #expect(sketch.numLevels == fixture.structure.num_levels)
        #expect(Array(sketch.levels.dropLast()) == fixture.structure.levels)
        #expect(sketch.layout == fixture.expectedLayout)
        #expect(sketch.normalizedRankError(pmf: false) == a.normalized_rank_error_single)
        #expect(sketch.normalizedRankError(pmf: true) == a.normalized_rank_error_pmf)
        // whylogs-sketching answers for a DataSketches-layout image (floats) need its rules explicitly.
        let rules = fixture.rules
        if let min = a.min { #expect(sketch.minItem.map(Double.init) == min.value) }
        if let max = a.max { #expect(sketch.maxItem.map(Double.init) == max.value) }
        if let expected = a.quantiles_exclusive {
            let actual = Self.ranks.map { sketch.quantile(atRank: $0, inclusive: false, rules: rules).map(Double.init) }
            #expect(actual == expected.map(\.value), "exclusive quantiles at \(Self.ranks)")
        }
        if let expected = a.quantiles_inclusive {
            let actual = Self.ranks.map { sketch.quantile(atRank: $0, inclusive: true, rules: rules).map(Double.init) }
            #expect(actual == expected.map(\.value), "inclusive quantiles at \(Self.ranks)")
        }
        if let values = a.rank_values, let exclusive = a.ranks_exclusive, let inclusive = a.ranks_inclusive {
            #expect(values.map { sketch.rank(of: Item($0), inclusive: false) } == exclusive.map(\.value))
            #expect(values.map { sketch.rank(of: Item($0), inclusive: true) } == inclusive.map(\.value))
        }
        if let splits = a.split_points.map({ $0.map { Item($0) } }) {
            #expect(sketch.cdf(splitPoints: splits, inclusive: false) == a.cdf_exclusive)
            #expect(sketch.cdf(splitPoints: splits, inclusive: true) == a.cdf_inclusive)
            #expect(sketch.pmf(splitPoints: splits, inclusive: false, rules: rules) == a.pmf_exclusive)
            #expect(sketch.pmf(splitPoints: splits, inclusive: true, rules: rules) == a.pmf_inclusive)
        }
        // The default rules are the layout's: only whylogs doubles images default to whylogs rules.
        if fixture.layout == "whylogs", !sketch.isEmpty {
            #expect(sketch.defaultQueryRules == .whylogsSketching)
            #expect(sketch.quantile(atRank: 0.5) == sketch.quantile(atRank: 0.5, rules: .whylogsSketching))
        } else {
            #expect(sketch.defaultQueryRules == .datasketches5)
        }
        // Queries never change the bytes.
        #expect(sketch.serializedBytes() == bytes)
    }

    @Test(arguments: cases)
    func decodeThenEncodeIsByteIdentical(_ fixture: KLLFixtureCase) throws {
        let bytes = try fixture.bytes()
        let reencoded: [UInt8] =
            fixture.item_type == "float"
            ? try KLLSketch<Float>(serializedBytes: bytes).serializedBytes()
            : try KLLSketch<Double>(serializedBytes: bytes).serializedBytes()
        #expect(reencoded == bytes)
    }

    @Test(arguments: cases)
    func typeErasedDecoderInfersItemTypeAndLayout(_ fixture: KLLFixtureCase) throws {
        let bytes = try fixture.bytes()
        let any = try AnyKLLSketch(serializedBytes: bytes)
        if fixture.n == 0 && fixture.kind == "stream" {
            #expect(any.itemType == "double")  // empty images carry no item size
        } else {
            #expect(any.itemType == fixture.item_type)
        }
        #expect(any.layout == fixture.expectedLayout)
        #expect(any.n == fixture.answers.n)
        #expect(any.k == fixture.answers.k)
        #expect(any.numRetained == fixture.answers.num_retained)
        #expect(any.serializedBytes() == bytes)
        if let q = fixture.answers.quantiles_exclusive?[4] {
            #expect(any.quantile(atRank: 0.5, rules: fixture.rules) == q.value)
        }
        if let expected = fixture.answers.quantiles_inclusive, !fixture.answers.is_empty {
            #expect(
                any.quantiles(atRanks: Self.ranks, inclusive: true, rules: fixture.rules) == expected.map { $0.value! })
        }
        #expect(any.minItem == fixture.answers.min?.value)
        #expect(any.maxItem == fixture.answers.max?.value)
        #expect(any.normalizedRankError(pmf: true) == fixture.answers.normalized_rank_error_pmf)
    }

    @Test(arguments: cases)
    func sameStreamGivesSameBytesInExactModeAndSameStructureOtherwise(_ fixture: KLLFixtureCase) throws {
        if fixture.item_type == "float" {
            try checkRebuild(fixture, as: Float.self)
        } else {
            try checkRebuild(fixture, as: Double.self)
        }
    }

    private func checkRebuild<Item: KLLItem>(_ fixture: KLLFixtureCase, as: Item.Type) throws {
        let bytes = try fixture.bytes()
        for coin in [KLLCompactionCoin.seeded(1), .seeded(2), .alternating, .system] {
            let sketch = fixture.rebuild(as: Item.self, coin: coin)
            let ours = sketch.serializedBytes()
            if fixture.bytes_deterministic {
                #expect(ours == bytes)
            }
            let structure = KLLFixtureStructure(
                preamble_ints: Int(ours[0]), n: sketch.n, min_k: sketch.minK, num_levels: sketch.numLevels,
                levels: Array(sketch.levels.dropLast()), length: ours.count,
                level_zero_sorted: fixture.structure.level_zero_sorted == nil ? nil : sketch.isLevelZeroSorted)
            #expect(structure == fixture.structure, "coin \(coin.source)")
            #expect(sketch.minItem.map(Double.init) == fixture.answers.min?.value)
            #expect(sketch.maxItem.map(Double.init) == fixture.answers.max?.value)
        }
    }
}
