import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct HLLTests {
    @Test func newSketchIsEmptyListWithZeroEstimateAndBounds() {
        let sketch = HLLSketch(lgK: 12)
        #expect(sketch.isEmpty && sketch.mode == .list && !sketch.isOutOfOrder)
        #expect(sketch.lgK == 12 && sketch.targetType == .hll4)
        #expect(sketch.estimate == 0)
        for s in 1...3 {
            #expect(sketch.lowerBound(standardDeviations: s) == 0 && sketch.upperBound(standardDeviations: s) == 0)
        }
        #expect(sketch.serializedBytes() == [0x02, 0x01, 0x07, 0x0C, 0x03, 0x0C, 0x00, 0x00])
        #expect(
            sketch.serializedBytes(compact: false) == [0x02, 0x01, 0x07, 0x0C, 0x03, 0x04, 0x00, 0x00]
                + [UInt8](repeating: 0, count: 32))
    }

    @Test func tenCouponsEstimateMatchesTheDocumentedValue() {
        var sketch = HLLSketch(lgK: 12)
        for i in 0..<10 { sketch.update(Int64(i)) }
        #expect(sketch.mode == .set)
        #expect(sketch.estimate == 10.000000223517425)
    }

    @Test("LIST, SET and HLL promotion points for lg_k 12: SET at 8 coupons, HLL at the 385th")
    func promotionPointsMatchDataSketches() {
        var sketch = HLLSketch(lgK: 12)
        var coupons = Set<UInt32>()
        var i: Int64 = 0
        var lgSizes: [Int: Int] = [:]  // table lg → coupon count when first seen
        while sketch.mode != .hll {
            sketch.update(i)
            coupons.insert(HLLSketch._coupon(MurmurHash3.hash(i)))
            i += 1
            if coupons.count < 8 { #expect(sketch.mode == .list) }
            if sketch.mode == .set, lgSizes[sketch._coupons.lgSize] == nil {
                lgSizes[sketch._coupons.lgSize] = coupons.count
            }
        }
        #expect(coupons.count == 385)
        #expect(lgSizes == [5: 8, 6: 25, 7: 49, 8: 97, 9: 193])
    }

    @Test("Small lg_k promotes LIST directly to HLL", arguments: [4, 5, 6, 7])
    func smallLgKSkipsSetMode(lgK: Int) {
        var sketch = HLLSketch(lgK: lgK)
        var i: Int64 = 0
        while sketch.mode == .list {
            sketch.update(i)
            i += 1
        }
        #expect(sketch.mode == .hll)
        // The HIP accumulator starts at the coupon estimate of the 8 promoted coupons.
        #expect(abs(sketch.estimate - 8) < 1e-3)
    }

    @Test func inputCanonicalisationFollowsDataSketches() {
        func coupons(_ build: (inout HLLSketch) -> Void) -> [UInt32] {
            var sketch = HLLSketch(lgK: 12)
            build(&sketch)
            return sketch.coupons
        }
        #expect(coupons { $0.update(-0.0) } == coupons { $0.update(0.0) })
        #expect(coupons { $0.update(Double.nan) } == coupons { $0.update(-Double.nan) })
        #expect(coupons { $0.update(Float(1.5)) } == coupons { $0.update(1.5) })
        #expect(coupons { $0.update(UInt32.max) } == coupons { $0.update(Int64(-1)) })
        #expect(coupons { $0.update(Int8(-3)) } == coupons { $0.update(Int64(-3)) })
        #expect(coupons { $0.update(UInt64.max) } == coupons { $0.update(Int64(-1)) })
        #expect(coupons { $0.update(Int32(7)) } == coupons { $0.update(Int64(7)) })
        #expect(coupons { $0.update(100) } != coupons { $0.update(100.0) })
        #expect(coupons { $0.update("") }.isEmpty)
        #expect(coupons { $0.update("héllo") } == coupons { $0.update(bytes: Array("héllo".utf8)) })
        #expect(coupons { $0.update(bytes: [UInt8]()) }.count == 1)  // empty buffer is hashed
        #expect(
            coupons {
                $0.update("a")
                $0.update("a")
            }.count == 1)
    }

    @Test(
        "Conversions preserve registers and estimates",
        arguments: [(HLLTargetType.hll4, HLLTargetType.hll8), (.hll8, .hll4), (.hll6, .hll4), (.hll4, .hll6)])
    func conversionPreservesState(from: HLLTargetType, to: HLLTargetType) throws {
        var sketch = HLLSketch(lgK: 6, targetType: from)
        for x in FixtureStreams.int64s(seed: 77, count: 200_000) { sketch.update(x) }
        let converted = sketch.converted(to: to)
        #expect(converted.targetType == to)
        #expect(converted.registerValues == sketch.registerValues)
        #expect(converted.estimate == sketch.estimate)
        for s in 1...3 {
            #expect(converted.lowerBound(standardDeviations: s) == sketch.lowerBound(standardDeviations: s))
        }
        // Converting back gives the same bytes as the original.
        #expect(converted.converted(to: from).serializedBytes() == sketch.serializedBytes())
    }

    @Test func hll4CurMinShiftsAndAuxExceptionsAgreeWithHLL8() {
        // lg_k 4 with many items: curMin rises well above 0 and large values need aux entries.
        var s4 = HLLSketch(lgK: 4, targetType: .hll4)
        var s8 = HLLSketch(lgK: 4, targetType: .hll8)
        var rng = SplitMix64(seed: 4)
        for _ in 0..<300_000 {
            let x = Int64(bitPattern: rng.next())
            s4.update(x)
            s8.update(x)
        }
        #expect(s4._array.curMin > 5)
        #expect(s4.registerValues == s8.registerValues)
        #expect(s4.estimate == s8.estimate)
        #expect(s4._array.kxq0 == s8._array.kxq0 && s4._array.kxq1 == s8._array.kxq1)
    }

    @Test func unionOfListSketchesStaysInListMode() {
        var a = HLLSketch(lgK: 12)
        var b = HLLSketch(lgK: 12, targetType: .hll8)
        a.update("x")
        a.update("y")
        b.update("y")
        b.update("z")
        var union = HLLUnion(lgMaxK: 12)
        union.update(HLLSketch(lgK: 12))  // empty: ignored
        union.update(a)
        union.update(b)
        #expect(union.mode == .list && union.result().mode == .list && union.result().targetType == .hll4)
        #expect(union.result().coupons.count == 3)
        #expect(!union.isOutOfOrder)
    }

    @Test func unionOfHLLSketchesIsOutOfOrderAndUsesCompositeEstimate() {
        var a = HLLSketch(lgK: 12)
        var b = HLLSketch(lgK: 12, targetType: .hll6)
        for x in FixtureStreams.int64s(seed: 9, count: 30_000) { a.update(x) }
        for x in FixtureStreams.int64s(seed: 10, count: 30_000) { b.update(x) }
        var union = HLLUnion(lgMaxK: 12)
        union.update(a)
        #expect(!union.isOutOfOrder)
        #expect(union.estimate == a.estimate)  // HIP carried over
        union.update(b)
        #expect(union.isOutOfOrder && union.result().isOutOfOrder)
        #expect(abs(union.estimate / 60_000 - 1) < 3 * 1.04 / 64)
        #expect(union.result(targetType: .hll8).serializedBytes()[8..<16].allSatisfy { $0 == 0 })  // hip = 0
    }

    @Test("Union downsamples to the smallest lg_k and keeps earlier data (no 5.2.0 data loss)")
    func unionDownsamplingKeepsData() {
        var a = HLLSketch(lgK: 12)
        var b = HLLSketch(lgK: 12)
        let items = FixtureStreams.int64s(seed: 21, count: 30_000)
        for x in items[0..<20_000] { a.update(x) }
        for x in items[10_000...] { b.update(x) }
        var union = HLLUnion(lgMaxK: 11)
        union.update(a)
        union.update(b)
        #expect(union.lgK == 11)
        #expect(abs(union.estimate / 30_000 - 1) < 3 * 1.04 / 45)
        var small = HLLSketch(lgK: 9)
        for x in items[0..<1000] { small.update(x) }
        union.update(small)
        #expect(union.lgK == 9)
        #expect(abs(union.estimate / 30_000 - 1) < 3 * 1.04 / 22)
    }

    @Test func equalSketchesSerializeEqually() throws {
        var a = HLLSketch(lgK: 10, targetType: .hll6)
        for x in FixtureStreams.doubles(seed: 3, count: 5000) { a.update(x) }
        let b = try HLLSketch(serializedBytes: a.serializedBytes(compact: false))
        #expect(a == b)
    }

    @Test func updateIsStableUnderRepeatedItems() {
        var sketch = HLLSketch(lgK: 8, targetType: .hll4)
        for x in FixtureStreams.int64s(seed: 5, count: 3000) { sketch.update(x) }
        let before = sketch.serializedBytes()
        for x in FixtureStreams.int64s(seed: 5, count: 3000) { sketch.update(x) }
        #expect(sketch.serializedBytes() == before)
    }

    @Test func lgKOutOfRangeIsAPreconditionFailure() async {
        await #expect(processExitsWith: .failure) { _ = HLLSketch(lgK: 3) }
        await #expect(processExitsWith: .failure) { _ = HLLSketch(lgK: 22) }
        await #expect(processExitsWith: .failure) { _ = HLLSketch(lgK: 12).lowerBound(standardDeviations: 4) }
    }
}

@Suite struct HLLMergeTests {
    @Test func mergingEqualsUnionResultWithOwnTargetType() {
        var a = HLLSketch(lgK: 11, targetType: .hll6)
        var b = HLLSketch(lgK: 12)
        for x in FixtureStreams.uniques(seed: 1, count: 20_000) { a.update(x) }
        for x in FixtureStreams.uniques(seed: 2, count: 5_000) { b.update(x) }
        var union = HLLUnion(lgMaxK: 11)
        union.update(a)
        union.update(b)
        let merged = a.merging(b)
        #expect(merged.targetType == .hll6 && merged.lgK == 11)
        #expect(merged == union.result(targetType: .hll6))
        var c = a
        c.merge(b)
        #expect(c == merged)
        #expect(abs(merged.estimate / 25_000 - 1) < 3 * 1.04 / 45)
    }

    @Test func mergingEmptyChangesNothingObservable() {
        var a = HLLSketch(lgK: 10)
        for x in FixtureStreams.int64s(seed: 3, count: 3) { a.update(x) }
        let merged = a.merging(HLLSketch(lgK: 10))
        #expect(merged.serializedBytes() == a.serializedBytes())
    }
}
