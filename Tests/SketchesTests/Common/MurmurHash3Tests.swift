import Foundation
import SketchbookTestSupport
import Testing

@testable import Sketches

/// MurmurHash3 x64-128 with seed 9001 against vectors confirmed by datasketches 5.2.0
/// (`fixtures/datasketches/make_murmur3_fixtures.py`).
@Suite struct MurmurHash3Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var label: String
        var h1: UInt64
        var h2: UInt64
        var coupon: UInt32
        var input: Input
        enum Input: Sendable {
            case int64(Int64)
            case doubleBits(UInt64)
            case string(String)
        }
        var testDescription: String { label }
    }

    static func vectors() throws -> [Vector] {
        let root = try #require(try Fixtures.json("datasketches/murmur3/vectors.json") as? [String: Any])
        var result: [Vector] = []
        func entry(_ object: [String: Any], label: String, input: Vector.Input) -> Vector? {
            guard let h1 = (object["h1"] as? String).flatMap({ UInt64($0, radix: 16) }),
                let h2 = (object["h2"] as? String).flatMap({ UInt64($0, radix: 16) }),
                let coupon = (object["coupon"] as? NSNumber)?.uint32Value
            else { return nil }
            return Vector(label: label, h1: h1, h2: h2, coupon: coupon, input: input)
        }
        for object in root["int64"] as? [[String: Any]] ?? [] {
            let value = try #require((object["input"] as? NSNumber)?.int64Value)
            result.append(try #require(entry(object, label: "int64 \(value)", input: .int64(value))))
        }
        for object in root["double"] as? [[String: Any]] ?? [] {
            let bits = try #require((object["input_bits"] as? String).flatMap { UInt64($0, radix: 16) })
            let name = object["name"] as? String ?? "?"
            result.append(try #require(entry(object, label: "double \(name)", input: .doubleBits(bits))))
        }
        for object in root["string"] as? [[String: Any]] ?? [] where object["ignored"] == nil {
            let value = try #require(object["input"] as? String)
            result.append(try #require(entry(object, label: "string \(value.debugDescription)", input: .string(value))))
        }
        return result
    }

    @Test func fixtureHasEveryVector() throws {
        #expect(try Self.vectors().count == 60)
    }

    @Test(arguments: try vectors())
    func hashMatchesDataSketches(_ vector: Vector) throws {
        let hash: MurmurHash3.Hash128
        switch vector.input {
        case .int64(let value): hash = MurmurHash3.hash(value)
        case .doubleBits(let bits): hash = MurmurHash3.hash(Double(bitPattern: bits))
        case .string(let value): hash = try #require(MurmurHash3.hash(value))
        }
        #expect(hash == MurmurHash3.Hash128(h1: vector.h1, h2: vector.h2))
        // The HLL coupon derived from the hash: low 26 bits of h1, leading zeros of h2 capped at 62, plus 1.
        let value = UInt32(min(hash.h2.leadingZeroBitCount, 62) + 1)
        #expect((value << 26) | UInt32(truncatingIfNeeded: hash.h1 & 0x3FF_FFFF) == vector.coupon)
    }

    @Test func emptyStringIsNotHashed() {
        #expect(MurmurHash3.hash("") == nil)
    }

    @Test func negativeZeroAndEveryNaNHashLikeTheirCanonicalForms() {
        #expect(MurmurHash3.hash(-0.0) == MurmurHash3.hash(0.0))
        let nans: [UInt64] = [
            0x7ff8_0000_0000_0000, 0xfff8_0000_0000_0000, 0x7ff0_0000_0000_0001, 0x7ff8_0000_dead_beef,
        ]
        for bits in nans {
            #expect(MurmurHash3.hash(Double(bitPattern: bits)) == MurmurHash3.hash(Double.nan))
        }
    }

    @Test(arguments: 0..<40)
    func bufferHashAgreesWithWordHashForEightBytes(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let value = Int64(bitPattern: rng.next())
        let viaBuffer = withUnsafeBytes(of: value.littleEndian) { MurmurHash3.hash($0) }
        #expect(viaBuffer == MurmurHash3.hash(value), "seed \(seed)")
    }

    /// Short strings take an inline fast path; every length on both sides of the 15-byte small-string
    /// limit and the 8- and 16-byte block edges must hash like their UTF-8 bytes.
    @Test(arguments: 0..<48)
    func stringHashEqualsBufferHashAtEveryLength(_ length: Int) {
        var rng = SplitMix64(seed: UInt64(length))
        let alphabet = Array("abcXYZ019 -é日")
        var text = ""
        while text.utf8.count < length { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
        let bytes = Array(text.utf8)
        let expected = bytes.isEmpty ? nil : bytes.withUnsafeBytes { MurmurHash3.hash($0) }
        #expect(MurmurHash3.hash(text) == expected, "seed \(length), \(bytes.count) bytes")
        // A bridged or substring-derived string is not small; it must hash the same.
        let wide = String(text + "________________________".dropLast(24))
        #expect(MurmurHash3.hash(wide) == expected, "seed \(length)")
    }

    @Test func stringHashIsTheHashOfItsUTF8Bytes() {
        let text = "héllo wörld, a string longer than sixteen bytes"
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { MurmurHash3.hash($0) } == MurmurHash3.hash(text))
    }
}
