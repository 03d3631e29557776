import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct FrequentItemsMalformedInputTests {
    static let files = FrequentItemsFixtureCase.allFiles

    func fixture(_ file: String) throws -> [UInt8] { try Fixtures.bytes("datasketches/frequent_items/" + file) }

    /// A decoded sketch must answer queries and re-serialize to an image that decodes again.
    func exercise(_ sketch: FrequentItemsSketch<String>) throws {
        _ = sketch.frequentItems(errorType: .noFalsePositives)
        let rows = sketch.frequentItems(errorType: .noFalseNegatives)
        for row in rows.prefix(5) { _ = sketch.estimate(of: row.item) }
        _ = sketch.upperBound(of: "probe")
        let again = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        #expect(again.numActiveItems == sketch.numActiveItems)
    }

    @Test(arguments: files)
    func everyTruncationThrows(_ file: String) throws {
        let bytes = try fixture(file)
        let cuts: [Int] =
            bytes.count > 64 * 1024
            ? Array(0..<4096) + Array(stride(from: 4096, to: bytes.count, by: 97)) : Array(0..<bytes.count)
        var accepted: [Int] = []
        for cut in cuts {
            do {
                _ = try FrequentItemsSketch<String>(serializedBytes: bytes[0..<cut])
                accepted.append(cut)
            } catch {}
        }
        #expect(accepted.isEmpty, "truncations that decoded: \(accepted.prefix(5))")
    }

    @Test(arguments: files)
    func randomByteFlipsThrowOrDecodeToAWorkingSketch(_ file: String) throws {
        let original = try fixture(file)
        let seed = UInt64(truncatingIfNeeded: file.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })
        var rng = SplitMix64(seed: seed)
        for trial in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                // Favour the header, where one flip changes the most.
                let limit = rng.next() % 2 == 0 ? min(40, bytes.count) : bytes.count
                let index = Int(rng.next() % UInt64(limit))
                bytes[index] ^= UInt8(1 << (rng.next() % 8))
            }
            do {
                let sketch = try FrequentItemsSketch<String>(serializedBytes: bytes)
                try exercise(sketch)
            } catch let error as SketchDecodingError {
                _ = error.description
            } catch {
                Issue.record("unexpected error \(error); seed \(seed), trial \(trial)")
            }
        }
    }

    @Test func appendedByteIsRejectedAsTrailing() throws {
        for file in Self.files {
            var bytes = try fixture(file)
            bytes.append(0)
            #expect(throws: SketchDecodingError.self, "\(file)") {
                try FrequentItemsSketch<String>(serializedBytes: bytes)
            }
        }
    }

    // MARK: - Each header and body check, with the field, offset and code it reports

    /// A valid non-empty image: lgMax 7, lgCur 3, items "a" (2) and "bc" (1), total 3.
    static func image(
        preambleLongs: UInt8 = 4, serialVersion: UInt8 = 1, family: UInt8 = 10, lgMax: UInt8 = 7, lgCur: UInt8 = 3,
        flags: UInt8 = 0, numActive: UInt32 = 2, unused32: UInt32 = 0, total: UInt64 = 3, offset: UInt64 = 0,
        weights: [UInt64] = [2, 1], items: [[UInt8]] = [Array("a".utf8), Array("bc".utf8)]
    ) -> [UInt8] {
        var bytes: [UInt8] = [preambleLongs, serialVersion, family, lgMax, lgCur, flags, 0, 0]
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(numActive)
        append(unused32)
        append(total)
        append(offset)
        weights.forEach(append)
        for item in items {
            append(UInt32(item.count))
            bytes += item
        }
        return bytes
    }

    struct BadImage: Sendable, CustomStringConvertible {
        var description: String
        var bytes: [UInt8]
        var field: String
        var offset: Int
        var code: SketchDecodingError.Code
    }

    static let badImages: [BadImage] = [
        .init(
            description: "serial version 2", bytes: image(serialVersion: 2), field: "serialVersion", offset: 1,
            code: .invalidHeader),
        .init(description: "KLL family", bytes: image(family: 15), field: "familyID", offset: 2, code: .invalidHeader),
        .init(
            description: "lgMax 27", bytes: image(lgMax: 27, lgCur: 3), field: "lgMaxMapSize", offset: 3,
            code: .invalidHeader),
        .init(
            description: "lgMax 2", bytes: image(lgMax: 2, lgCur: 2), field: "lgMaxMapSize", offset: 3,
            code: .invalidHeader),
        .init(
            description: "lgCur > lgMax", bytes: image(lgMax: 7, lgCur: 8), field: "lgCurMapSize", offset: 4,
            code: .invalidHeader),
        .init(description: "lgCur 2", bytes: image(lgCur: 2), field: "lgCurMapSize", offset: 4, code: .invalidHeader),
        .init(description: "unknown flag", bytes: image(flags: 0x02), field: "flags", offset: 5, code: .invalidHeader),
        .init(
            description: "empty flag, 4 preamble longs", bytes: image(flags: 0x05), field: "preambleLongs", offset: 0,
            code: .invalidHeader),
        .init(
            description: "non-empty, 1 preamble long", bytes: image(preambleLongs: 1), field: "preambleLongs",
            offset: 0, code: .invalidHeader),
        .init(
            description: "empty flags 0x04 with a body", bytes: [1, 1, 10, 7, 3, 4, 0, 0, 0], field: "image length",
            offset: 8, code: .trailingBytes),
        .init(
            description: "numActive 0", bytes: image(numActive: 0, weights: [], items: []), field: "numActive",
            offset: 8, code: .invalidValue),
        .init(
            description: "numActive above capacity", bytes: image(numActive: 7), field: "numActive", offset: 8,
            code: .invalidValue),
        .init(
            description: "numActive far beyond the image", bytes: image(lgMax: 20, lgCur: 20, numActive: 700_000),
            field: "weights", offset: 32, code: .truncated),
        .init(
            description: "map above the decoding limit", bytes: image(lgMax: 26, lgCur: 26, numActive: 50_000_000),
            field: "lgCurMapSize", offset: 4, code: .invalidHeader),
        .init(
            description: "empty image claiming a huge map", bytes: [1, 1, 10, 26, 26, 5, 0, 0], field: "lgCurMapSize",
            offset: 4, code: .invalidHeader),
        .init(description: "unused u32", bytes: image(unused32: 1), field: "unused", offset: 12, code: .invalidHeader),
        .init(
            description: "zero weight", bytes: image(weights: [2, 0]), field: "weights[1]", offset: 40,
            code: .invalidValue),
        .init(
            description: "weights above total", bytes: image(total: 2), field: "totalWeight", offset: 16,
            code: .invalidValue),
        .init(
            description: "weights overflow", bytes: image(total: .max, weights: [.max, 2]), field: "totalWeight",
            offset: 16, code: .invalidValue),
        .init(
            description: "weights plus offset above total (found by fuzzing: estimates wrapped)",
            bytes: image(total: .max - 1, offset: .max - 2), field: "totalWeight", offset: 16, code: .invalidValue),
        .init(
            description: "offset overflowing with the weights", bytes: image(total: .max, offset: .max),
            field: "totalWeight", offset: 16, code: .invalidValue),
        .init(
            description: "repeated item", bytes: image(items: [Array("a".utf8), Array("a".utf8)]), field: "items[1]",
            offset: 53, code: .invalidValue),
        .init(
            description: "invalid UTF-8", bytes: image(items: [Array("a".utf8), [0xc3, 0x28]]), field: "item",
            offset: 57, code: .invalidValue),
        .init(
            description: "item length past the end",
            bytes: {
                var b = image()
                b[54] = 1
                return b
            }(), field: "items[1]", offset: 53, code: .truncated),
        .init(
            description: "trailing byte", bytes: image() + [0], field: "image length", offset: 59, code: .trailingBytes),
        .init(description: "seven bytes", bytes: [1, 1, 10, 7, 3, 5, 0], field: "unused", offset: 6, code: .truncated),
    ]

    @Test(arguments: badImages)
    func invalidFieldIsReportedWithItsOffset(_ bad: BadImage) {
        #expect(throws: SketchDecodingError.self) { try FrequentItemsSketch<String>(serializedBytes: bad.bytes) }
        do {
            _ = try FrequentItemsSketch<String>(serializedBytes: bad.bytes)
        } catch {
            #expect(error.field == bad.field, "\(error)")
            #expect(error.offset == bad.offset, "\(error)")
            #expect(error.code == bad.code, "\(error)")
            #expect(error.family == "frequent items")
        }
    }

    @Test func handBuiltImageDecodes() throws {
        let sketch = try FrequentItemsSketch<String>(serializedBytes: Self.image())
        #expect(sketch.estimate(of: "a") == 2)
        #expect(sketch.estimate(of: "bc") == 1)
        #expect(sketch.totalWeight == 3)
    }

    @Test(arguments: [UInt8(0x01), 0x04, 0x05])
    func everyEmptyFlagSpellingDecodesAsEmpty(_ flags: UInt8) throws {
        let sketch = try FrequentItemsSketch<String>(serializedBytes: [1, 1, 10, 10, 3, flags, 0, 0])
        #expect(sketch.isEmpty)
        #expect(sketch.lgMaxMapSize == 10)
    }

    @Test func int64ImageWithAShortItemIsTruncated() {
        var sketch = FrequentItemsSketch<Int64>(lgMaxMapSize: 4)
        sketch.update(7)
        let bytes = sketch.serializedBytes()
        #expect(throws: SketchDecodingError.self) { try FrequentItemsSketch<Int64>(serializedBytes: bytes.dropLast()) }
    }
}

@Suite struct FrequentItemsDecodingLimitTests {
    @Test func aCallerCanRaiseTheMapSizeLimit() throws {
        let image: [UInt8] = [1, 1, 10, 21, 21, 5, 0, 0]
        #expect(throws: SketchDecodingError.self) { try FrequentItemsSketch<String>(serializedBytes: image) }
        let sketch = try FrequentItemsSketch<String>(serializedBytes: image, maximumLgCurMapSize: 21)
        #expect(sketch.lgCurMapSize == 21)
        #expect(sketch.isEmpty)
    }
}
