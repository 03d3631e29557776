internal import CZlib
import Profiles

/// A zlib inflater whose output is capped at the size a PNG header promises.
///
/// The output buffer holds one byte more than expected; filling it means the stream is longer than
/// the image (a decompression bomb or a lying header), which is an error. Input is fed chunk by chunk,
/// so concatenated IDAT chunks are never copied.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    private var produced = 0
    private var ended = false
    let expectedCount: Int

    init(expectedCount: Int) throws(ProfileError) {
        self.expectedCount = expectedCount
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: expectedCount + 1)
        let rc = inflateInit2_(stream, 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ProfileError(.decompressionFailed, field: "PNG IDAT", expected: "zlib ready", actual: "code \(rc)")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `bytes[range]`; `offset` locates the chunk in errors.
    func feed(_ bytes: [UInt8], range: Range<Int>, offset: Int) throws(ProfileError) {
        guard !ended, !range.isEmpty else { return }  // data after the stream's end is ignored, as PIL does
        let capacity = output.count
        let stream = self.stream
        var produced = self.produced
        let outcome: (code: Int32, ended: Bool) = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound)
                stream.pointee.avail_in = UInt32(range.count)
                while stream.pointee.avail_in > 0 {
                    stream.pointee.next_out = out.baseAddress! + produced
                    stream.pointee.avail_out = UInt32(capacity - produced)
                    let rc = inflate(stream, Z_NO_FLUSH)
                    produced = capacity - Int(stream.pointee.avail_out)
                    if produced > self.expectedCount { return (Z_BUF_ERROR, false) }
                    if rc == Z_STREAM_END { return (Z_OK, true) }
                    if rc != Z_OK { return (rc, false) }
                }
                return (Z_OK, false)
            }
        }
        self.produced = produced
        if produced > expectedCount {
            throw ProfileError(
                .decompressionLimitExceeded, field: "PNG IDAT",
                expected: "at most \(expectedCount) inflated bytes (from the IHDR size)",
                actual: "more", offset: offset)
        }
        guard outcome.code == Z_OK else {
            throw ProfileError(
                .decompressionFailed, field: "PNG IDAT", expected: "a valid zlib stream",
                actual: "zlib code \(outcome.code)", offset: offset)
        }
        ended = outcome.ended
    }

    /// The inflated bytes; fails unless exactly the expected count was produced.
    func finish(offset: Int) throws(ProfileError) -> [UInt8] {
        guard produced == expectedCount else {
            throw ProfileError(
                .truncated, field: "PNG IDAT", expected: "\(expectedCount) inflated bytes",
                actual: "\(produced)", offset: offset)
        }
        return Array(output[0..<expectedCount])
    }
}
