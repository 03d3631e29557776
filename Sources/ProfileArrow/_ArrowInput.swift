#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input's bytes, read in order through a small buffer: a file descriptor (a file, or
/// standard input) or bytes in memory. Only what a message needs is held at a time.
final class _ArrowInput {
    let name: String
    /// The input's size when it is a regular file or memory; `nil` for a pipe.
    let totalBytes: Int64?
    /// The offset of the next byte to be read.
    private(set) var offset: Int64 = 0

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var memory: [UInt8]
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var atEnd = false

    private static let chunk = 1 << 16

    /// Opens a file.
    init(path: String) throws(ArrowError) {
        name = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ArrowError(.ioFailure, input: path, field: "open", expected: "a readable file", actual: reason)
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw ArrowError(.ioFailure, input: path, field: "open", expected: "a file", actual: "a directory")
        }
        totalBytes = (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        self.descriptor = descriptor
        ownsDescriptor = true
        memory = []
        buffer = []
    }

    /// Standard input.
    init(standardInput: Void) {
        name = "-"
        var info = stat()
        totalBytes = fstat(0, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        descriptor = 0
        ownsDescriptor = false
        memory = []
        buffer = []
    }

    /// Bytes in memory.
    init(bytes: [UInt8], name: String) {
        self.name = name
        totalBytes = Int64(bytes.count)
        descriptor = -1
        ownsDescriptor = false
        memory = []
        buffer = bytes
        atEnd = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads up to `count` bytes, fewer only at the end of the input.
    func read(upTo count: Int) throws(ArrowError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(min(count, Self.chunk * 16))
        while result.count < count {
            if bufferStart == buffer.count {
                if atEnd { break }
                // Large remainders go straight from the descriptor into the result, at most 16 MiB
                // at a time: memory grows with the bytes that are there, not with a length the
                // input claims.
                if count - result.count >= Self.chunk {
                    let wanted = min(count - result.count, 1 << 24)
                    let old = result.count
                    result.append(contentsOf: repeatElement(0, count: wanted))
                    let got = try fill(&result, from: old, count: wanted)
                    result.removeLast(wanted - got)
                    offset += Int64(got)
                    if got < wanted { atEnd = true }
                    continue
                }
                try refill()
                continue
            }
            let take = min(count - result.count, buffer.count - bufferStart)
            result.append(contentsOf: buffer[bufferStart..<bufferStart + take])
            bufferStart += take
            offset += Int64(take)
        }
        return result
    }

    /// Reads exactly `count` bytes, or throws `truncated` naming `what`.
    func read(exactly count: Int, what: String) throws(ArrowError) -> [UInt8] {
        let start = offset
        let bytes = try read(upTo: count)
        guard bytes.count == count else {
            throw ArrowError(
                .truncated, input: name, field: what, expected: "\(count) bytes", actual: "\(bytes.count) bytes",
                offset: start)
        }
        return bytes
    }

    private func refill() throws(ArrowError) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: repeatElement(0, count: Self.chunk))
        let got = try fill(&buffer, from: 0, count: Self.chunk)
        buffer.removeLast(Self.chunk - got)
        bufferStart = 0
        if got == 0 { atEnd = true }
    }

    /// Reads from the descriptor into `target[from...]` until `count` bytes or the end.
    private func fill(_ target: inout [UInt8], from start: Int, count: Int) throws(ArrowError) -> Int {
        if descriptor < 0 { return 0 }
        var done = 0
        while done < count {
            let got = target.withUnsafeMutableBytes { raw in
                _systemRead(descriptor, raw.baseAddress! + start + done, count - done)
            }
            if got < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw ArrowError(
                    .ioFailure, input: name, field: "read", expected: "readable bytes", actual: reason,
                    offset: offset + Int64(done))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}

/// `read(2)`, named apart from ``_ArrowInput``'s own `read` methods.
private func _systemRead(_ descriptor: Int32, _ target: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, target, count)
}
