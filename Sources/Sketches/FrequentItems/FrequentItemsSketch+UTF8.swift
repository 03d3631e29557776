extension FrequentItemsSketch where Item == String {
    /// Adds `weight` occurrences of the string whose UTF-8 bytes are given, without making a
    /// `String` unless the item is not tracked yet: the same as ``update(_:weight:)`` with
    /// `String(decoding: bytes, as: UTF8.self)` for valid UTF-8.
    ///
    /// - Parameters:
    ///   - bytes: the item's UTF-8 bytes; must be valid UTF-8 (a `String` made from invalid bytes
    ///     would hold repaired bytes, another item).
    ///   - weight: how many occurrences; 0 does nothing.
    /// - Complexity: as ``update(_:weight:)``; allocates only for a new item longer than 15 bytes.
    @inlinable
    public mutating func update(utf8 bytes: UnsafeBufferPointer<UInt8>, weight: UInt64 = 1) {
        if weight == 0 { return }
        let mixed = MurmurHash3.fmix64(_LibstdcxxHash.hashBytes(UnsafeRawBufferPointer(bytes)))
        if map.adjustIfPresent(utf8: bytes, mixedHash: mixed, weight: weight) {
            _totalWeight &+= weight
            return
        }
        _totalWeight &+= weight
        offset &+= map.adjustOrInsert(String(decoding: bytes, as: UTF8.self), mixedHash: mixed, weight: weight)
    }
}

extension _ReversePurgeHashMap where Key == String {
    /// Adds `weight` to the tracked string with these UTF-8 bytes.
    ///
    /// - Returns: whether the string was tracked.
    @inlinable
    mutating func adjustIfPresent(utf8 bytes: UnsafeBufferPointer<UInt8>, mixedHash: UInt64, weight: UInt64) -> Bool {
        let mask = (1 << lgCurSize) &- 1
        var index = Int(truncatingIfNeeded: mixedHash) & mask
        while states[index] != 0 {
            if hashes[index] == mixedHash, Self.hasBytes(keys[index].unsafelyUnwrapped, bytes) {
                makeUnique()
                values[index] &+= weight
                return true
            }
            index = (index &+ 1) & mask
        }
        return false
    }

    @inlinable
    static func hasBytes(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let small = _SmallUTF8(key) {
            guard small.count == bytes.count else { return false }
            return small == _SmallUTF8(bytes: bytes)
        }
        var copy = key
        return copy.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            guard let a = utf8.baseAddress, let b = bytes.baseAddress else { return true }
            let count = utf8.count
            var index = 0
            while index + 8 <= count {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
                let y = UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self)
                if x != y { return false }
                index += 8
            }
            while index < count {
                if a[index] != b[index] { return false }
                index += 1
            }
            return true
        }
    }
}
