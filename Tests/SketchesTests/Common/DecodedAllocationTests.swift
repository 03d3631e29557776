import Testing

@testable import Sketches

/// A decoder sizes what it allocates by the image's content, not by the sizes its header claims,
/// so a few bytes cannot make it allocate megabytes; and the decoded sketch behaves, and
/// re-serializes, as if it had the claimed size.
@Suite struct DecodedAllocationTests {
    /// An empty frequent-items image claiming `2^lgCur` map slots (flags 0x05).
    static func emptyFrequentItemsImage(lgMax: UInt8, lgCur: UInt8) -> [UInt8] {
        [0x01, 0x01, 0x0a, lgMax, lgCur, 0x05, 0x00, 0x00]
    }

    /// A one-item frequent-items image ("a", weight 3) claiming `2^lgCur` map slots.
    static func oneItemFrequentItemsImage(lgMax: UInt8, lgCur: UInt8) -> [UInt8] {
        var bytes: [UInt8] = [0x04, 0x01, 0x0a, lgMax, lgCur, 0x00, 0x00, 0x00]
        bytes += [1, 0, 0, 0, 0, 0, 0, 0]  // numActive 1, unused 0
        bytes += [3, 0, 0, 0, 0, 0, 0, 0]  // total weight 3
        bytes += [0, 0, 0, 0, 0, 0, 0, 0]  // offset 0
        bytes += [3, 0, 0, 0, 0, 0, 0, 0]  // weight of "a"
        bytes += [1, 0, 0, 0, 0x61]  // "a"
        return bytes
    }

    @Test func anEmptyFrequentItemsImageClaimingAMillionSlotsAllocatesAFew() throws {
        let image = Self.emptyFrequentItemsImage(lgMax: 20, lgCur: 20)
        let sketch = try FrequentItemsSketch<String>(serializedBytes: image)
        #expect(sketch.map.slots.size <= 8, "allocated \(sketch.map.slots.size) slots for an empty image")
        #expect(sketch.lgCurMapSize == 20)
        #expect(sketch.serializedBytes() == image)
    }

    @Test func aOneItemFrequentItemsImageClaimingAMillionSlotsAllocatesByContent() throws {
        let image = Self.oneItemFrequentItemsImage(lgMax: 20, lgCur: 20)
        let sketch = try FrequentItemsSketch<String>(serializedBytes: image)
        #expect(sketch.map.slots.size <= 1 << 10, "allocated \(sketch.map.slots.size) slots for one item")
        #expect(sketch.lgCurMapSize == 20)
        #expect(sketch.estimate(of: "a") == 3)
        #expect(sketch.serializedBytes() == image)
    }

    @Test(arguments: [3, 7, 10])
    func claimsWithinWhylogsSizesKeepTheClaimedMap(lgCur: Int) throws {
        // A sketch grown to lgCur, then decoded: the same map size, as DataSketches allocates.
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 10)
        let distinct = (3 << lgCur) / 4
        for i in 0..<distinct { sketch.update("item \(i)", weight: UInt64(1 + i % 7)) }
        let image = sketch.serializedBytes()
        let decoded = try FrequentItemsSketch<String>(serializedBytes: image)
        #expect(decoded.lgCurMapSize == sketch.lgCurMapSize)
        #expect(decoded.map.slots.size == 1 << sketch.lgCurMapSize)
        // Re-inserting may reorder items (it did before sizing by content too): compare contents.
        #expect(decoded.trackedItems.map(\.item).sorted() == sketch.trackedItems.map(\.item).sorted())
        #expect(decoded.serializedBytes().count == image.count)
    }

    @Test(arguments: [(12, 1, 1400), (20, 0, 1000), (10, 1, 5000)])
    func aDecodedSketchWithAStatedSizeUpdatesLikeOneOfThatSize(lgCur: Int, items: Int, updates: Int) throws {
        // The stated-size sketch, built directly, and the content-sized decoded one give the same
        // answers after the same updates (with purges at lg 10, where the whole map is sampled).
        let lg = UInt8(lgCur)
        let image =
            items == 0
            ? Self.emptyFrequentItemsImage(lgMax: lg, lgCur: lg) : Self.oneItemFrequentItemsImage(lgMax: lg, lgCur: lg)
        var decoded = try FrequentItemsSketch<String>(serializedBytes: image)
        var reference = FrequentItemsSketch<String>(lgMaxMapSize: lgCur, lgStartMapSize: lgCur)
        if items == 1 { reference.update("a", weight: 3) }
        var other = FrequentItemsSketch<String>(lgMaxMapSize: 10)
        for i in 0..<updates {
            let item = "v\(i % 4000)"
            decoded.update(item, weight: UInt64(1 + i % 5))
            reference.update(item, weight: UInt64(1 + i % 5))
            other.update("w\(i % 300)")
        }
        decoded.merge(other)
        reference.merge(other)
        #expect(decoded.totalWeight == reference.totalWeight)
        #expect(decoded.maximumError == reference.maximumError)
        #expect(decoded.numActiveItems == reference.numActiveItems)
        #expect(decoded.lgCurMapSize == reference.lgCurMapSize)
        let rows = decoded.frequentItems(errorType: .noFalseNegatives, threshold: 0)
        let referenceRows = reference.frequentItems(errorType: .noFalseNegatives, threshold: 0)
        #expect(rows.map(\.item) == referenceRows.map(\.item))
        #expect(rows.map(\.estimate) == referenceRows.map(\.estimate))
        if lgCur <= 10 { #expect(decoded.serializedBytes() == reference.serializedBytes()) }
    }

    /// An empty KLL image with the given k.
    static func emptyKLLImage(k: UInt16) -> [UInt8] {
        [0x02, 0x01, 0x0f, 0x01, UInt8(k & 0xff), UInt8(k >> 8), 0x08, 0x00]
    }

    @Test func anEmptyKLLImageWithTheLargestKAllocatesNoItems() throws {
        let image = Self.emptyKLLImage(k: 65535)
        let sketch = try KLLSketch<Double>(serializedBytes: image)
        #expect(sketch.items.count == 0, "allocated \(sketch.items.count) items for an empty image")
        #expect(sketch.k == 65535)
        #expect(sketch.serializedBytes() == image)
    }

    @Test func aSingleItemKLLImageWithTheLargestKAllocatesOneItem() throws {
        var image: [UInt8] = [0x02, 0x02, 0x0f, 0x04, 0xff, 0xff, 0x08, 0x00]
        image += (2.5).bitPattern.littleEndianBytes
        let sketch = try KLLSketch<Double>(serializedBytes: image)
        #expect(sketch.items.count <= 1, "allocated \(sketch.items.count) items for one item")
        #expect(sketch.quantile(atRank: 0.5) == 2.5)
        #expect(sketch.serializedBytes() == image)
    }

    @Test(arguments: [0, 1, 2, 500, 70_000])
    func aDecodedSmallKLLSketchUpdatesAndMergesLikeAFreshOne(count: Int) throws {
        // The decoded sketch (lazily allocated) and one built directly, with the same coin, give
        // the same bytes after the same updates and merges.
        var fresh = KLLSketch<Double>(k: 65535, coin: .seeded(7))
        if count > 0 { fresh.update(1.5) }
        var decoded = try KLLSketch<Double>(serializedBytes: fresh.serializedBytes(), coin: .seeded(7))
        var other = KLLSketch<Double>(k: 200, coin: .seeded(9))
        for i in 0..<count { other.update(Double(i % 977)) }
        for i in 0..<count {
            fresh.update(Double(i))
            decoded.update(Double(i))
        }
        fresh.merge(other)
        decoded.merge(other)
        #expect(decoded.serializedBytes() == fresh.serializedBytes(), "count \(count)")
        #expect(decoded.n == fresh.n)
        var empty = try KLLSketch<Double>(serializedBytes: Self.emptyKLLImage(k: 65535), coin: .seeded(7))
        var reference = KLLSketch<Double>(k: 65535, coin: .seeded(7))
        empty.merge(other)
        reference.merge(other)
        #expect(empty.serializedBytes() == reference.serializedBytes(), "merge into empty, count \(count)")
    }

    /// A full DataSketches-layout KLL doubles image with k = 8 whose `count` retained items sit
    /// at level `level` (n = count · 2^level).
    static func kllImage(items count: Int = 1, atLevel level: Int) -> [UInt8] {
        let numLevels = level + 1
        let capacity = _KLLLevels.totalCapacity(k: 8, numLevels: numLevels)
        var bytes: [UInt8] = [0x05, 0x01, 0x0f, 0x00, 0x08, 0x00, 0x08, 0x00]
        bytes += (UInt64(count) << UInt64(level)).littleEndianBytes
        bytes += [0x08, 0x00, UInt8(numLevels), 0x00]
        for _ in 0..<numLevels { bytes += UInt32(capacity - count).littleEndianBytes }
        for _ in 0..<(2 + count) { bytes += (1.0).bitPattern.littleEndianBytes }  // min, max, the items
        return bytes
    }

    @Test func kllNBeyondWhatAStreamCanReachIsRejected() throws {
        let atTheBound = try KLLSketch<Double>(serializedBytes: Self.kllImage(atLevel: 53))
        #expect(atTheBound.n == 1 << 53)
        for (count, level) in [(7, 60), (1, 54), (3, 52)] {
            let error = #expect(throws: SketchDecodingError.self, "\(count) items at level \(level)") {
                try KLLSketch<Double>(serializedBytes: Self.kllImage(items: count, atLevel: level))
            }
            #expect(error?.field == "n", "\(String(describing: error))")
            #expect(error?.offset == 8)
            #expect(error?.description.contains("2^53") == true, "\(String(describing: error))")
        }
    }
}

extension FixedWidthInteger {
    fileprivate var littleEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}
