import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// Parses `bytes[range]` as this message, mapping any failure to
    /// ``ProfileError/Code/invalidMessage`` (swift-protobuf checks every length against the
    /// remaining bytes before allocating).
    ///
    /// The range is read in place, not copied, and unknown fields are dropped: the readers never
    /// use them, and kept they were a copy of any size that no budget counted (a 286 KB gzip v0
    /// file with a 240 MB unknown field took 1 GB resident to read).
    init(parsing bytes: [UInt8], range: Range<Int>, field: @autoclosure () -> String) throws(ProfileError) {
        var options = BinaryDecodingOptions()
        options.discardUnknownFields = true
        do {
            self = try Self(serializedBytes: bytes[range].span.bytes, options: options)
        } catch {
            throw ProfileError(
                .invalidMessage, field: field(), expected: "a valid \(Self.protoMessageName) message",
                actual: "\(range.count) bytes that do not parse (\(error))", offset: range.lowerBound)
        }
    }

    /// The message's bytes with map entries in sorted key order, so equal messages give equal
    /// bytes.
    func deterministicBytes() -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        do {
            return try serializedBytes(options: options)
        } catch {
            // Only missing required fields (none in proto3) or a message over 2 GiB fail.
            preconditionFailure("serializing \(Self.protoMessageName) failed: \(error)")
        }
    }
}
