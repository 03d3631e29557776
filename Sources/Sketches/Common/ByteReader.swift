/// A bounds-checked cursor that reads little-endian fields from a sketch image.
///
/// Follows swift-nio's `ByteBuffer` verb grammar: `read*` consumes bytes and advances
/// ``readerIndex``; `peek*` reads at an absolute offset without moving. Unlike `ByteBuffer`, a
/// short read does not return `nil`: it throws a ``SketchDecodingError`` with code
/// ``SketchDecodingError/Code/truncated`` naming the field, because every caller is a decoder that
/// would otherwise have to build that error itself.
///
/// All reads are unaligned-safe: DataSketches images pack fields with no padding.
///
/// Field names are autoclosures, so a decoder can name a field `"items[\(i)]"` and pay for building
/// that string only when the read fails (as swift-log does for messages).
package struct ByteReader: Sendable {
    /// The whole image.
    package let bytes: [UInt8]
    /// The family name used in thrown errors.
    package let family: String
    /// The offset of the next byte `read*` will consume.
    package private(set) var readerIndex: Int

    /// Creates a reader positioned at the start of `bytes`.
    package init(_ bytes: [UInt8], family: String) {
        self.bytes = bytes
        self.family = family
        self.readerIndex = 0
    }

    /// The number of bytes not yet consumed.
    package var readableBytes: Int { bytes.count - readerIndex }

    /// Throws `.truncated` unless `count` bytes are readable at `offset`.
    package func requireBytes(
        _ count: Int, at offset: Int, field: @autoclosure () -> String
    ) throws(SketchDecodingError) {
        guard count >= 0, offset >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw SketchDecodingError(
                .truncated, family: family, field: field(),
                expected: "\(count) more byte\(count == 1 ? "" : "s")",
                actual: "\(max(0, bytes.count - max(0, offset))) remaining in a \(bytes.count)-byte image",
                offset: offset)
        }
    }

    /// Reads a little-endian integer at `offset` without moving the cursor.
    package func peekInteger<T: FixedWidthInteger>(
        at offset: Int, as type: T.Type = T.self, field: @autoclosure () -> String
    ) throws(SketchDecodingError) -> T {
        try requireBytes(MemoryLayout<T>.size, at: offset, field: field())
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// Reads a little-endian integer and advances past it.
    package mutating func readInteger<T: FixedWidthInteger>(
        as type: T.Type = T.self, field: @autoclosure () -> String
    ) throws(SketchDecodingError) -> T {
        let value: T = try peekInteger(at: readerIndex, field: field())
        readerIndex += MemoryLayout<T>.size
        return value
    }

    /// Reads a little-endian IEEE-754 double and advances past it.
    package mutating func readDouble(field: @autoclosure () -> String) throws(SketchDecodingError) -> Double {
        Double(bitPattern: try readInteger(as: UInt64.self, field: field()))
    }

    /// Reads a little-endian IEEE-754 float and advances past it.
    package mutating func readFloat(field: @autoclosure () -> String) throws(SketchDecodingError) -> Float {
        Float(bitPattern: try readInteger(as: UInt32.self, field: field()))
    }

    /// Returns the next `count` bytes and advances past them.
    package mutating func readBytes(
        count: Int, field: @autoclosure () -> String
    ) throws(SketchDecodingError) -> ArraySlice<UInt8> {
        try requireBytes(count, at: readerIndex, field: field())
        defer { readerIndex += count }
        return bytes[readerIndex..<(readerIndex + count)]
    }

    /// Reads `destination.count` little-endian fixed-size values (floats, integers) into
    /// `destination` and advances past them: one memory copy on a little-endian host.
    package mutating func readLittleEndian<T: BitwiseCopyable, Bits: FixedWidthInteger>(
        into destination: UnsafeMutableBufferPointer<T>, fromBitPattern: (Bits) -> T, field: @autoclosure () -> String
    ) throws(SketchDecodingError) {
        precondition(MemoryLayout<T>.size == MemoryLayout<Bits>.size)
        let byteCount = destination.count * MemoryLayout<T>.size
        try requireBytes(byteCount, at: readerIndex, field: field())
        #if _endian(little)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(destination).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: source[readerIndex..<(readerIndex + byteCount)]))
        }
        readerIndex += byteCount
        #else
        for index in destination.indices {
            destination[index] = fromBitPattern(try readInteger(as: Bits.self, field: field()))
        }
        #endif
    }

    /// Skips `count` bytes.
    package mutating func skip(_ count: Int, field: @autoclosure () -> String) throws(SketchDecodingError) {
        try requireBytes(count, at: readerIndex, field: field())
        readerIndex += count
    }

    /// Moves the cursor to an absolute offset (at most the image length).
    package mutating func moveReaderIndex(to offset: Int, field: @autoclosure () -> String) throws(SketchDecodingError)
    {
        try requireBytes(0, at: offset, field: field())
        readerIndex = offset
    }

    /// Throws `.trailingBytes` if any byte is left unread.
    package func requireFullyConsumed(field: String = "image length") throws(SketchDecodingError) {
        guard readableBytes == 0 else {
            throw SketchDecodingError(
                .trailingBytes, family: family, field: field,
                expected: "\(readerIndex) bytes", actual: "\(bytes.count) bytes", offset: readerIndex)
        }
    }

    /// Builds an `.invalidHeader` error for `field` at `offset`.
    package func invalidHeader(
        _ field: String, expected: String, actual: some CustomStringConvertible, at offset: Int
    )
        -> SketchDecodingError
    {
        SketchDecodingError(
            .invalidHeader, family: family, field: field, expected: expected, actual: "\(actual)", offset: offset)
    }

    /// Builds an `.invalidValue` error for `field` at `offset`.
    package func invalidValue(
        _ field: String, expected: String, actual: some CustomStringConvertible, at offset: Int
    )
        -> SketchDecodingError
    {
        SketchDecodingError(
            .invalidValue, family: family, field: field, expected: expected, actual: "\(actual)", offset: offset)
    }
}
