/// An item type that a ``FrequentItemsSketch`` can track and serialize.
///
/// A conformance supplies the three things the DataSketches C++ `frequent_items_sketch<T>` takes
/// as template parameters: the hash (`std::hash<T>`), the equality (`std::equal_to<T>`) and the
/// serde. The sketch post-mixes ``frequentItemsHash`` with MurmurHash3's `fmix64` and uses the low
/// bits as the home slot, so a conformance that returns the same 64-bit value as the C++ library's
/// `std::hash` on a platform gets byte-identical images to that platform's.
///
/// The library conforms:
/// * `String`: the libstdc++ (Linux) `std::hash<std::string>`; items are compared and serialized
///   as UTF-8 bytes (a `u32` length, then the bytes), as `frequent_strings_sketch` does. Strings
///   that are canonically equivalent but spelled with different scalars (`"é"` and `"e\u{301}"`)
///   are *different* items, as in C++.
/// * `Int64`: the libstdc++ `std::hash<int64_t>` (the identity); serialized as 8 little-endian
///   bytes, as C++ `frequent_items_sketch<int64_t>` does.
public protocol FrequentItemsItem: Sendable {
    /// The item's 64-bit hash before the sketch's `fmix64` post-mix.
    ///
    /// - Complexity: Should be O(size of the item) and allocation-free: it runs on every update.
    var frequentItemsHash: UInt64 { get }

    /// Whether two values are the same item for counting. The default is `==`.
    static func isSameFrequentItem(_ lhs: Self, _ rhs: Self) -> Bool

    /// The tie order of ``FrequentItemsSketch/frequentItems(errorType:threshold:)``: whether `lhs`
    /// is listed before `rhs` when their estimates are equal. Must be a strict total order on
    /// distinct items. The default, for `Comparable` items, is `<`.
    static func frequentItemPrecedes(_ lhs: Self, _ rhs: Self) -> Bool

    /// Appends the item's serialized form to `bytes`.
    func appendFrequentItemBytes(to bytes: inout [UInt8])

    /// Reads one item at `offset` in an image, advancing `offset` past it.
    ///
    /// - Parameters:
    ///   - bytes: the whole image.
    ///   - offset: the item's first byte; on return, the byte after it.
    /// - Throws: ``SketchDecodingError`` (family `"frequent items"`) if the bytes at `offset` are
    ///   not a valid item or run past the end of `bytes`. Must not allocate more than the bytes
    ///   that remain could hold.
    static func readFrequentItem(from bytes: [UInt8], at offset: inout Int) throws(SketchDecodingError) -> Self

    /// The number of bytes the serialized item at `offset` occupies, read without decoding it, or
    /// `nil` if the type cannot tell cheaply (the default).
    ///
    /// The decoder uses it to check the whole image's length before allocating the hash map or
    /// decoding any item. The bytes themselves need not be checked here.
    ///
    /// - Throws: ``SketchDecodingError`` if the size cannot be read (e.g. a truncated length).
    static func frequentItemByteCount(in bytes: [UInt8], at offset: Int) throws(SketchDecodingError) -> Int?
}

extension FrequentItemsItem {
    /// `nil`: the size is known only by decoding the item.
    public static func frequentItemByteCount(in bytes: [UInt8], at offset: Int) throws(SketchDecodingError) -> Int? {
        nil
    }
}

extension FrequentItemsItem where Self: Equatable {
    /// `lhs == rhs`.
    @inlinable
    public static func isSameFrequentItem(_ lhs: Self, _ rhs: Self) -> Bool { lhs == rhs }
}

extension FrequentItemsItem where Self: Comparable {
    /// `lhs < rhs`.
    @inlinable
    public static func frequentItemPrecedes(_ lhs: Self, _ rhs: Self) -> Bool { lhs < rhs }
}

extension String: FrequentItemsItem {
    /// The libstdc++ `std::hash<std::string>` of the UTF-8 bytes: `_Hash_bytes(bytes, count,
    /// 0xc70f6907)`. Reads the string's UTF-8 in place: no allocation for native strings.
    @inlinable
    public var frequentItemsHash: UInt64 {
        if let small = _SmallUTF8(self) { return small.libstdcxxHash }
        if let hash = utf8.withContiguousStorageIfAvailable({ _LibstdcxxHash.hashBytes(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var copy = self
        return copy.withUTF8 { _LibstdcxxHash.hashBytes(UnsafeRawBufferPointer($0)) }
    }

    /// Byte-wise equality of the UTF-8 encodings (not Unicode canonical equivalence).
    @inlinable
    public static func isSameFrequentItem(_ lhs: String, _ rhs: String) -> Bool {
        if let a = _SmallUTF8(lhs), let b = _SmallUTF8(rhs) { return a == b }
        return _compareUTF8(lhs, rhs) == 0
    }

    /// Lexicographic order of the UTF-8 bytes (the order of `std::string`'s `operator<`).
    @inlinable
    public static func frequentItemPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        _compareUTF8(lhs, rhs) < 0
    }

    /// Appends the `u32` little-endian byte length, then the UTF-8 bytes.
    public func appendFrequentItemBytes(to bytes: inout [UInt8]) {
        var string = self
        string.withUTF8 { utf8 in
            let count = UInt32(truncatingIfNeeded: utf8.count)
            bytes.append(UInt8(truncatingIfNeeded: count))
            bytes.append(UInt8(truncatingIfNeeded: count >> 8))
            bytes.append(UInt8(truncatingIfNeeded: count >> 16))
            bytes.append(UInt8(truncatingIfNeeded: count >> 24))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Reads a `u32` length and that many bytes, which must be valid UTF-8.
    ///
    /// - Throws: `.truncated` if the length field or the bytes run past the end; `.invalidValue`
    ///   (field `item`) if the bytes are not valid UTF-8.
    public static func readFrequentItem(
        from bytes: [UInt8], at offset: inout Int
    ) throws(SketchDecodingError)
        -> String
    {
        var reader = ByteReader(bytes, family: FrequentItemsPreamble.familyName)
        try reader.moveReaderIndex(to: offset, field: "item length")
        let length = Int(try reader.readInteger(as: UInt32.self, field: "item length"))
        let start = reader.readerIndex
        let slice = try reader.readBytes(count: length, field: "item bytes")
        // `String(decoding:)` is the fast path (`String(validating:)` instantiates generic
        // metadata per call on Linux, measured at ~5× the cost); it repairs invalid input with
        // U+FFFD, so the bytes are valid UTF-8 exactly when decoding gives them back unchanged.
        let string = slice.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        guard string.utf8.elementsEqual(slice) else {
            throw reader.invalidValue(
                "item", expected: "valid UTF-8", actual: "\(length) bytes that are not UTF-8", at: start)
        }
        offset = reader.readerIndex
        return string
    }

    /// 4 plus the `u32` length at `offset`.
    ///
    /// - Throws: `.truncated` if the length field runs past the end.
    public static func frequentItemByteCount(in bytes: [UInt8], at offset: Int) throws(SketchDecodingError) -> Int? {
        guard offset >= 0, offset <= bytes.count - 4 else {
            let reader = ByteReader(bytes, family: FrequentItemsPreamble.familyName)
            return 4 + Int(try reader.peekInteger(at: offset, as: UInt32.self, field: "item length"))
        }
        let length =
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
            | Int(bytes[offset + 3]) << 24
        return 4 + length
    }
}

/// Three-way comparison of two strings' UTF-8 bytes.
@inlinable
func _compareUTF8(_ lhs: String, _ rhs: String) -> Int {
    func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        var i = 0
        while i < common {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i &+= 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
    if let result = lhs.utf8.withContiguousStorageIfAvailable({ a in
        rhs.utf8.withContiguousStorageIfAvailable { b in compare(a, b) }
    }), let result {
        return result
    }
    var a = lhs
    var b = rhs
    return a.withUTF8 { a in b.withUTF8 { b in compare(a, b) } }
}

extension Int64: FrequentItemsItem {
    /// The libstdc++ `std::hash<int64_t>`: the value's bits.
    @inlinable
    public var frequentItemsHash: UInt64 { UInt64(bitPattern: self) }

    /// Appends the 8 little-endian bytes.
    public func appendFrequentItemBytes(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Reads 8 little-endian bytes.
    ///
    /// - Throws: `.truncated` if fewer than 8 bytes remain.
    public static func readFrequentItem(
        from bytes: [UInt8], at offset: inout Int
    ) throws(SketchDecodingError)
        -> Int64
    {
        let reader = ByteReader(bytes, family: FrequentItemsPreamble.familyName)
        let value = try reader.peekInteger(at: offset, as: Int64.self, field: "item")
        offset += 8
        return value
    }

    /// 8.
    public static func frequentItemByteCount(in bytes: [UInt8], at offset: Int) throws(SketchDecodingError) -> Int? {
        8
    }
}
