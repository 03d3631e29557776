import SketchbookTestSupport
import Testing

@testable import Sketches

/// Truncated and corrupted images must throw `SketchDecodingError` or decode to a sketch whose
/// queries, updates, merges and re-serialization all work.
@Suite struct KLLMalformedInputTests {
    static let cases = KLLFixtureManifest.shared.cases

    /// Every offset below 64 KiB (all KLL fixtures are smaller); beyond that the first 4 KiB and a stride.
    static func cutOffsets(_ count: Int) -> [Int] {
        count <= 65_536 ? Array(0..<count) : Array(0..<4096) + Array(stride(from: 4096, to: count, by: 97))
    }

    @Test(arguments: cases)
    func everyTruncationThrows(_ fixture: KLLFixtureCase) throws {
        let bytes = try fixture.bytes()
        for cut in Self.cutOffsets(bytes.count) {
            let prefix = bytes[..<cut]
            #expect(throws: SketchDecodingError.self, "cut at \(cut)") {
                try KLLSketch<Double>(serializedBytes: prefix)
            }
            // A 16-byte single-double image cut to 12 bytes is a valid single-float image: the
            // format has no item-type marker.
            if fixture.item_type == "double" && fixture.answers.n == 1 && cut == 12 { continue }
            #expect(throws: SketchDecodingError.self, "cut at \(cut)") { try KLLSketch<Float>(serializedBytes: prefix) }
            #expect(throws: SketchDecodingError.self, "cut at \(cut)") { try AnyKLLSketch(serializedBytes: prefix) }
        }
    }

    @Test(arguments: cases)
    func trailingBytesAreRejected(_ fixture: KLLFixtureCase) throws {
        let bytes = try fixture.bytes() + [0]
        #expect(throws: SketchDecodingError.self) { try AnyKLLSketch(serializedBytes: bytes) }
    }

    @Test(arguments: cases)
    func randomByteFlipsThrowOrDecodeToAWorkingSketch(_ fixture: KLLFixtureCase) throws {
        let original = try fixture.bytes()
        var rng = SplitMix64(seed: UInt64(original.count) &* 31 &+ UInt64(fixture.k))
        for trial in 0..<150 {
            var bytes = original
            let flips = 1 + Int(rng.next() % 3)
            for _ in 0..<flips {
                // Favour the header, where the interesting fields are.
                let limit = rng.next() % 2 == 0 ? min(bytes.count, 40) : bytes.count
                let index = Int(rng.next() % UInt64(limit))
                bytes[index] ^= UInt8(truncatingIfNeeded: 1 &+ rng.next() % 255)
            }
            exercise(bytes, as: Float.self, note: "trial \(trial) of \(fixture.file)")
            exercise(bytes, as: Double.self, note: "trial \(trial) of \(fixture.file)")
            if let any = try? AnyKLLSketch(serializedBytes: bytes) {
                _ = any.quantile(atRank: 0.5)
                _ = any.rank(of: 0)
                _ = any.serializedBytes()
            }
        }
    }

    /// The error decoding `image` after `mutate` gives, or `nil` if it decodes.
    static func decodingError(_ image: [UInt8], _ mutate: (inout [UInt8]) -> Void) -> SketchDecodingError? {
        var bytes = image
        mutate(&bytes)
        do {
            _ = try KLLSketch<Double>(serializedBytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func headerFieldErrorsNameTheFieldAndOffset() throws {
        var sketch = KLLSketch<Double>(k: 200)
        for v in FixtureStreams.doubles(seed: 1, count: 20) { sketch.update(v) }
        let good = sketch.serializedBytes()
        func error(_ mutate: (inout [UInt8]) -> Void) -> SketchDecodingError? { Self.decodingError(good, mutate) }
        #expect(error { $0[1] = 5 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("serialVersion", 1))
        #expect(error { $0[2] = 7 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("familyID", 2))
        #expect(error { $0[6] = 9 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("m", 6))
        #expect(
            error {
                $0[4] = 7
                $0[5] = 0
            }.map { ($0.field, $0.offset) } ?? ("", -1) == ("k", 4))
        #expect(error { $0[0] = 7 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("preambleInts", 0))
        #expect(error { $0[3] = 0x10 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("flags", 3))
        #expect(error { $0[8] = 21 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("n", 8))
        #expect(error { $0[16] = 201 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("minK", 16))
        #expect(error { $0[18] = 0 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("numLevels", 18))
        #expect(error { $0[20] = 250 }.map { ($0.field, $0.offset) } ?? ("", -1) == ("levels[0]", 20))
        #expect(error { $0.removeLast() }?.code == .truncated)
        #expect(error { $0.append(0) }?.code == .trailingBytes)
        // A NaN item.
        #expect(
            error {
                $0[good.count - 1] = 0x7F
                $0[good.count - 2] = 0xF8
            }?.field == "item")
    }

    /// Header claims that would need huge allocations if believed: each is a typed error, found
    /// before anything the size of the claim is allocated.
    @Test func impossibleSizesAreTypedErrors() throws {
        var sketch = KLLSketch<Double>(k: 200)
        for v in FixtureStreams.doubles(seed: 2, count: 1000) { sketch.update(v) }
        let good = sketch.serializedBytes()
        func failure(_ mutate: (inout [UInt8]) -> Void) -> SketchDecodingError? { Self.decodingError(good, mutate) }
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
            withUnsafeBytes(of: value.littleEndian) { for (i, byte) in $0.enumerated() { bytes[offset + i] = byte } }
        }
        let started = ContinuousClock.now
        #expect(failure { put(UInt64.max, at: 8, in: &$0) }?.field == "n")
        #expect(failure { $0[18] = 255 }?.field == "numLevels")
        // k = 65535 implies a buffer of over 100,000 items: the length no longer matches.
        #expect(failure { put(UInt16.max, at: 4, in: &$0) }?.field == "image length")
        #expect(failure { put(UInt32.max - 3, at: 20, in: &$0) }?.field == "levels[0]")
        // A whylogs-layout image (levels from byte 24) claiming level 0 starts 2^32 − 1 items in.
        var whylogs = sketch.serializedBytes(layout: .whylogs)
        put(UInt32.max, at: 24, in: &whylogs)
        let error = #expect(throws: SketchDecodingError.self) { try KLLSketch<Double>(serializedBytes: whylogs) }
        #expect(error?.field == "levels[0]", "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    private func exercise<Item: KLLItem>(_ bytes: [UInt8], as: Item.Type, note: String) {
        do {
            var sketch = try KLLSketch<Item>(serializedBytes: bytes, coin: .seeded(1))
            _ = sketch.quantile(atRank: 0.5)
            _ = sketch.quantile(atRank: 1, inclusive: true, rules: .whylogsSketching)
            _ = sketch.rank(of: 0)
            _ = sketch.pmf(splitPoints: [-1, 1])
            let image = sketch.serializedBytes()
            let again = try KLLSketch<Item>(serializedBytes: image)
            #expect(again.n == sketch.n, "\(note)")
            for i in 0..<300 { sketch.update(Item(i)) }
            sketch.merge(again)
            _ = try KLLSketch<Item>(serializedBytes: sketch.serializedBytes())
        } catch {
            _ = error.description  // typed throws: always a SketchDecodingError
        }
    }
}
