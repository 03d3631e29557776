/// The byte layout of a frequent-items image (DataSketches family 10, serial version 1).
///
/// ```
/// byte    0          1          2          3          4          5          6          7
///      +----------+----------+----------+----------+----------+----------+----------+----------+
///    0 | preLongs | serVer=1 | family=10| lgMax    | lgCur    | flags    | unused (u16, Java    |
///      | 1 or 4   |          |          |          |          |          | serde id): ignored   |
///      +----------+----------+----------+----------+----------+----------+----------+----------+
///      an empty image (flags & 0x05 != 0, preLongs 1) ends here: 8 bytes
///      +-------------------------------------------+-------------------------------------------+
///    8 | numActive (u32)                           | unused (u32) = 0                          |
///      +-------------------------------------------+-------------------------------------------+
///   16 | totalWeight (u64)                                                                     |
///      +---------------------------------------------------------------------------------------+
///   24 | offset = maximum error (u64)                                                          |
///      +---------------------------------------------------------------------------------------+
///   32 | weights: numActive × u64, in iteration order                                          |
///      +---------------------------------------------------------------------------------------+
///    … | items: numActive items in the same order; a string is a u32 byte length followed by   |
///      | that many UTF-8 bytes (no terminator, no padding)                                     |
///      +---------------------------------------------------------------------------------------+
/// ```
///
/// All integers are little-endian and unaligned. Flags: bit 0 (and bit 2) = empty. DataSketches
/// 5.x writes `0x05` for an empty sketch, whylogs-sketching 3.x writes `0x01`; we write `0x05` and
/// read any non-zero combination of bits 0 and 2 as empty. A non-empty image has flags 0.
///
/// Validation (every field; errors name the field, expected and actual value and offset):
/// preamble longs 1 if empty else 4; serial version 1; family 10; `3 ≤ lgMax ≤ 26`;
/// `3 ≤ lgCur ≤ lgMax`; no flag bits other than 0 and 2; `1 ≤ numActive ≤ ⌊0.75 · 2^lgCur⌋`;
/// unused u32 = 0; the weights must fit in the bytes that remain; every weight ≥ 1; items
/// well-formed (strings: length within the image, valid UTF-8) and distinct; the sum of the
/// weights plus the offset ≤ totalWeight; no bytes after the last item.
struct FrequentItemsPreamble: Sendable {
    static let familyName = "frequent items"
    static let serialVersion: UInt8 = 1
    static let preambleLongsEmpty: UInt8 = 1
    static let preambleLongsNonEmpty: UInt8 = 4
    static let emptyFlagMask: UInt8 = 0x05
    /// The empty flag DataSketches 5.x writes (bits 0 and 2).
    static let emptyFlagsWritten: UInt8 = 0x05
    static let emptyImageSize = 8
    static let nonEmptyHeaderSize = 32

    enum Offset {
        static let preambleLongs = 0
        static let serialVersion = 1
        static let family = 2
        static let lgMaxMapSize = 3
        static let lgCurMapSize = 4
        static let flags = 5
        static let unused16 = 6
        static let numActive = 8
        static let unused32 = 12
        static let totalWeight = 16
        static let offset = 24
        static let weights = 32
    }

    var lgMaxMapSize: Int
    var lgCurMapSize: Int
    var isEmpty: Bool
    /// Only for non-empty images.
    var numActive: Int = 0
    var totalWeight: UInt64 = 0
    var offset: UInt64 = 0

    /// Reads and checks the header, leaving `reader` at the first weight (or the end of an empty
    /// image).
    static func read(from reader: inout ByteReader) throws(SketchDecodingError) -> FrequentItemsPreamble {
        let preambleLongs = try reader.readInteger(as: UInt8.self, field: "preambleLongs")
        let serialVersion = try reader.readInteger(as: UInt8.self, field: "serialVersion")
        let family = try reader.readInteger(as: UInt8.self, field: "familyID")
        let lgMax = try reader.readInteger(as: UInt8.self, field: "lgMaxMapSize")
        let lgCur = try reader.readInteger(as: UInt8.self, field: "lgCurMapSize")
        let flags = try reader.readInteger(as: UInt8.self, field: "flags")
        _ = try reader.readInteger(as: UInt16.self, field: "unused")

        guard serialVersion == Self.serialVersion else {
            throw reader.invalidHeader("serialVersion", expected: "1", actual: serialVersion, at: Offset.serialVersion)
        }
        guard family == SketchFamily.frequentItems.rawValue else {
            throw reader.invalidHeader(
                "familyID", expected: "\(SketchFamily.frequentItems.rawValue)", actual: family, at: Offset.family)
        }
        let minLg = FrequentItemsSketch<String>.minimumLgMapSize
        let maxLg = FrequentItemsSketch<String>.maximumLgMapSize
        guard (minLg...maxLg).contains(Int(lgMax)) else {
            throw reader.invalidHeader(
                "lgMaxMapSize", expected: "\(minLg)...\(maxLg)", actual: lgMax, at: Offset.lgMaxMapSize)
        }
        guard lgCur >= minLg, lgCur <= lgMax else {
            throw reader.invalidHeader(
                "lgCurMapSize", expected: "\(minLg)...\(lgMax) (at most lgMaxMapSize)", actual: lgCur,
                at: Offset.lgCurMapSize)
        }
        guard flags & ~emptyFlagMask == 0 else {
            throw reader.invalidHeader(
                "flags", expected: "only bits 0 and 2 (0x05: empty)", actual: "0x" + String(flags, radix: 16),
                at: Offset.flags)
        }
        let isEmpty = flags & emptyFlagMask != 0
        let expectedLongs = isEmpty ? preambleLongsEmpty : preambleLongsNonEmpty
        guard preambleLongs == expectedLongs else {
            throw reader.invalidHeader(
                "preambleLongs", expected: "\(expectedLongs) for \(isEmpty ? "an empty" : "a non-empty") sketch",
                actual: preambleLongs, at: Offset.preambleLongs)
        }
        var preamble = FrequentItemsPreamble(lgMaxMapSize: Int(lgMax), lgCurMapSize: Int(lgCur), isEmpty: isEmpty)
        if isEmpty { return preamble }

        let numActive = try reader.readInteger(as: UInt32.self, field: "numActive")
        let capacity = _ReversePurgeHashMap<String>.capacity(lgSize: Int(lgCur))
        guard numActive >= 1, Int(numActive) <= capacity else {
            throw reader.invalidValue(
                "numActive", expected: "1...\(capacity) (0.75 · 2^lgCurMapSize)", actual: numActive,
                at: Offset.numActive)
        }
        let unused32 = try reader.readInteger(as: UInt32.self, field: "unused")
        guard unused32 == 0 else {
            throw reader.invalidHeader("unused", expected: "0", actual: unused32, at: Offset.unused32)
        }
        preamble.numActive = Int(numActive)
        preamble.totalWeight = try reader.readInteger(as: UInt64.self, field: "totalWeight")
        preamble.offset = try reader.readInteger(as: UInt64.self, field: "offset")
        return preamble
    }

    /// Writes the header of `sketch`.
    static func write(
        lgMaxMapSize: Int, lgCurMapSize: Int, numActive: Int, totalWeight: UInt64, offset: UInt64,
        to writer: inout ByteWriter
    ) {
        let isEmpty = numActive == 0
        writer.writeInteger(isEmpty ? preambleLongsEmpty : preambleLongsNonEmpty)
        writer.writeInteger(serialVersion)
        writer.writeInteger(SketchFamily.frequentItems.rawValue)
        writer.writeInteger(UInt8(lgMaxMapSize))
        writer.writeInteger(UInt8(lgCurMapSize))
        writer.writeInteger(isEmpty ? emptyFlagsWritten : 0)
        writer.writeInteger(UInt16(0))
        if isEmpty { return }
        writer.writeInteger(UInt32(numActive))
        writer.writeInteger(UInt32(0))
        writer.writeInteger(totalWeight)
        writer.writeInteger(offset)
    }
}
