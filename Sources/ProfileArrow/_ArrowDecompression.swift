import CLZ4
import CZstd

/// Compressed body buffers (spec §5.2): each non-empty buffer is an `int64` uncompressed length
/// (−1: the bytes follow as they are) and an LZ4 frame or a ZSTD frame. The buffers are
/// decompressed into a new body, within ``ArrowReadLimits/maximumBodyBytes`` in total, each to
/// exactly its declared length.
enum _ArrowDecompression {
    static func codecName(_ codec: Int8) -> String {
        switch codec {
        case 0: "LZ4_FRAME"
        case 1: "ZSTD"
        default: "codec \(codec)"
        }
    }

    /// The most an LZ4 frame expands (its sequences copy at most 255 bytes a byte, and a little more).
    static let maximumLZ4Expansion = 256
    /// The most a ZSTD frame expands (an RLE block: 128 KiB from a 3-byte header and 1 byte).
    static let maximumZstdExpansion = 32_768

    /// The body with every buffer decompressed, and the buffers' new places in it.
    static func decompress(
        body: [UInt8], buffers: [_ArrowRecordBatchHeader.Buffer], codec: Int8, bodyOffset: Int64, input: String,
        limit: Int
    ) throws(ArrowError) -> (body: [UInt8], buffers: [_ArrowRecordBatchHeader.Buffer]) {
        guard codec == 0 || codec == 1 else {
            throw ArrowError(
                .unsupportedCompression, input: input, field: "BodyCompression.codec",
                expected: "0 (LZ4_FRAME) or 1 (ZSTD)", actual: "\(codec)", offset: bodyOffset)
        }
        // First the declared sizes, checked against the budget before anything is allocated.
        var sizes: [Int] = []
        var total = 0
        for (index, spec) in buffers.enumerated() {
            guard spec.offset <= Int64(body.count), spec.length <= Int64(body.count) - spec.offset else {
                throw ArrowError(
                    .malformedBody, input: input, field: "buffers[\(index)]",
                    expected: "inside the \(body.count)-byte body",
                    actual: "offset \(spec.offset), length \(spec.length)",
                    offset: bodyOffset)
            }
            if spec.length == 0 {
                sizes.append(0)
                continue
            }
            let at = bodyOffset + spec.offset
            guard spec.length >= 8 else {
                throw ArrowError(
                    .malformedBody, input: input, field: "buffers[\(index)] uncompressed length",
                    expected: "8 bytes", actual: "\(spec.length) bytes", offset: at)
            }
            let start = Int(spec.offset)
            var declared: Int64 = 0
            for byte in 0..<8 { declared |= Int64(body[start + byte]) << (8 * byte) }
            let size = declared == -1 ? Int(spec.length) - 8 : Int(clamping: declared)
            guard declared >= -1, size <= limit - total else {
                throw ArrowError(
                    declared < -1 ? .malformedBody : .limitExceeded, input: input,
                    field: "buffers[\(index)] uncompressed length (maximumBodyBytes)",
                    expected: "−1, or a length within the \(limit)-byte body limit", actual: "\(declared)", offset: at)
            }
            // A declared length no frame of this size could decompress to is refused before
            // anything is allocated: LZ4 expands at most about 255 times, ZSTD (whose RLE blocks
            // hold 128 KiB in 4 bytes) at most 32,768 times. Without this a 1 kB input could
            // claim, and have allocated, the whole body budget.
            let payload = Int(spec.length) - 8
            let expansion = codec == 0 ? maximumLZ4Expansion : maximumZstdExpansion
            guard declared == -1 || size <= payload.multipliedReportingOverflow(by: expansion).partialValue + 65_536
            else {
                throw ArrowError(
                    .malformedBody, input: input,
                    field: "buffers[\(index)] uncompressed length (compression ratio)",
                    expected: "at most \(expansion) times the \(payload)-byte \(codecName(codec)) frame, plus 64 KiB",
                    actual: "\(declared)", offset: at)
            }
            sizes.append(size)
            total += (size + 7) & ~7
        }
        var output = [UInt8](repeating: 0, count: total)
        var placed: [_ArrowRecordBatchHeader.Buffer] = []
        var cursor = 0
        for (index, spec) in buffers.enumerated() {
            let size = sizes[index]
            placed.append(_ArrowRecordBatchHeader.Buffer(offset: Int64(cursor), length: Int64(size)))
            if spec.length == 0 { continue }
            let start = Int(spec.offset) + 8
            let end = Int(spec.offset + spec.length)
            let at = bodyOffset + spec.offset + 8
            var raw = true
            for byte in 0..<8 where body[Int(spec.offset) + byte] != 0xFF { raw = false }
            if raw {
                output.replaceSubrange(cursor..<cursor + size, with: body[start..<end])
            } else if size > 0 || end > start {
                let written = cursor
                let result: Result<Int, ArrowError> = body.withUnsafeBytes { source in
                    output.withUnsafeMutableBytes { target in
                        let from = UnsafeRawBufferPointer(rebasing: source[start..<end])
                        let into = UnsafeMutableRawBufferPointer(rebasing: target[written..<written + size])
                        return Result { () throws(ArrowError) in
                            codec == 0
                                ? try lz4(from, into: into, input: input, at: at, index: index)
                                : try zstd(from, into: into, input: input, at: at, index: index)
                        }
                    }
                }
                let produced = try result.get()
                guard produced == size else {
                    throw ArrowError(
                        .malformedBody, input: input, field: "buffers[\(index)] decompressed length",
                        expected: "\(size) bytes (the declared length)", actual: "\(produced) bytes", offset: at)
                }
            }
            cursor += (size + 7) & ~7
        }
        return (output, placed)
    }

    /// One LZ4 frame into `target`, which must hold all of it; the bytes produced.
    private static func lz4(
        _ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, input: String, at: Int64,
        index: Int
    ) throws(ArrowError) -> Int {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            throw ArrowError(
                .ioFailure, input: input, field: "LZ4 decompression context", expected: "memory", actual: "none")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var read = 0
        var written = 0
        while true {
            var sourceSize = source.count - read
            var targetSize = target.count - written
            let hint = LZ4F_decompress(
                context, target.baseAddress.map { $0 + written }, &targetSize, source.baseAddress.map { $0 + read },
                &sourceSize, nil)
            if LZ4F_isError(hint) != 0 {
                throw ArrowError(
                    .malformedBody, input: input, field: "buffers[\(index)] LZ4 frame", expected: "a valid LZ4 frame",
                    actual: String(cString: LZ4F_getErrorName(hint)), offset: at + Int64(read))
            }
            read += sourceSize
            written += targetSize
            if hint == 0 { return written }
            if sourceSize == 0 && targetSize == 0 {
                // No progress: the frame wants more input than there is, or more room than declared.
                throw ArrowError(
                    .malformedBody, input: input, field: "buffers[\(index)] LZ4 frame",
                    expected: "a complete frame of \(target.count) bytes",
                    actual: read == source.count ? "the end of the buffer" : "more bytes than declared",
                    offset: at + Int64(read))
            }
        }
    }

    /// One ZSTD frame into `target`; the bytes produced.
    private static func zstd(
        _ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, input: String, at: Int64,
        index: Int
    ) throws(ArrowError) -> Int {
        let result = ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
        if ZSTD_isError(result) != 0 {
            throw ArrowError(
                .malformedBody, input: input, field: "buffers[\(index)] ZSTD frame", expected: "a valid ZSTD frame",
                actual: String(cString: ZSTD_getErrorName(result)), offset: at)
        }
        return result
    }
}
