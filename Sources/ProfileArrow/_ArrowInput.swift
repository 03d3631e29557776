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

    /// The bytes set aside (zero-filled) to read into, over the input's life: what reading cost
    /// before any data arrived. Tests check with it that a small input takes no large buffer.
    private(set) var zeroFilledBytes = 0

    private static let chunk = 1 << 16
    private static let largestStep = 1 << 24

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
    ///
    /// Memory grows with the bytes that are there, not with the count asked for (a length the
    /// input claims, or the footer's budget of ``ArrowReadLimits/maximumMetadataBytes``): when
    /// the input's size is known, no more than what is left of it is set aside; otherwise the
    /// reads go in steps that start at 64 KiB and double, up to 16 MiB.
    func read(upTo count: Int) throws(ArrowError) -> [UInt8] {
        // What is left of an input of known size (a file can grow while it is read: then the
        // steps take over once this is used).
        let left = totalBytes.map { Int(clamping: max(0, $0 - offset)) }
        var result: [UInt8] = []
        result.reserveCapacity(min(count, left ?? Self.chunk))
        var step = min(max(left ?? 0, Self.chunk), Self.largestStep)
        while result.count < count {
            if bufferStart == buffer.count {
                if atEnd { break }
                // Large remainders go straight from the descriptor into the result; a small one,
                // or a small input, through the buffer.
                let wanted = min(count - result.count, step, left.map { max($0 - result.count, 0) } ?? .max)
                if wanted >= Self.chunk {
                    let old = result.count
                    result.append(contentsOf: repeatElement(0, count: wanted))
                    zeroFilledBytes += wanted
                    let got = try fill(&result, from: old, count: wanted)
                    result.removeLast(wanted - got)
                    offset += Int64(got)
                    if got < wanted { atEnd = true }
                    step = min(step * 2, Self.largestStep)
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
        zeroFilledBytes += Self.chunk
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
