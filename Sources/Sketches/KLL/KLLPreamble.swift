/// The KLL image layout (DataSketches `kll_sketch` serial versions 1 and 2, and the
/// whylogs-sketching preamble-6 doubles variant). All fields little-endian, unaligned.
///
/// ```
/// Empty (8 bytes) and single item (8 + item size):
///
///  byte   0              1               2          3        4 .. 5    6       7
///       +--------------+---------------+----------+--------+---------+-------+--------+
///     0 | preambleInts | serialVersion | familyID | flags  |    k    |   m   | unused |
///       |      2       | 1 empty,      |    15    |        |  u16    |   8   |   0    |
///       |              | 2 single      |          |        |         |       |        |
///       +--------------+---------------+----------+--------+---------+-------+--------+
///     8 | single item only: the item (f32 or f64)                                      |
///       +------------------------------------------------------------------------------+
///
/// Full (n >= 2), DataSketches layout (preambleInts 5, serialVersion 1):
///
///       +--------------+---------------+----------+--------+---------+-------+--------+
///     0 |      5       |       1       |    15    | flags  |    k    |   8   |   0    |
///       +--------------+---------------+----------+--------+---------+-------+--------+
///     8 | n (u64)                                                                      |
///       +-----------------------------------+------------+--------+-------------------+
///    16 | minK (u16)                        | numLevels  | unused | levels[0] (u32) … |
///       +-----------------------------------+------------+--------+-------------------+
///    20 | levels[0 ..< numLevels] (u32 each; absolute offsets into a buffer of          |
///       | totalCapacity(k, 8, numLevels) items; levels[numLevels] = capacity, implied)  |
///       +------------------------------------------------------------------------------+
///  20+4L| min item | max item | items buffer[levels[0] ..< capacity]: level 0 (storage   |
///       |          |          | order, newest first unless sorted), level 1 ascending, … |
///       +------------------------------------------------------------------------------+
///
/// whylogs layout (doubles only): preambleInts 6, bytes 20 ..< 24 are zero padding, and the
/// levels array starts at 24, so min is at 24 + 4L.
///
/// flags: bit 0 (0x01) EMPTY, bit 1 (0x02) LEVEL_ZERO_SORTED, bit 2 (0x04) SINGLE_ITEM.
/// Length (full) = dataStart + 4·numLevels + (retained + 2)·itemSize, exactly.
/// ```
///
/// The image has no float/double marker; ``AnyKLLSketch`` infers the item size from the length.
enum KLLPreamble {
    static let family = "KLL"
    static let familyID: UInt8 = 15
    static let preambleIntsShort: UInt8 = 2
    static let preambleIntsFull: UInt8 = 5
    static let preambleIntsWhylogsDoubles: UInt8 = 6
    static let serialVersionEmptyFull: UInt8 = 1
    static let serialVersionSingle: UInt8 = 2
    static let flagEmpty: UInt8 = 1 << 0
    static let flagLevelZeroSorted: UInt8 = 1 << 1
    static let flagSingleItem: UInt8 = 1 << 2
    static let knownFlags: UInt8 = flagEmpty | flagLevelZeroSorted | flagSingleItem
    static let emptySize = 8
    static let singleItemDataStart = 8
    static let dataStartStandard = 20
    static let dataStartWhylogs = 24

    enum Kind { case empty, single, full }

    /// The validated fixed header of an image.
    struct Header {
        var kind: Kind
        var flags: UInt8
        var k: Int
        /// Set for full images.
        var n = 0
        var minK = 0
        var numLevels = 1
        var layout: KLLSerializationLayout = .datasketches
        /// Where the levels array (full) or the single item starts.
        var dataStart = singleItemDataStart
        var isLevelZeroSorted: Bool { flags & flagLevelZeroSorted != 0 }
    }

    /// Reads and checks bytes 0 ..< dataStart; leaves the reader at dataStart.
    ///
    /// - Parameter allowsWhylogs: whether preamble 6 (doubles) is allowed.
    static func readHeader(_ reader: inout ByteReader, allowsWhylogs: Bool) throws(SketchDecodingError) -> Header {
        let preambleInts: UInt8 = try reader.readInteger(field: "preambleInts")
        let serialVersion: UInt8 = try reader.readInteger(field: "serialVersion")
        let familyID: UInt8 = try reader.readInteger(field: "familyID")
        let flags: UInt8 = try reader.readInteger(field: "flags")
        let k: UInt16 = try reader.readInteger(field: "k")
        let m: UInt8 = try reader.readInteger(field: "m")
        try reader.skip(1, field: "unused")  // byte 7: written 0, not checked (as DataSketches)

        guard familyID == Self.familyID else {
            throw reader.invalidHeader("familyID", expected: "15 (KLL)", actual: familyID, at: 2)
        }
        guard serialVersion == serialVersionEmptyFull || serialVersion == serialVersionSingle else {
            throw reader.invalidHeader("serialVersion", expected: "1 or 2", actual: serialVersion, at: 1)
        }
        guard flags & ~knownFlags == 0 else {
            throw reader.invalidHeader(
                "flags", expected: "only bits 0x01, 0x02, 0x04", actual: "0x" + String(flags, radix: 16), at: 3)
        }
        let isEmpty = flags & flagEmpty != 0
        let isSingle = flags & flagSingleItem != 0
        guard !(isEmpty && isSingle) else {
            throw reader.invalidHeader("flags", expected: "not both EMPTY and SINGLE_ITEM", actual: flags, at: 3)
        }
        guard _KLLLevels.kRange.contains(Int(k)) else {
            throw reader.invalidHeader("k", expected: "8...65535", actual: k, at: 4)
        }
        guard m == UInt8(_KLLLevels.minWidth) else {
            throw reader.invalidHeader("m", expected: "8", actual: m, at: 6)
        }
        var header = Header(kind: isEmpty ? .empty : isSingle ? .single : .full, flags: flags, k: Int(k))
        if isEmpty || isSingle {
            guard preambleInts == preambleIntsShort else {
                throw reader.invalidHeader(
                    "preambleInts", expected: "2 for an empty or single-item image", actual: preambleInts, at: 0)
            }
            return header
        }
        switch preambleInts {
        case preambleIntsFull:
            header.layout = .datasketches
            header.dataStart = dataStartStandard
        case preambleIntsWhylogsDoubles where allowsWhylogs:
            header.layout = .whylogs
            header.dataStart = dataStartWhylogs
        default:
            throw reader.invalidHeader(
                "preambleInts", expected: allowsWhylogs ? "5 or 6 for a full image" : "5 for a full image",
                actual: preambleInts, at: 0)
        }
        let n: UInt64 = try reader.readInteger(field: "n")
        let minK: UInt16 = try reader.readInteger(field: "minK")
        let numLevels: UInt8 = try reader.readInteger(field: "numLevels")
        try reader.skip(1, field: "unused")
        if header.layout == .whylogs { try reader.skip(4, field: "padding") }
        guard n <= UInt64(Int.max) else {
            throw reader.invalidValue("n", expected: "at most \(Int.max)", actual: n, at: 8)
        }
        guard (_KLLLevels.kRange.lowerBound...Int(k)).contains(Int(minK)) else {
            throw reader.invalidHeader("minK", expected: "8...\(k) (at most k)", actual: minK, at: 16)
        }
        guard (1..._KLLLevels.maxLevels).contains(Int(numLevels)) else {
            throw reader.invalidHeader("numLevels", expected: "1...\(_KLLLevels.maxLevels)", actual: numLevels, at: 18)
        }
        header.n = Int(n)
        header.minK = Int(minK)
        header.numLevels = Int(numLevels)
        return header
    }

    /// Writes the 8-byte common preamble.
    static func writeCommon(
        _ writer: inout ByteWriter, preambleInts: UInt8, serialVersion: UInt8, flags: UInt8, k: Int
    ) {
        writer.writeInteger(preambleInts)
        writer.writeInteger(serialVersion)
        writer.writeInteger(familyID)
        writer.writeInteger(flags)
        writer.writeInteger(UInt16(k))
        writer.writeInteger(UInt8(_KLLLevels.minWidth))
        writer.writeInteger(UInt8(0))
    }
}
