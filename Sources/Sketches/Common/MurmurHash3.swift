/// MurmurHash3 x64-128, as DataSketches uses it to hash items for HLL (and theta/CPC).
///
/// The standard Appleby algorithm with a 64-bit seed that initialises both state words; with the
/// DataSketches default seed 9001 the output equals the usual 32-bit-seed variant. Inputs are
/// canonicalised the way `hll_sketch::update` does before hashing:
///
/// | input  | bytes hashed |
/// |--------|--------------|
/// | `Int64` | the 8 little-endian bytes of the two's-complement value |
/// | `Double` | the 8 little-endian IEEE-754 bytes; −0.0 becomes +0.0 and every NaN `0x7ff8000000000000` |
/// | `String` | the UTF-8 bytes, no terminator or length; the empty string is not hashed at all |
///
/// - Complexity: O(n) in the input length; no allocation.
public enum MurmurHash3 {
    /// The DataSketches default seed (`DEFAULT_SEED` in datasketches-cpp `common_defs.hpp`).
    public static let defaultSeed: UInt64 = 9001

    /// The two 64-bit halves of a 128-bit hash; `h1` is the first 8 bytes of the canonical digest.
    public struct Hash128: Hashable, Sendable {
        /// The first 64 bits. HLL takes the register address from its low bits.
        public var h1: UInt64
        /// The second 64 bits. HLL takes the register value from its leading zeros.
        public var h2: UInt64

        /// Creates a hash from its halves.
        public init(h1: UInt64, h2: UInt64) {
            self.h1 = h1
            self.h2 = h2
        }
    }

    @usableFromInline static let c1: UInt64 = 0x87c3_7b91_1142_53d5
    @usableFromInline static let c2: UInt64 = 0x4cf5_ad43_2745_937f

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 &- r)) }

    @inlinable @inline(__always)
    static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    /// The first word of a block, scrambled before it is mixed into `h1`.
    @inlinable @inline(__always)
    static func scrambleK1(_ k: UInt64) -> UInt64 { rotl(k &* c1, 31) &* c2 }

    /// The second word of a block, scrambled before it is mixed into `h2`.
    @inlinable @inline(__always)
    static func scrambleK2(_ k: UInt64) -> UInt64 { rotl(k &* c2, 33) &* c1 }

    /// Mixes one 16-byte block (two little-endian words) into the state.
    @inlinable @inline(__always)
    static func mixBlock(_ k1In: UInt64, _ k2In: UInt64, _ h1: inout UInt64, _ h2: inout UInt64) {
        h1 ^= scrambleK1(k1In)
        h1 = rotl(h1, 27)
        h1 &+= h2
        h1 = h1 &* 5 &+ 0x52dc_e729
        h2 ^= scrambleK2(k2In)
        h2 = rotl(h2, 31)
        h2 &+= h1
        h2 = h2 &* 5 &+ 0x3849_5ab5
    }

    /// Finalises the state after all input of `length` bytes has been mixed.
    @inlinable @inline(__always)
    static func finish(_ h1In: UInt64, _ h2In: UInt64, length: Int) -> Hash128 {
        var h1 = h1In ^ UInt64(truncatingIfNeeded: length)
        var h2 = h2In ^ UInt64(truncatingIfNeeded: length)
        h1 &+= h2
        h2 &+= h1
        h1 = fmix64(h1)
        h2 = fmix64(h2)
        h1 &+= h2
        h2 &+= h1
        return Hash128(h1: h1, h2: h2)
    }

    /// Hashes raw bytes.
    ///
    /// - Parameters:
    ///   - bytes: the input; an empty buffer hashes the empty input.
    ///   - seed: the seed; DataSketches uses ``defaultSeed``.
    /// - Returns: the 128-bit hash.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = defaultSeed) -> Hash128 {
        var h1 = seed
        var h2 = seed
        let length = bytes.count
        let blockCount = length / 16
        for block in 0..<blockCount {
            let base = block &* 16
            let k1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self))
            let k2 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base &+ 8, as: UInt64.self))
            mixBlock(k1, k2, &h1, &h2)
        }
        let tail = blockCount &* 16
        let tailLength = length &- tail
        if tailLength > 0 {
            // Bytes 8...15 of the tail go to k2, bytes 0...7 to k1, little-endian.
            let k1 = _PartialWord.load(bytes, offset: tail, count: Swift.min(tailLength, 8))
            if tailLength > 8 {
                let k2 = _PartialWord.load(bytes, offset: tail &+ 8, count: tailLength &- 8)
                h2 ^= scrambleK2(k2)
            }
            h1 ^= scrambleK1(k1)
        }
        return finish(h1, h2, length: length)
    }

    /// Hashes a 64-bit integer as its 8 little-endian bytes (one tail block; no allocation).
    ///
    /// Smaller integer types are hashed the same way after sign extension to `Int64`.
    @inlinable
    public static func hash(_ value: Int64, seed: UInt64 = defaultSeed) -> Hash128 {
        hashWord(UInt64(bitPattern: value), seed: seed)
    }

    /// Hashes a double after DataSketches canonicalisation: ±0.0 hash as +0.0 and every NaN as the
    /// quiet NaN `0x7ff8000000000000`. ±infinity and subnormals hash as they are.
    @inlinable
    public static func hash(_ value: Double, seed: UInt64 = defaultSeed) -> Hash128 {
        hashWord(canonicalBits(of: value), seed: seed)
    }

    /// Hashes a string's UTF-8 bytes, or returns `nil` for the empty string, which DataSketches
    /// ignores rather than hashing.
    @inlinable
    public static func hash(_ string: String, seed: UInt64 = defaultSeed) -> Hash128? {
        // Short strings (at most 15 UTF-8 bytes, stored inline) are one zero-padded tail block:
        // hash them from the string's two words without copying.
        if let small = _SmallUTF8(string) {
            return small.count == 0 ? nil : hashTail(small.low, small.high, length: small.count, seed: seed)
        }
        if string.isEmpty { return nil }
        var copy = string
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// Hashes an input of at most 15 bytes given as two little-endian words, zero past `length`
    /// (bytes 0–7 in `low`, bytes 8–14 in `high`).
    @inlinable @inline(__always)
    static func hashTail(_ low: UInt64, _ high: UInt64, length: Int, seed: UInt64) -> Hash128 {
        var h1 = seed
        var h2 = seed
        if length > 8 { h2 ^= scrambleK2(high) }
        h1 ^= scrambleK1(low)
        return finish(h1, h2, length: length)
    }

    /// The bit pattern DataSketches hashes for a double: +0.0 for either zero, the canonical quiet
    /// NaN for every NaN, the value's own bits otherwise.
    @inlinable @inline(__always)
    public static func canonicalBits(of value: Double) -> UInt64 {
        if value == 0 { return 0 }
        if value.isNaN { return 0x7ff8_0000_0000_0000 }
        return value.bitPattern
    }

    /// One 8-byte input: a tail of length 8, which only feeds k1.
    @inlinable @inline(__always)
    static func hashWord(_ word: UInt64, seed: UInt64) -> Hash128 {
        hashTail(word, 0, length: 8, seed: seed)
    }
}
