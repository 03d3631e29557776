/// Appends little-endian fields to a growing byte array: the writing half of ``ByteReader``.
package struct ByteWriter: Sendable {
    /// The bytes written so far.
    @usableFromInline package private(set) var bytes: [UInt8]

    /// Creates an empty writer with room for `capacity` bytes.
    package init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    package var writerIndex: Int { bytes.count }

    /// Appends a little-endian integer.
    @inlinable
    package mutating func writeInteger<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a little-endian IEEE-754 double (the bit pattern is kept, NaN payloads included).
    @inlinable
    package mutating func writeDouble(_ value: Double) { writeInteger(value.bitPattern) }

    /// Appends a little-endian IEEE-754 float.
    @inlinable
    package mutating func writeFloat(_ value: Float) { writeInteger(value.bitPattern) }

    /// Appends raw bytes.
    @inlinable
    package mutating func writeBytes(_ source: some Sequence<UInt8>) { bytes.append(contentsOf: source) }

    /// Appends the little-endian images of a run of fixed-size values (floats, integers): one
    /// memory copy on a little-endian host.
    @inlinable
    package mutating func writeLittleEndian<T: BitwiseCopyable>(
        _ values: UnsafeBufferPointer<T>, bitPattern: (T) -> some FixedWidthInteger
    ) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(values))
        #else
        for value in values { writeInteger(bitPattern(value)) }
        #endif
    }

    /// Appends `count` zero bytes.
    @inlinable
    package mutating func writeZeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// Overwrites a little-endian integer at an offset already written.
    package mutating func setInteger<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { bytes[offset + i] = byte }
        }
    }
}
