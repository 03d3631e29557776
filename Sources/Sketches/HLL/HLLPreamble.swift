/// The byte layout of a DataSketches HLL image (family 7, serial version 1), little-endian,
/// unaligned.
///
/// ```
/// Common 8-byte preamble (all modes)
///   byte:   0          1          2          3        4          5        6              7
///        +----------+----------+----------+--------+----------+--------+--------------+----------+
///        | preInts  | serVer=1 | family=7 | lgK    | lgArr    | flags  | LIST: count  | mode     |
///        | 2/3/10   |          |          | 4...21 |          |        | SET: 0       |          |
///        |          |          |          |        |          |        | HLL: curMin  |          |
///        +----------+----------+----------+--------+----------+--------+--------------+----------+
///   preInts: 2 = LIST, 3 = SET, 10 = HLL (must agree with the mode).
///   lgArr:   LIST: 3; SET: log2 of the coupon-table size; HLL: log2 of the HLL_4 aux table, else 0.
///   flags:   0x04 EMPTY, 0x08 COMPACT, 0x10 OUT_OF_ORDER, 0x20 FULL_SIZE (C++) / rebuild (Java);
///            0x01, 0x02 are Java's unused big-endian / read-only bits.
///   mode:    bits 0-1 current mode (0 LIST, 1 SET, 2 HLL), bits 2-3 target type
///            (0 HLL_4, 1 HLL_6, 2 HLL_8), bits 4-7 zero.
///
/// LIST (preInts 2)
///   8 ..  : u32 coupons. Compact: `count` coupons; updatable: all 8 slots (zeros included).
///
/// SET (preInts 3)
///   8 .. 11 : u32 coupon count
///   12 ..   : u32 coupons. Compact: the non-empty ones in table order; updatable: the whole
///             table of 2^lgArr slots.
///
/// HLL (preInts 10)
///   8 .. 15 : f64 hipAccum         16 .. 23 : f64 kxq0          24 .. 31 : f64 kxq1
///   32 .. 35: u32 numAtCurMin      36 .. 39 : u32 auxCount
///   40 ..   : registers: HLL_4 k/2 bytes (nibbles, low nibble = even slot), HLL_6 3k/4+1 bytes
///             (6-bit little-endian bit stream), HLL_8 k bytes
///   then (HLL_4 only) the aux table of u32 `(value << 26) | slot`: compact = auxCount entries in
///             table order; updatable = the whole table of 2^lgArr entries, or, when there are no
///             exceptions, 4·2^LG_AUX_ARR_INTS[lgK] zero bytes.
/// ```
///
/// A coupon is `(value << 26) | addr26` with value 1...63; a coupon is never 0, so 0 marks an
/// empty slot in every table.
enum HLLPreamble {
    static let family = "HLL"

    static let preambleIntsOffset = 0
    static let serialVersionOffset = 1
    static let familyOffset = 2
    static let lgKOffset = 3
    static let lgArrOffset = 4
    static let flagsOffset = 5
    static let listCountOffset = 6
    static let curMinOffset = 6
    static let modeOffset = 7

    static let listCouponsOffset = 8
    static let setCountOffset = 8
    static let setCouponsOffset = 12
    static let hipAccumOffset = 8
    static let kxq0Offset = 16
    static let kxq1Offset = 24
    static let numAtCurMinOffset = 32
    static let auxCountOffset = 36
    static let registersOffset = 40

    static let listPreambleInts: UInt8 = 2
    static let setPreambleInts: UInt8 = 3
    static let hllPreambleInts: UInt8 = 10
    static let serialVersion: UInt8 = 1

    static let flagJavaBigEndian: UInt8 = 0x01
    static let flagJavaReadOnly: UInt8 = 0x02
    static let flagEmpty: UInt8 = 0x04
    static let flagCompact: UInt8 = 0x08
    static let flagOutOfOrder: UInt8 = 0x10
    static let flagFullSizeOrRebuild: UInt8 = 0x20
    static let knownFlags: UInt8 = 0x3F

    static func preambleInts(for mode: HLLMode) -> UInt8 {
        switch mode {
        case .list: listPreambleInts
        case .set: setPreambleInts
        case .hll: hllPreambleInts
        }
    }

    static func modeByte(mode: HLLMode, targetType: HLLTargetType) -> UInt8 {
        mode.rawValue | (targetType.rawValue << 2)
    }

    /// The validated common preamble.
    struct Header {
        var lgK: Int
        var lgArr: Int
        var flags: UInt8
        var byte6: UInt8
        var mode: HLLMode
        var targetType: HLLTargetType

        var isCompact: Bool { flags & HLLPreamble.flagCompact != 0 }
        var isEmpty: Bool { flags & HLLPreamble.flagEmpty != 0 }
        var isOutOfOrder: Bool { flags & HLLPreamble.flagOutOfOrder != 0 }
    }

    /// Reads and checks the 8-byte preamble.
    static func readHeader(_ reader: ByteReader) throws(SketchDecodingError) -> Header {
        try reader.requireBytes(8, at: 0, field: "preamble")
        let preInts: UInt8 = try reader.peekInteger(at: preambleIntsOffset, field: "preambleInts")
        guard [listPreambleInts, setPreambleInts, hllPreambleInts].contains(preInts) else {
            throw reader.invalidHeader(
                "preambleInts", expected: "2 (LIST), 3 (SET) or 10 (HLL)", actual: preInts,
                at: preambleIntsOffset)
        }
        let serVer: UInt8 = try reader.peekInteger(at: serialVersionOffset, field: "serialVersion")
        guard serVer == serialVersion else {
            throw reader.invalidHeader("serialVersion", expected: "1", actual: serVer, at: serialVersionOffset)
        }
        let familyID: UInt8 = try reader.peekInteger(at: familyOffset, field: "family")
        guard familyID == SketchFamily.hll.rawValue else {
            throw reader.invalidHeader("family", expected: "7 (HLL)", actual: familyID, at: familyOffset)
        }
        let lgK = Int(try reader.peekInteger(at: lgKOffset, as: UInt8.self, field: "lgK"))
        guard (HLLSketch.minLgK...HLLSketch.maxLgK).contains(lgK) else {
            throw reader.invalidHeader("lgK", expected: "4...21", actual: lgK, at: lgKOffset)
        }
        let lgArr = Int(try reader.peekInteger(at: lgArrOffset, as: UInt8.self, field: "lgArr"))
        let flags: UInt8 = try reader.peekInteger(at: flagsOffset, field: "flags")
        guard flags & ~knownFlags == 0 else {
            throw reader.invalidHeader(
                "flags", expected: "only bits 0x3F", actual: "0x" + String(flags, radix: 16),
                at: flagsOffset)
        }
        let byte6: UInt8 = try reader.peekInteger(at: 6, field: "count/curMin")
        let modeByte: UInt8 = try reader.peekInteger(at: modeOffset, field: "mode")
        guard modeByte >> 4 == 0, let mode = HLLMode(rawValue: modeByte & 3),
            let targetType = HLLTargetType(rawValue: (modeByte >> 2) & 3)
        else {
            throw reader.invalidHeader(
                "mode", expected: "current mode 0...2 in bits 0-1, target type 0...2 in bits 2-3, bits 4-7 zero",
                actual: "0x" + String(modeByte, radix: 16), at: modeOffset)
        }
        guard preInts == preambleInts(for: mode) else {
            throw reader.invalidHeader(
                "preambleInts", expected: "\(preambleInts(for: mode)) for mode \(mode)",
                actual: preInts, at: preambleIntsOffset)
        }
        return Header(lgK: lgK, lgArr: lgArr, flags: flags, byte6: byte6, mode: mode, targetType: targetType)
    }
}
