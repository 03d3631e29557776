/// Loads `count` (0…8) bytes at `offset` as a little-endian word, zero above them, with at most
/// two loads instead of a loop over the bytes (the tails of the byte hashes).
@usableFromInline
enum _PartialWord {
    @inlinable @inline(__always)
    static func load(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> UInt64 {
        switch count {
        case 8:
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        case 4...7:
            // Two overlapping 4-byte loads: bytes [0, 4) and [count - 4, count).
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            let high = UInt64(
                UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset &+ count &- 4, as: UInt32.self)))
            return low | high << UInt64((count &- 4) &* 8)
        case 1...3:
            // Bytes 0, count / 2 and count − 1 cover every position.
            let first = UInt64(bytes[offset])
            let middle = UInt64(bytes[offset &+ count / 2])
            let last = UInt64(bytes[offset &+ count &- 1])
            return first | middle << UInt64((count / 2) &* 8) | last << UInt64((count &- 1) &* 8)
        default:
            return 0
        }
    }
}
