import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct KLLTests {
    // MARK: Level capacities

    @Test func levelCapacitiesMatchTheSpecExamples() {
        func caps(_ k: Int, _ levels: Int) -> [Int] {
            (0..<levels).map { _KLLLevels.levelCapacity(k: k, numLevels: levels, height: $0) }
        }
        #expect(caps(200, 1) == [200])
        #expect(caps(200, 2) == [133, 200])
        #expect(caps(200, 3) == [89, 133, 200])
        #expect(_KLLLevels.totalCapacity(k: 200, numLevels: 3) == 422)
        #expect(caps(200, 13) == [8, 8, 8, 8, 8, 12, 18, 26, 40, 59, 89, 133, 200])
        #expect(_KLLLevels.totalCapacity(k: 200, numLevels: 13) == 617)
        #expect(caps(256, 2) == [171, 256])
        #expect(caps(256, 3) == [114, 171, 256])
        #expect(caps(1024, 2) == [683, 1024])
        #expect(caps(1024, 3) == [455, 683, 1024])
        // Depths beyond 30 split in two steps and stay at the minimum width.
        #expect(_KLLLevels.levelCapacity(k: 65535, numLevels: 61, height: 0) == 8)
    }

    @Test func levelZeroSortAgreesWithTheStandardLibrary() {
        var rng = SplitMix64(seed: 77)
        for count in Array(0...70) + [199, 200, 1000, 4096] {
            for distinct: UInt64 in [1, 3, 1_000_000] {
                var values = (0..<count).map { _ in Double(rng.next() % distinct) }
                let expected = values.sorted()
                values.withUnsafeMutableBufferPointer { _KLLSort.sort($0.baseAddress!, count: $0.count) }
                #expect(values == expected, "count \(count), distinct \(distinct)")
                var heap = (0..<count).map { _ in Float(rng.next() % distinct) }
                let heapExpected = heap.sorted()
                heap.withUnsafeMutableBufferPointer { _KLLSort.heapsort($0.baseAddress!, count: $0.count) }
                #expect(heap == heapExpected, "heapsort count \(count)")
            }
        }
        // Infinities (the short-run networks pad with +∞).
        let specials: [Float] = [-.infinity, -1, 0, 1, .infinity]
        for count in 0...40 {
            var values = (0..<count).map { _ in specials[Int(rng.next() % 5)] }
            let expected = values.sorted()
            values.withUnsafeMutableBufferPointer { _KLLSort.sort($0.baseAddress!, count: $0.count) }
            #expect(values == expected, "count \(count) with infinities")
        }
        // Already sorted and reversed runs (the quicksort's worst cases fall back to heapsort).
        var sorted = (0..<5000).map(Double.init)
        sorted.withUnsafeMutableBufferPointer { _KLLSort.sort($0.baseAddress!, count: $0.count) }
        #expect(sorted == (0..<5000).map(Double.init))
        var reversed = (0..<5000).reversed().map(Double.init)
        reversed.withUnsafeMutableBufferPointer { _KLLSort.sort($0.baseAddress! + 100, count: 4800) }
        #expect(Array(reversed[100..<4900]) == (100..<4900).map(Double.init))
        #expect(reversed[0] == 4999 && reversed[4999] == 0)
    }

    // MARK: Empty and single-item sketches

    @Test func emptySketchAnswersNilAndSerializesToEightBytes() {
        let sketch = KLLSketch<Double>()
        #expect(sketch.isEmpty)
        #expect(!sketch.isEstimationMode)
        #expect(sketch.n == 0)
        #expect(sketch.numRetained == 0)
        #expect(sketch.minItem == nil)
        #expect(sketch.maxItem == nil)
        #expect(sketch.quantile(atRank: 0.5) == nil)
        #expect(sketch.rank(of: 1) == nil)
        #expect(sketch.cdf(splitPoints: [1]) == nil)
        #expect(sketch.pmf(splitPoints: [1]) == nil)
        #expect(sketch.sortedView() == nil)
        #expect(sketch.serializedBytes() == [0x02, 0x01, 0x0F, 0x01, 0xC8, 0x00, 0x08, 0x00])
        #expect(sketch.serializedBytes(layout: .whylogs) == sketch.serializedBytes())
    }

    @Test func singleItemImageMatchesTheSpecExample() throws {
        var sketch = KLLSketch<Double>(k: 200)
        sketch.update(3259.0625)
        let expected: [UInt8] = [0x02, 0x02, 0x0F, 0x04, 0xC8, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0x20, 0x76, 0xA9, 0x40]
        #expect(sketch.serializedBytes() == expected)
        #expect(sketch.serializedBytes(layout: .whylogs) == expected)
        let decoded = try KLLSketch<Double>(serializedBytes: expected)
        #expect(decoded.n == 1)
        #expect(decoded.minItem == 3259.0625)
        #expect(decoded.quantile(atRank: 0.3) == 3259.0625)
    }

    @Test func nanUpdatesAreIgnored() {
        var sketch = KLLSketch<Float>(k: 8)
        sketch.update(.nan)
        #expect(sketch.isEmpty)
        sketch.update(1)
        sketch.update(.nan)
        #expect(sketch.n == 1)
        #expect(sketch.minItem == 1)
    }

    @Test func tiesNeverReplaceTheTrackedMinOrMax() {
        var sketch = KLLSketch<Double>()
        sketch.update(0.0)
        sketch.update(-0.0)
        #expect(sketch.minItem?.sign == .plus)
        #expect(sketch.maxItem?.sign == .plus)
    }

    // MARK: Storage order and layouts

    @Test func levelZeroIsWrittenNewestFirst() {
        var sketch = KLLSketch<Float>(k: 200)
        for i in 0..<10 { sketch.update(Float(i)) }
        #expect(Array(sketch.levels) == [190, 200])
        let bytes = sketch.serializedBytes()
        #expect(bytes.count == 72)  // 20 + 4 + 12·4
        let reader = ByteReader(bytes, family: "KLL")
        let items = (0..<10).map { i in
            Float(bitPattern: try! reader.peekInteger(at: 32 + 4 * i, as: UInt32.self, field: "item"))
        }
        #expect(items == (0..<10).reversed().map(Float.init))
    }

    @Test func whylogsLayoutAddsFourBytesForDoublesOnly() throws {
        var doubles = KLLSketch<Double>(k: 200)
        var floats = KLLSketch<Float>(k: 200, layout: .whylogs)
        for v in FixtureStreams.doubles(seed: 3, count: 50) {
            doubles.update(v)
            floats.update(Float(v))
        }
        #expect(floats.layout == .datasketches)
        #expect(floats.serializedBytes(layout: .whylogs) == floats.serializedBytes())
        let standard = doubles.serializedBytes()
        let whylogs = doubles.serializedBytes(layout: .whylogs)
        #expect(standard[0] == 5 && whylogs[0] == 6)
        #expect(whylogs.count == standard.count + 4)
        #expect(Array(whylogs[20..<24]) == [0, 0, 0, 0])
        #expect(Array(whylogs[24...]) == Array(standard[20...]))
        let decoded = try KLLSketch<Double>(serializedBytes: whylogs)
        #expect(decoded.layout == .whylogs)
        #expect(decoded.defaultQueryRules == .whylogsSketching)
        #expect(decoded.serializedBytes() == whylogs)
        #expect(decoded.serializedBytes(layout: .datasketches) == standard)
        #expect(throws: SketchDecodingError.self) { try KLLSketch<Float>(serializedBytes: whylogs) }
    }

    // MARK: Queries

    @Test func exactModeQueriesFollowEachLibrarysRules() throws {
        var sketch = KLLSketch<Double>(k: 200)
        for i in 1...10 { sketch.update(Double(i)) }
        // 5.x exclusive: first cumulative weight > ⌊r·n⌋; inclusive: first ≥ ⌈r·n⌉.
        #expect(sketch.quantile(atRank: 0.25, rules: .datasketches5) == 3)
        #expect(sketch.quantile(atRank: 0.25, inclusive: true, rules: .datasketches5) == 3)
        #expect(sketch.quantile(atRank: 0.3, inclusive: true, rules: .datasketches5) == 3)
        #expect(sketch.quantile(atRank: 0.3, rules: .datasketches5) == 4)
        // whylogs: first exclusive cumulative ≥ ⌊r·n⌋ (exclusive) or inclusive cumulative ≥ ⌊r·n⌋.
        #expect(sketch.quantile(atRank: 0.25, rules: .whylogsSketching) == 3)
        #expect(sketch.quantile(atRank: 0.25, inclusive: true, rules: .whylogsSketching) == 2)
        #expect(sketch.rank(of: 5) == 0.4)
        #expect(sketch.rank(of: 5, inclusive: true) == 0.5)
        #expect(sketch.cdf(splitPoints: [2.5, 5]) == [0.2, 0.4, 1.0])
        #expect(sketch.cdf(splitPoints: [2.5, 5], inclusive: true) == [0.2, 0.5, 1.0])
        #expect(sketch.pmf(splitPoints: [2.5, 5], inclusive: true) == [0.2, 0.3, 0.5])
    }

    @Test func rankZeroAndOneDifferBetweenRulesInEstimationMode() throws {
        var sketch = KLLSketch<Double>(k: 8, coin: .seeded(5))
        for v in FixtureStreams.doubles(seed: 11, count: 5000) { sketch.update(v) }
        #expect(sketch.isEstimationMode)
        let view = try #require(sketch.sortedView())
        #expect(sketch.quantile(atRank: 0, rules: .whylogsSketching) == sketch.minItem)
        #expect(sketch.quantile(atRank: 1, rules: .whylogsSketching) == sketch.maxItem)
        #expect(sketch.quantile(atRank: 0, rules: .datasketches5) == view.items.first)
        #expect(sketch.quantile(atRank: 1, rules: .datasketches5) == view.items.last)
        #expect(view.cumulativeWeights.last == UInt64(sketch.n))
    }

    @Test func queriesDoNotChangeTheSerializedBytes() {
        var sketch = KLLSketch<Double>(k: 200, coin: .seeded(1))
        for v in FixtureStreams.doubles(seed: 2, count: 1234) { sketch.update(v) }
        let before = sketch.serializedBytes()
        #expect(before[3] & 0x02 == 0)
        _ = sketch.quantile(atRank: 0.5)
        _ = sketch.rank(of: 0)
        _ = sketch.cdf(splitPoints: [0])
        _ = sketch.pmf(splitPoints: [0])
        _ = sketch.sortedView()
        #expect(sketch.serializedBytes() == before)
    }

    @Test func normalizedRankErrorMatchesThePublishedTable() {
        func percent(_ x: Double) -> Double { (x * 100_000).rounded() / 1000 }
        #expect(percent(KLLSketch<Double>.normalizedRankError(k: 200, pmf: false)) == 1.329)
        #expect(percent(KLLSketch<Double>.normalizedRankError(k: 200, pmf: true)) == 1.652)
        #expect(percent(KLLSketch<Double>.normalizedRankError(k: 256, pmf: false)) == 1.046)
        #expect(percent(KLLSketch<Double>.normalizedRankError(k: 256, pmf: true)) == 1.308)
        #expect(percent(KLLSketch<Float>.normalizedRankError(k: 1024, pmf: false)) == 0.272)
        #expect(percent(KLLSketch<Float>.normalizedRankError(k: 1024, pmf: true)) == 0.354)
    }

    @Test func outOfRangeRankIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            var sketch = KLLSketch<Double>()
            sketch.update(1)
            _ = sketch.quantile(atRank: 1.5)
        }
    }

    // MARK: Coins

    @Test func seededCoinsAreRepeatableAndAlternatingCoinAlternates() {
        var a = KLLCompactionCoin.seeded(42)
        var b = KLLCompactionCoin.seeded(42)
        let bitsA = (0..<200).map { _ in a.flip() }
        #expect(bitsA == (0..<200).map { _ in b.flip() })
        #expect(Set(bitsA) == [0, 1])
        var alternating = KLLCompactionCoin.alternating
        // Past the 64 bits the coin loads at a time, too.
        #expect((0..<130).map { _ in alternating.flip() } == (0..<130).map { $0 % 2 })
        var system = KLLCompactionCoin.system
        #expect((0..<256).allSatisfy { _ in (0...1).contains(system.flip()) })
    }

    @Test func sameSeedGivesSameBytesAndStructureIsCoinIndependent() {
        let data = FixtureStreams.doubles(seed: 9, count: 10_000)
        func build(_ coin: KLLCompactionCoin) -> KLLSketch<Double> {
            var sketch = KLLSketch<Double>(k: 100, coin: coin)
            for v in data { sketch.update(v) }
            return sketch
        }
        #expect(build(.seeded(7)).serializedBytes() == build(.seeded(7)).serializedBytes())
        let a = build(.seeded(7))
        let b = build(.alternating)
        #expect(a.levels == b.levels)
        #expect(a.serializedBytes().count == b.serializedBytes().count)
    }

    // MARK: Merge

    @Test func mergeKeepsReceiversKAndTracksMinK() throws {
        var big = KLLSketch<Double>(k: 200, coin: .seeded(1))
        var small = KLLSketch<Double>(k: 50, coin: .seeded(2))
        for v in FixtureStreams.doubles(seed: 1, count: 3000) { big.update(v) }
        for v in FixtureStreams.doubles(seed: 2, count: 4000) { small.update(v) }
        let merged = big.merging(small)
        #expect(big.n == 3000)  // merging leaves the receiver alone
        #expect(merged.k == 200)
        #expect(merged.minK == 50)
        #expect(merged.n == 7000)
        #expect(merged.normalizedRankError(pmf: false) == KLLSketch<Double>.normalizedRankError(k: 50, pmf: false))
        #expect(merged.minItem == Swift.min(big.minItem!, small.minItem!))
        #expect(merged.maxItem == Swift.max(big.maxItem!, small.maxItem!))
        // An exact-mode sketch of smaller k does not lower minK.
        var exactSmall = KLLSketch<Double>(k: 8)
        exactSmall.update(1)
        #expect(big.merging(exactSmall).minK == 200)
        // The result is a valid image (the decoder checks n against the retained weights).
        let decoded = try KLLSketch<Double>(serializedBytes: merged.serializedBytes())
        #expect(decoded.n == 7000)
        // The reverse merge keeps k = 50.
        #expect(small.merging(big).k == 50)
    }

    @Test func mergeWithEmptySketchesIsIdentity() {
        var sketch = KLLSketch<Float>(k: 20, coin: .seeded(3))
        for v in FixtureStreams.doubles(seed: 4, count: 500) { sketch.update(Float(v)) }
        #expect(sketch.merging(KLLSketch<Float>(k: 8)).serializedBytes() == sketch.serializedBytes())
        let fromEmpty = KLLSketch<Float>(k: 20, coin: .seeded(3)).merging(sketch)
        #expect(fromEmpty.n == sketch.n)
        #expect(fromEmpty.minItem == sketch.minItem)
        #expect(fromEmpty.maxItem == sketch.maxItem)
    }

    @Test(arguments: [8, 30, 200])
    func manyMergesKeepEveryInvariant(k: Int) throws {
        var rng = SplitMix64(seed: UInt64(k))
        var total = KLLSketch<Double>(k: k, coin: .seeded(UInt64(k)))
        var count = 0
        for part in 0..<40 {
            var piece = KLLSketch<Double>(k: [8, 16, k, 300][part % 4], coin: .seeded(UInt64(part)))
            let size = Int(rng.next() % 3000)
            for _ in 0..<size { piece.update(Double(rng.next() % 1_000_000)) }
            count += size
            total.merge(piece)
            if part % 3 == 0 {
                total.update(-1)
                count += 1
            }
            let decoded = try KLLSketch<Double>(serializedBytes: total.serializedBytes())
            #expect(decoded.n == count, "part \(part)")
            #expect(decoded.numRetained == total.numRetained)
        }
        #expect(total.minK == 8)
    }
}

/// The merge from both ends gives, bit for bit, the sequence of the merge from the front (ties,
/// ±0 included).
@Suite
struct KLLMergeTests {
    @Test func mergingFromBothEndsEqualsMergingFromTheFront() {
        for seed: UInt64 in 1...300 {
            var random = SplitMix64(seed: seed)
            let values: [Double] = [-0.0, 0.0, 1, 1, 2, -3, 0.5, .infinity, -.infinity]
            func run(_ count: Int) -> [Double] {
                (0..<count).map { _ in
                    random.next() % 3 == 0
                        ? Double(random.next() % 1000) / 7 : values[Int(random.next() % UInt64(values.count))]
                }.sorted()
            }
            var a = run(1 + Int(random.next() % 200))
            var b = run(1 + Int(random.next() % 200))
            var forward = [Double](repeating: .nan, count: a.count + b.count)
            var both = forward
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    forward.withUnsafeMutableBufferPointer { out in
                        _KLLLevels.mergeForward(
                            a.baseAddress!, count: a.count, b.baseAddress!, count: b.count, into: out.baseAddress!)
                    }
                    both.withUnsafeMutableBufferPointer { out in
                        _KLLLevels.mergeBothEnds(
                            a.baseAddress!, count: a.count, b.baseAddress!, count: b.count, into: out.baseAddress!)
                    }
                }
            }
            #expect(forward.map(\.bitPattern) == both.map(\.bitPattern), "seed \(seed)")
        }
    }
}
