import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct FrequentItemsTests {
    // MARK: - Hash

    /// `std::hash<std::string>` values printed by a program built with g++ 12 / libstdc++ on
    /// x86_64 Linux (`std::hash<std::string>{}(s)`).
    @Test(arguments: [
        ("", 0x553e_9390_1e46_2a6e as UInt64),
        ("a", 0x454d_dee4_88c1_ed6b),
        ("item-0", 0x621b_c40f_37ea_0766),
        ("item-123", 0x1ad8_613c_496d_626f),
        ("abcdefgh", 0x783d_b3e3_8db8_98bb),
        ("abcdefghi", 0xb4ec_9257_851c_8aaf),
        ("u-0123456789abcdef", 0x4680_bed6_69d3_7697),
        ("héllo wörld, a longer string of 40 bytes", 0xa139_a87e_ac35_c3f1),
    ])
    func stringHashEqualsLibstdcxxStdHash(_ input: String, _ expected: UInt64) {
        #expect(input.frequentItemsHash == expected)
    }

    /// The small-string fast path reads bytes straight from `String`'s two words; this checks
    /// that layout against `String.utf8` and the portable hash for every length 0...20, ASCII and
    /// not, native and bridged-free substrings.
    @Test func smallStringFastPathMatchesUTF8View() {
        #expect(_SmallUTF8.isLayoutVerified)
        var samples: [String] = []
        for length in 0...20 {
            samples.append(String(repeating: "x", count: length))
            samples.append(String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }))
            if length >= 2 { samples.append(String(repeating: "\u{e9}", count: length / 2)) }
        }
        samples.append(String("a longer string that is not small"[...].prefix(5)))
        for sample in samples {
            let portable = Array(sample.utf8).withUnsafeBytes { _LibstdcxxHash.hashBytes($0) }
            #expect(sample.frequentItemsHash == portable, "\(sample)")
            if let small = _SmallUTF8(sample) {
                #expect(small.count == sample.utf8.count, "\(sample)")
                #expect(sample.utf8.count <= 15)
            }
            for other in samples {
                #expect(
                    String.isSameFrequentItem(sample, other) == Array(sample.utf8).elementsEqual(other.utf8),
                    "\(sample) vs \(other)")
            }
        }
    }

    @Test func int64HashIsTheIdentityLikeLibstdcxx() {
        #expect(Int64(-1).frequentItemsHash == UInt64.max)
        #expect(Int64(42).frequentItemsHash == 42)
    }

    // MARK: - Empty and trivial sketches

    @Test(arguments: [3, 7, 10])
    func emptySketchAnswersZeroAndSerializesToEightBytes(_ lgMax: Int) throws {
        let sketch = FrequentItemsSketch<String>(lgMaxMapSize: lgMax)
        #expect(sketch.isEmpty)
        #expect(sketch.numActiveItems == 0)
        #expect(sketch.totalWeight == 0)
        #expect(sketch.maximumError == 0)
        #expect(sketch.lgCurMapSize == 3)
        #expect(sketch.lgMaxMapSize == lgMax)
        #expect(sketch.estimate(of: "x") == 0)
        #expect(sketch.upperBound(of: "x") == 0)
        #expect(sketch.frequentItems(errorType: .noFalseNegatives).isEmpty)
        #expect(sketch.serializedBytes() == [1, 1, 10, UInt8(lgMax), 3, 5, 0, 0])
        let decoded = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        #expect(decoded.isEmpty && decoded.lgMaxMapSize == lgMax)
    }

    @Test func mapSizesBelowThreeAreRaisedToThree() {
        let sketch = FrequentItemsSketch<String>(lgMaxMapSize: 1, lgStartMapSize: 0)
        #expect(sketch.lgMaxMapSize == 3)
        #expect(sketch.lgCurMapSize == 3)
        #expect(sketch.epsilon == 3.5 / 8)
    }

    @Test func startMapSizeIsKeptUntilTheMapFills() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 10, lgStartMapSize: 6)
        #expect(sketch.lgCurMapSize == 6)
        for i in 0..<49 { sketch.update("k\(i)") }
        #expect(sketch.lgCurMapSize == 7)
    }

    @Test func zeroWeightUpdateDoesNothing() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        sketch.update("a", weight: 0)
        #expect(sketch.isEmpty)
        #expect(sketch.totalWeight == 0)
    }

    @Test func weightedUpdatesAccumulatePerItem() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        sketch.update("a", weight: 3)
        sketch.update("b")
        sketch.update("a", weight: 4)
        #expect(sketch.totalWeight == 8)
        #expect(sketch.numActiveItems == 2)
        #expect(sketch.estimate(of: "a") == 7)
        #expect(sketch.lowerBound(of: "a") == 7)
        #expect(sketch.upperBound(of: "a") == 7)
        #expect(sketch.estimate(of: "c") == 0)
        #expect(
            sketch.frequentItems(errorType: .noFalsePositives, threshold: 0) == [
                FrequentItemsRow(item: "a", estimate: 7, lowerBound: 7, upperBound: 7),
                FrequentItemsRow(item: "b", estimate: 1, lowerBound: 1, upperBound: 1),
            ])
        // The Python binding's example image for update("a", 3) alone.
        var single = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        single.update("a", weight: 3)
        #expect(
            single.serializedBytes() == [
                4, 1, 10, 7, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x61,
            ])
    }

    @Test func canonicallyEquivalentStringsWithDifferentBytesAreDifferentItems() throws {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        sketch.update("\u{e9}", weight: 2)
        sketch.update("e\u{301}")
        #expect(sketch.numActiveItems == 2)
        #expect(sketch.estimate(of: "\u{e9}") == 2)
        #expect(sketch.estimate(of: "e\u{301}") == 1)
        let decoded = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        #expect(decoded.numActiveItems == 2)
        #expect(decoded.estimate(of: "e\u{301}") == 1)
    }

    @Test func emptyStringIsAnItem() throws {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        sketch.update("", weight: 5)
        #expect(sketch.estimate(of: "") == 5)
        let decoded = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        #expect(decoded.estimate(of: "") == 5)
    }

    // MARK: - Purging

    @Test func purgeThatDropsEveryItemLeavesAnEmptySketchWithWeightAndError() {
        // As in C++: seven distinct items overfill the 8-slot map (capacity 6); the median weight 1
        // deletes all of them.
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        for i in 0..<7 { sketch.update("x\(i)") }
        #expect(sketch.isEmpty)
        #expect(sketch.totalWeight == 7)
        #expect(sketch.maximumError == 1)
        #expect(sketch.upperBound(of: "x0") == 1)
        #expect(sketch.serializedBytes() == [1, 1, 10, 3, 3, 5, 0, 0])
    }

    @Test func serializingASketchWhosePurgeDroppedEveryItemLosesItsWeight() throws {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        for i in 0..<7 { sketch.update("x\(i)") }
        let decoded = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        #expect(decoded.totalWeight == 0)
        #expect(decoded.maximumError == 0)
    }

    @Test func mapGrowsToLgMaxThenPurges() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 5)
        for i in 0..<24 { sketch.update("k\(i)", weight: UInt64(i + 1)) }
        #expect(sketch.lgCurMapSize == 5)
        #expect(sketch.numActiveItems == 24)
        #expect(sketch.maximumError == 0)
        sketch.update("new")
        // 25 values 1...24 and 1; the median of the sorted sample is 12.
        #expect(sketch.maximumError == 12)
        #expect(sketch.numActiveItems == 12)
        #expect(sketch.lowerBound(of: "k23") == 12)
        #expect(sketch.estimate(of: "k23") == 24)
        #expect(sketch.lgCurMapSize == 5)
    }

    // MARK: - Queries

    @Test func equalEstimatesAreListedInUTF8ByteOrder() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        for item in ["pear", "apple", "Zebra", "fig", "äpfel", "apple"] { sketch.update(item) }
        let items = sketch.frequentItems(errorType: .noFalseNegatives).map(\.item)
        #expect(items == ["apple", "Zebra", "fig", "pear", "äpfel"])
    }

    @Test func thresholdDefaultsToMaximumError() {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        for item in FixtureStreams.strings(seed: 5, count: 5000, universe: 20) { sketch.update(item) }
        #expect(sketch.maximumError > 0)
        for type in FrequentItemsErrorType.allCases {
            #expect(
                sketch.frequentItems(errorType: type)
                    == sketch.frequentItems(errorType: type, threshold: sketch.maximumError))
        }
        #expect(sketch.frequentItems(errorType: .noFalseNegatives).count == sketch.numActiveItems)
    }

    @Test func trackedItemsFollowTheSerializedOrder() throws {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        for item in FixtureStreams.strings(seed: 9, count: 3000) { sketch.update(item) }
        let tracked = sketch.trackedItems
        #expect(tracked.count == sketch.numActiveItems)
        var bytes: [UInt8] = []
        for entry in tracked { entry.item.appendFrequentItemBytes(to: &bytes) }
        #expect(sketch.serializedBytes().suffix(bytes.count).elementsEqual(bytes))
        #expect(tracked.allSatisfy { sketch.lowerBound(of: $0.item) == $0.weight })
    }

    @Test func aPrioriErrorIsEpsilonTimesWeight() {
        #expect(FrequentItemsSketch<String>.epsilon(lgMaxMapSize: 7) == 0.02734375)
        #expect(FrequentItemsSketch<String>.aPrioriError(lgMaxMapSize: 7, totalWeight: 1000) == 27.34375)
    }

    // MARK: - Merging

    @Test func mergingEqualsMergeAndLeavesOperandsUnchanged() {
        let a = FrequentItemsStreamSpec(stream: "strings", seed: 1, n: 5000, lgMax: 6).build()
        let b = FrequentItemsStreamSpec(stream: "uniques", seed: 2, n: 500, lgMax: 8).build()
        let aBytes = a.serializedBytes()
        let bBytes = b.serializedBytes()
        var merged = a
        merged.merge(b)
        #expect(a.merging(b).serializedBytes() == merged.serializedBytes())
        #expect(a.serializedBytes() == aBytes)
        #expect(b.serializedBytes() == bBytes)
        #expect(merged.totalWeight == a.totalWeight + b.totalWeight)
        #expect(merged.lgMaxMapSize == 6)
    }

    @Test func mergeWithoutPurgesEqualsOneSketchOfBothStreams() {
        let left = FixtureStreams.strings(seed: 3, count: 400, universe: 30)
        let right = FixtureStreams.strings(seed: 4, count: 600, universe: 30)
        var a = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        var b = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        var whole = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        for item in left {
            a.update(item)
            whole.update(item)
        }
        for item in right {
            b.update(item)
            whole.update(item)
        }
        a.merge(b)
        #expect(a.maximumError == 0)
        #expect(a.totalWeight == whole.totalWeight)
        #expect(a.frequentItems(errorType: .noFalsePositives) == whole.frequentItems(errorType: .noFalsePositives))
    }

    @Test func mergingAnEmptySketchChangesNothing() throws {
        let a = FrequentItemsStreamSpec(stream: "strings", seed: 1, n: 2000, lgMax: 6).build()
        try #require(!a.isEmpty && a.maximumError > 0)
        #expect(a.merging(FrequentItemsSketch(lgMaxMapSize: 9)).serializedBytes() == a.serializedBytes())
        let fromEmpty = FrequentItemsSketch<String>(lgMaxMapSize: 6).merging(a)
        #expect(fromEmpty.frequentItems(errorType: .noFalseNegatives) == a.frequentItems(errorType: .noFalseNegatives))
        #expect(fromEmpty.maximumError == a.maximumError)
        #expect(fromEmpty.totalWeight == a.totalWeight)
    }

    @Test func mergingASketchWhosePurgeDroppedEveryItemKeepsItsWeightAndError() {
        // DataSketches skips such a sketch; we add its weight and error so the bounds stay valid.
        var dropped = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        for i in 0..<7 { dropped.update("x\(i)") }
        var target = FrequentItemsSketch<String>(lgMaxMapSize: 3)
        target.update("x0")
        target.merge(dropped)
        #expect(target.totalWeight == 8)
        #expect(target.maximumError == 1)
        #expect(target.upperBound(of: "x0") == 2)
    }

    // MARK: - Other item types

    @Test func int64ItemsRoundTrip() throws {
        var sketch = FrequentItemsSketch<Int64>(lgMaxMapSize: 6)
        var rng = SplitMix64(seed: 11)
        var truth: [Int64: UInt64] = [:]
        for _ in 0..<5000 {
            let value = Int64(bitPattern: rng.next() % 200) - 100
            sketch.update(value)
            truth[value, default: 0] += 1
        }
        let bytes = sketch.serializedBytes()
        #expect(bytes.count == 32 + sketch.numActiveItems * 16)
        let decoded = try FrequentItemsSketch<Int64>(serializedBytes: bytes)
        #expect(
            decoded.frequentItems(errorType: .noFalseNegatives) == sketch.frequentItems(errorType: .noFalseNegatives))
        for (value, count) in truth {
            #expect(decoded.lowerBound(of: value) <= count && count <= decoded.upperBound(of: value))
        }
    }

    // MARK: - Preconditions

    @Test func lgMaxMapSizeAboveTheLimitIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = FrequentItemsSketch<String>(lgMaxMapSize: 27)
        }
    }

    @Test func startSizeAboveMaxSizeIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = FrequentItemsSketch<String>(lgMaxMapSize: 5, lgStartMapSize: 6)
        }
    }
}

extension FrequentItemsStreamSpec {
    init(stream: String, seed: UInt64, n: Int, lgMax: Int, weighted: Bool = false) {
        self.init(["stream": stream, "seed": seed, "n": n, "lg_max": lgMax, "weighted": weighted])
    }
}

@Suite struct FrequentItemsMedianSelectionTests {
    @Test(arguments: Array(UInt64(1)...200))
    func selectionEqualsSortedElement(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let count = 1 + Int(rng.next() % 1024)
        let spread = [2, 10, 1000, UInt64.max][Int(rng.next() % 4)]
        var values = (0..<count).map { _ in rng.next() % spread }
        let k = Int(rng.next() % UInt64(count))
        let expected = values.sorted()[k]
        let selected = values.withUnsafeMutableBufferPointer {
            _ReversePurgeHashMap<String>.select(k, in: $0)
        }
        #expect(selected == expected, "seed \(seed), count \(count), k \(k)")
    }
}
