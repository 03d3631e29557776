import CZlib

/// gzip (RFC 1952) compression and bounded decompression through zlib, windowBits 31.
enum _Gzip {
    /// The two magic bytes every gzip member starts with.
    static let magic: (UInt8, UInt8) = (0x1f, 0x8b)

    /// Whether `bytes` starts with the gzip magic.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == magic.0 && bytes[1] == magic.1
    }

    private static let chunkSize = 64 * 1024

    /// Inflates a gzip stream (concatenated members included), in 64 KiB steps, refusing to
    /// produce more than `limit` bytes.
    ///
    /// - Parameters:
    ///   - input: the compressed bytes.
    ///   - limit: the most bytes to produce.
    ///   - limitName: the limit that sets `limit`, for the error (`ProfileReadLimits.…`).
    /// - Throws: ``ProfileError/Code/decompressionLimitExceeded`` past `limit`,
    ///   ``ProfileError/Code/decompressionFailed`` for a corrupt stream,
    ///   ``ProfileError/Code/truncated`` for a stream that ends early.
    static func inflate(_ input: [UInt8], limit: Int, limitName: String = "the limit") throws(ProfileError) -> [UInt8] {
        var stream = z_stream()
        let initStatus = inflateInit2_(&stream, 31, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else {
            throw ProfileError(
                .decompressionFailed, field: "gzip", expected: "zlib inflateInit2 to succeed",
                actual: "status \(initStatus)")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var inputOffset = 0
        while true {
            let (status, consumed, produced) = input.withUnsafeBufferPointer { inBuffer in
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    let base = inBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
                    stream.next_in = base.map { $0 + inputOffset }
                    stream.avail_in = UInt32(clamping: inBuffer.count - inputOffset)
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    let beforeIn = stream.avail_in
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, Int(beforeIn - stream.avail_in), outBuffer.count - Int(stream.avail_out))
                }
            }
            inputOffset += consumed
            if consumed == 0 && produced == 0 && status != Z_STREAM_END && inputOffset >= input.count {
                throw ProfileError(
                    .truncated, field: "gzip", expected: "a complete gzip stream",
                    actual: "end of input after \(output.count) inflated bytes", offset: inputOffset)
            }
            guard output.count + produced <= limit else {
                throw ProfileError(
                    .decompressionLimitExceeded, field: "gzip",
                    expected: "at most \(limit) inflated bytes from \(input.count) compressed bytes (\(limitName))",
                    actual: "more than \(limit)", offset: inputOffset)
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // A further gzip member may follow (as `cat a.gz b.gz` makes).
                if inputOffset < input.count, isCompressed(Array(input[inputOffset...].prefix(2))) {
                    inflateReset(&stream)
                    continue
                }
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                if inputOffset >= input.count {
                    throw ProfileError(
                        .truncated, field: "gzip", expected: "a complete gzip stream",
                        actual: "end of input after \(output.count) inflated bytes", offset: inputOffset)
                }
                continue
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw ProfileError(
                    .decompressionFailed, field: "gzip", expected: "a valid deflate stream", actual: message,
                    offset: inputOffset)
            }
        }
    }

    /// Compresses `input` as one gzip member (default compression level, no file name, mtime 0),
    /// so the same input always gives the same bytes.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let initStatus = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        precondition(initStatus == Z_OK, "zlib deflateInit2 failed with status \(initStatus)")
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2 + 64)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var inputOffset = 0
        while true {
            let (status, consumed, produced) = input.withUnsafeBufferPointer { inBuffer in
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    let base = inBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
                    stream.next_in = base.map { $0 + inputOffset }
                    let remaining = inBuffer.count - inputOffset
                    stream.avail_in = UInt32(clamping: remaining)
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    let flush = remaining <= Int(UInt32.max) ? Z_FINISH : Z_NO_FLUSH
                    let beforeIn = stream.avail_in
                    let status = CZlib.deflate(&stream, flush)
                    return (status, Int(beforeIn - stream.avail_in), outBuffer.count - Int(stream.avail_out))
                }
            }
            inputOffset += consumed
            output.append(contentsOf: chunk[0..<produced])
            if status == Z_STREAM_END { return output }
            precondition(status == Z_OK || status == Z_BUF_ERROR, "zlib deflate failed with status \(status)")
        }
    }
}
