/// The UTF-8 bytes of a *small* `String` (at most 15 bytes, stored inline), read straight from
/// the string's two words, so that hashing and comparing the common short item needs no copy and
/// no closure.
///
/// This relies on the standard library's 64-bit small-string layout: the first word holds bytes
/// 0–7, the second word bytes 8–14, and its top byte holds the discriminator (bit 61 set, bit 60
/// clear, and bit 63 set for a small string) and the byte count in bits 56–59; unused bytes are
/// zero. The layout is part of the stable Swift ABI on Apple platforms and the same on Linux;
/// `FrequentItemsTests.smallStringFastPathMatchesUTF8View` checks it against `String.utf8`
/// (``isLayoutVerified`` is the same check, for tests; a run-time check on every update cost
/// more than the fast path saves). On a platform where `String` is not two little-endian 64-bit
/// words the initializer returns `nil` and callers take the portable path.
@usableFromInline
struct _SmallUTF8: Equatable {
    /// Bytes 0–7, little-endian, zero past the count.
    @usableFromInline let low: UInt64
    /// Bytes 8–14 in the low 56 bits, zero past the count.
    @usableFromInline let high: UInt64
    @usableFromInline let count: Int

    @inlinable @inline(__always)
    init?(_ string: String) {
        #if _pointerBitWidth(_64) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return nil }
        let words = unsafeBitCast(string, to: (UInt64, UInt64).self)
        // Small: b63 = 1 (immortal), b61 = 1 (small), b60 = 0 (not foreign).
        guard words.1 >> 60 & 0b1011 == 0b1010 else { return nil }
        low = words.0
        high = words.1 & 0x00ff_ffff_ffff_ffff
        count = Int(truncatingIfNeeded: words.1 >> 56) & 0xf
        #else
        return nil
        #endif
    }

    /// The two words of at most 15 bytes (zero past the count).
    ///
    /// - Precondition: `bytes.count <= 15`.
    @inlinable @inline(__always)
    init(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= 15)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in bytes.indices {
            if index < 8 {
                low |= UInt64(bytes[index]) << UInt64(index * 8)
            } else {
                high |= UInt64(bytes[index]) << UInt64((index - 8) * 8)
            }
        }
        self.low = low
        self.high = high
        count = bytes.count
    }

    /// Whether the bit layout above matches this standard library (checked once).
    @usableFromInline
    static let isLayoutVerified: Bool = {
        #if _pointerBitWidth(_64) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return false }
        for sample in ["", "a", "item-123", "0123456789abcde", "h\u{e9}llo"] {
            let words = unsafeBitCast(sample, to: (UInt64, UInt64).self)
            guard words.1 >> 60 & 0b1011 == 0b1010 else { return false }
            let count = Int(words.1 >> 56) & 0xf
            let bytes = Array(sample.utf8)
            guard count == bytes.count else { return false }
            for i in 0..<15 {
                let word = i < 8 ? words.0 : words.1
                let byte = UInt8(truncatingIfNeeded: word >> UInt64((i % 8) * 8))
                guard byte == (i < count ? bytes[i] : 0) else { return false }
            }
        }
        return true
        #else
        return false
        #endif
    }()

    /// `std::_Hash_bytes(bytes, count, 0xc70f6907)` from the two words.
    @inlinable @inline(__always)
    var libstdcxxHash: UInt64 {
        let mul = _LibstdcxxHash.mul
        var hash = _LibstdcxxHash.seed ^ (UInt64(truncatingIfNeeded: count) &* mul)
        if count >= 8 {
            hash ^= _LibstdcxxHash.shiftMix(low &* mul) &* mul
            hash &*= mul
            if count > 8 {
                hash ^= high
                hash &*= mul
            }
        } else if count > 0 {
            hash ^= low
            hash &*= mul
        }
        hash = _LibstdcxxHash.shiftMix(hash) &* mul
        return _LibstdcxxHash.shiftMix(hash)
    }
}
