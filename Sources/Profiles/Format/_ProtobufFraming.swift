/// Bounds-checked reading of the framing around the protobuf messages of a profile file:
/// base-128 varints and varint-length-delimited messages.
struct _ProtobufFraming {
    /// The whole (decompressed) file.
    let bytes: [UInt8]
    /// The offset of the next byte to read.
    var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Reads a varint of at most 10 bytes and advances past it.
    ///
    /// - Parameters:
    ///   - field: the field, for errors.
    ///   - end: the end of the region the varint must lie in (default: the end of the file).
    mutating func readVarint(field: @autoclosure () -> String, end: Int? = nil) throws(ProfileError) -> UInt64 {
        let end = end ?? bytes.count
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw ProfileError(
                    .truncated, field: field(), expected: "a complete varint", actual: "end of data",
                    offset: start)
            }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 {
                throw ProfileError(
                    .invalidMessage, field: field(), expected: "a varint of at most 64 bits",
                    actual: "a longer varint", offset: start)
            }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// Reads a varint length prefix and returns the range of the `length` bytes that follow,
    /// advancing past them; the length must fit in what remains before `end`.
    mutating func readDelimited(field: @autoclosure () -> String, end: Int? = nil) throws(ProfileError) -> Range<Int> {
        let end = end ?? bytes.count
        let start = position
        let length = try readVarint(field: field() + " length", end: end)
        let remaining = end - position
        guard length <= UInt64(remaining) else {
            throw ProfileError(
                .truncated, field: field(), expected: "\(length) bytes (the length prefix)",
                actual: "\(remaining) remaining", offset: start)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// Appends `value` as a varint.
    static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
