import Foundation
import SketchbookTestSupport
import Testing

@testable import Sketches

/// Truncated and corrupted images must throw `SketchDecodingError` or decode to a sketch that
/// works; never crash, hang or allocate without bound.
@Suite struct HLLMalformedInputTests {
    typealias M = HLLFixtureManifest

    /// Exercises a decoded sketch: queries, re-serialization (which must decode again), updates and
    /// a union.
    static func exercise(_ sketch: HLLSketch, context: String) {
        var s = sketch
        _ = s.estimate
        for d in 1...3 {
            _ = s.lowerBound(standardDeviations: d)
            _ = s.upperBound(standardDeviations: d)
        }
        for compact in [true, false] {
            let image = s.serializedBytes(compact: compact)
            do {
                _ = try HLLSketch(serializedBytes: image)
            } catch {
                Issue.record("\(context): re-serialized image (compact: \(compact)) does not decode: \(error)")
            }
        }
        for i in 0..<64 { s.update(Int64(bitPattern: UInt64(i) &* 0x9E37_79B9_7F4A_7C15)) }
        _ = s.estimate
        var union = HLLUnion(lgMaxK: 10)
        union.update(sketch)
        union.update(s)
        _ = union.result().estimate
        _ = s.converted(to: .hll4).serializedBytes()
    }

    @Test("Every truncation of every fixture throws a decoding error", arguments: M.allImages)
    func truncatedImagesThrow(_ path: String) throws {
        let bytes = try Fixtures.bytes(path)
        let offsets: [Int] =
            bytes.count <= 64 * 1024
            ? Array(0..<bytes.count)
            : Array(0..<4096) + Array(stride(from: 4096, to: bytes.count, by: 997))
        // One expectation per file (not per cut) keeps this fast in debug builds.
        var accepted: [Int] = []
        var wrongError: [Int] = []
        for cut in offsets {
            do {
                _ = try HLLSketch(serializedBytes: bytes[0..<cut])
                accepted.append(cut)
            } catch {
                // Typed throws: the error is a SketchDecodingError; check its kind.
                if error.code != .truncated && error.code != .invalidHeader && error.code != .invalidValue {
                    wrongError.append(cut)
                }
            }
        }
        #expect(accepted.isEmpty, "\(path): truncations that decoded: \(accepted.prefix(10))")
        #expect(wrongError.isEmpty, "\(path): truncations with an unexpected error: \(wrongError.prefix(10))")
    }

    @Test(
        "Images with an extra byte are rejected as trailing bytes",
        arguments: M.allImages.filter { !$0.contains("lgk16") })
    func trailingBytesAreRejected(_ path: String) throws {
        let bytes = try Fixtures.bytes(path) + [0]
        let error = #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        #expect(error?.code == .trailingBytes)
    }

    @Test(
        "Random byte flips throw or decode to a working sketch",
        arguments: M.allImages.filter {
            !$0.contains("lgk15") && !$0.contains("lgk16") && !$0.contains("lgk14_h")
        })
    func randomByteFlipsAreSafe(_ path: String) throws {
        let original = try Fixtures.bytes(path)
        let seed = UInt64(truncatingIfNeeded: path.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })
        var rng = SplitMix64(seed: seed)
        for trial in 0..<40 {
            var bytes = original
            let flips = 1 + Int(rng.next() % 3)
            for _ in 0..<flips {
                // Half the flips hit the 40-byte header region, where the checks live.
                let limit = rng.next() % 2 == 0 ? min(40, bytes.count) : bytes.count
                let index = Int(rng.next() % UInt64(limit))
                bytes[index] ^= UInt8(truncatingIfNeeded: 1 | rng.next())
            }
            do {
                let sketch = try HLLSketch(serializedBytes: bytes)
                Self.exercise(sketch, context: "\(path) seed \(seed) trial \(trial)")
            } catch {
                // A SketchDecodingError: fine.
            }
        }
    }

    @Test func headerFieldErrorsNameFieldAndOffset() throws {
        var sketch = HLLSketch(lgK: 12)
        for i in 0..<3 { sketch.update(Int64(i)) }
        let good = sketch.serializedBytes()
        func error(_ mutate: (inout [UInt8]) -> Void) -> SketchDecodingError? {
            var bytes = good
            mutate(&bytes)
            return #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        }
        func location(_ mutate: (inout [UInt8]) -> Void) -> String {
            error(mutate).map { "\($0.field)@\($0.offset)" } ?? "no error"
        }
        #expect(location { $0[0] = 3 } == "preambleInts@0")
        #expect(location { $0[1] = 2 } == "serialVersion@1")
        #expect(location { $0[2] = 15 } == "family@2")
        #expect(location { $0[3] = 22 } == "lgK@3")
        #expect(location { $0[3] = 3 } == "lgK@3")
        #expect(location { $0[4] = 4 } == "lgArr@4")
        #expect(location { $0[5] |= 0x80 } == "flags@5")
        #expect(location { $0[5] |= 0x04 } == "flags@5")
        #expect(location { $0[7] = 0x03 } == "mode@7")
        #expect(location { $0[7] = 0x0C } == "mode@7")
        #expect(location { $0[7] = 0x01 } == "preambleInts@0")
        #expect(
            error {
                $0[8] = 0
                $0[9] = 0
                $0[10] = 0
                $0[11] = 0
            }?.field == "coupon")
        #expect(error { $0[12...15] = $0[8...11] }?.field == "coupon")  // duplicate
        let message = error { $0[1] = 2 }?.description ?? ""
        #expect(message == "HLL: serialVersion at byte 1: expected 1, got 2")
    }

    /// Found by fuzzing: an out-of-order lgK-4 sketch whose composite estimate (6.6) lies far
    /// below its 15 non-zero registers had bounds [15, 11.3].
    @Test func boundsStayOrderedWhenTheCompositeEstimateIsBelowTheNonZeroRegisters() throws {
        let path = "Fuzz/Regressions/hll-sketch/composite-estimate-below-nonzero-registers"
        let bytes = [UInt8](try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(path)))
        let sketch = try HLLSketch(serializedBytes: bytes)
        #expect(sketch.isOutOfOrder)
        #expect(sketch.estimate < 15)
        for s in 1...3 {
            #expect(sketch.lowerBound(standardDeviations: s) == 15)
            #expect(sketch.upperBound(standardDeviations: s) >= sketch.lowerBound(standardDeviations: s))
        }
    }

    @Test func hllRegisterAndAuxCorruptionIsDetected() throws {
        // HLL_8: a register above 63.
        var s8 = HLLSketch(lgK: 8, targetType: .hll8)
        for i in 0..<2000 { s8.update(Int64(i)) }
        var bytes = s8.serializedBytes()
        bytes[40 + 5] = 64
        #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        // numAtCurMin that disagrees with the registers.
        bytes = s8.serializedBytes()
        bytes[32] &+= 1
        let e = #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        #expect(e?.field == "numAtCurMin" && e?.offset == 32)
        // HLL_4: an exception nibble without an aux entry.
        var s4 = HLLSketch(lgK: 8, targetType: .hll4)
        for i in 0..<2000 { s4.update(Int64(i)) }
        bytes = s4.serializedBytes()
        if let index = (40..<(40 + 128)).first(where: { bytes[$0] & 0x0F != 0x0F }) {
            bytes[index] |= 0x0F
            #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        }
        // NaN kxq.
        bytes = s4.serializedBytes()
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { for i in 0..<8 { bytes[16 + i] = $0[i] } }
        #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        // A HIP accumulator below the non-zero registers (found by fuzzing: the estimate fell below
        // its own lower bound).
        bytes = s4.serializedBytes()
        withUnsafeBytes(of: (2.5).bitPattern.littleEndian) { for i in 0..<8 { bytes[8 + i] = $0[i] } }
        let hip = #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        #expect(hip?.field == "hipAccum" && hip?.offset == 8, "\(String(describing: hip))")
        // kxq far below k·2^−63 (found by fuzzing: the composite estimate of an out-of-order
        // sketch was infinite).
        bytes = s4.serializedBytes()
        bytes[5] |= 0x10  // out of order
        withUnsafeBytes(of: (0x1p-1060).bitPattern.littleEndian) { for i in 0..<8 { bytes[16 + i] = $0[i] } }
        withUnsafeBytes(of: (0.0).bitPattern.littleEndian) { for i in 0..<8 { bytes[24 + i] = $0[i] } }
        let kxq = #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        #expect(kxq?.field == "kxq0" && kxq?.offset == 16, "\(String(describing: kxq))")
        // A huge aux count in a compact image must not allocate: it fails the length check.
        bytes = s4.serializedBytes()
        bytes[36] = 0xFF
        bytes[37] = 0xFF
        bytes[38] = 0xFF
        bytes[39] = 0x7F
        #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
        // A huge SET count likewise.
        var set = HLLSketch(lgK: 12)
        for i in 0..<100 { set.update(Int64(i)) }
        bytes = set.serializedBytes()
        bytes[8] = 0xFF
        bytes[9] = 0xFF
        bytes[10] = 0xFF
        bytes[11] = 0xFF
        #expect(throws: SketchDecodingError.self) { try HLLSketch(serializedBytes: bytes) }
    }
}
