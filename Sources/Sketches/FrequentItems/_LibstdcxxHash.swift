/// The libstdc++ `std::hash<std::string>` on 64-bit Linux: `std::_Hash_bytes(data, length, 0xc70f6907)`,
/// a MurmurHash2-64A variant.
///
/// DataSketches' C++ frequent-items sketch places a string in slot `fmix64(std::hash(s)) & mask`,
/// so reproducing this hash is what makes our images byte-identical to the Linux wheels'.
///
/// | step | computation |
/// |------|-------------|
/// | start | `h = seed ^ (length · mul)` |
/// | each 8-byte little-endian word `d` | `d = shiftMix(d · mul) · mul; h ^= d; h *= mul` |
/// | tail of 1–7 bytes `t` (little-endian) | `h ^= t; h *= mul` |
/// | finish | `h = shiftMix(h) · mul; h = shiftMix(h)` |
///
/// with `mul = 0xc6a4a7935bd1e995`, `shiftMix(v) = v ^ (v >> 47)`, all arithmetic mod 2^64.
@usableFromInline
enum _LibstdcxxHash {
    @usableFromInline static let seed: UInt64 = 0xc70f_6907
    @usableFromInline static let mul: UInt64 = 0xc6a4_a793_5bd1_e995

    @inlinable @inline(__always)
    static func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }

    /// `std::_Hash_bytes(bytes, bytes.count, seed)`.
    @inlinable
    static func hashBytes(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = seed) -> UInt64 {
        let length = bytes.count
        var hash = seed ^ (UInt64(truncatingIfNeeded: length) &* mul)
        let aligned = length & ~7
        var position = 0
        while position < aligned {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            hash ^= shiftMix(word &* mul) &* mul
            hash &*= mul
            position &+= 8
        }
        let tailLength = length & 7
        if tailLength != 0 {
            hash ^= _PartialWord.load(bytes, offset: aligned, count: tailLength)
            hash &*= mul
        }
        hash = shiftMix(hash) &* mul
        return shiftMix(hash)
    }
}
