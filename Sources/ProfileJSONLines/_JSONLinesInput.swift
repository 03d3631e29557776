import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input read front to back (a file, standard input, or bytes in memory) and cut into blocks
/// of whole lines. Lines never hold a raw line break inside a string (JSON forbids it), so a block
/// ends at a line break. A line longer than the limit is skipped without being kept: memory is
/// bounded by the block size plus the longest accepted line.
///
/// Not thread-safe: the run calls ``nextBlock()`` under its lock.
final class _JSONLinesInput {
    private enum Source {
        case file(descriptor: Int32, closesOnDeinit: Bool)
        case memory([UInt8])
    }

    private let source: Source
    /// The input's name in errors.
    let name: String
    /// The input's size when known (a regular file or memory), else 0.
    let size: Int64
    private let blockSize: Int
    private let maximumLineBytes: Int
    private var memoryPosition = 0
    /// Bytes after the last line break read so far, and their input offset.
    private var carry: [UInt8] = []
    private var carryOffset: Int64 = 0
    private var isAtEnd = false
    private var nextIndex = 0
    /// Where each file read lands before it is appended (one block).
    private let chunk: UnsafeMutableRawPointer
    /// Bytes read so far.
    private(set) var bytesRead: Int64 = 0

    init(path: String, blockSize: Int, maximumLineBytes: Int) throws(JSONLinesError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.ioError(path, "open", errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw Self.ioError(path, "stat", code)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw JSONLinesError(
                .ioFailure, input: path, field: "input", expected: "a file", actual: "a directory")
        }
        source = .file(descriptor: descriptor, closesOnDeinit: true)
        size = (status.st_mode & S_IFMT) == S_IFREG ? Int64(status.st_size) : 0
        name = path
        self.blockSize = blockSize
        self.maximumLineBytes = maximumLineBytes
        chunk = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    }

    init(standardInputWithBlockSize blockSize: Int, maximumLineBytes: Int) {
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            size = max(0, Int64(status.st_size) - Int64(max(0, lseek(STDIN_FILENO, 0, SEEK_CUR))))
        } else {
            size = 0
        }
        source = .file(descriptor: STDIN_FILENO, closesOnDeinit: false)
        name = "-"
        self.blockSize = blockSize
        self.maximumLineBytes = maximumLineBytes
        chunk = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    }

    init(bytes: [UInt8], name: String, blockSize: Int, maximumLineBytes: Int) {
        source = .memory(bytes)
        size = Int64(bytes.count)
        self.name = name
        self.blockSize = blockSize
        self.maximumLineBytes = maximumLineBytes
        chunk = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    }

    deinit {
        if case .file(let descriptor, true) = source { close(descriptor) }
        chunk.deallocate()
    }

    /// The next block of whole lines, or `nil` at the end of the input.
    ///
    /// - Throws: ``JSONLinesError`` (`ioFailure`).
    func nextBlock() throws(JSONLinesError) -> _JSONLinesBlock? {
        var buffer = carry
        carry = []
        let start = carryOffset
        while true {
            if isAtEnd {
                guard !buffer.isEmpty else { return nil }
                let end = start + Int64(buffer.count)
                carryOffset = end
                return makeBlock(offset: start, bytes: buffer, end: end)
            }
            let searchFrom = buffer.count
            let got = try read(into: &buffer, count: blockSize)
            if got == 0 {
                isAtEnd = true
                continue
            }
            if start == 0 && searchFrom == 0 && buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                // A UTF-8 byte-order mark at the start of the input is not part of the first line.
                buffer.replaceSubrange(0..<3, with: [0x20, 0x20, 0x20])
            }
            if let last = buffer[searchFrom...].lastIndex(of: UInt8(ascii: "\n")) {
                carry = Array(buffer[(last + 1)...])
                carryOffset = start + Int64(last + 1)
                buffer.removeSubrange((last + 1)...)
                return makeBlock(offset: start, bytes: buffer, end: carryOffset)
            }
            if buffer.count > maximumLineBytes {
                return try skipLongLine(start: start, seen: buffer.count)
            }
        }
    }

    private func makeBlock(offset: Int64, bytes: [UInt8], end: Int64) -> _JSONLinesBlock {
        defer { nextIndex += 1 }
        return _JSONLinesBlock(index: nextIndex, offset: offset, bytes: bytes, skippedLineLength: nil, end: end)
    }

    /// Reads and drops the rest of a line longer than the limit; the block stands for that line.
    private func skipLongLine(start: Int64, seen: Int) throws(JSONLinesError) -> _JSONLinesBlock {
        var length = Int64(seen)
        var chunk: [UInt8] = []
        while true {
            chunk.removeAll(keepingCapacity: true)
            let got = try read(into: &chunk, count: blockSize)
            if got == 0 {
                isAtEnd = true
                carryOffset = start + length
                break
            }
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                length += Int64(newline)
                carry = Array(chunk[(newline + 1)...])
                carryOffset = start + length + 1
                break
            }
            length += Int64(got)
        }
        defer { nextIndex += 1 }
        return _JSONLinesBlock(
            index: nextIndex, offset: start, bytes: [], skippedLineLength: length, end: carryOffset)
    }

    /// Appends up to `count` bytes (fewer only at the end of the input).
    private func read(into buffer: inout [UInt8], count: Int) throws(JSONLinesError) -> Int {
        switch source {
        case .memory(let bytes):
            let got = min(count, bytes.count - memoryPosition)
            buffer.append(contentsOf: bytes[memoryPosition..<(memoryPosition + got)])
            memoryPosition += got
            bytesRead += Int64(got)
            return got
        case .file(let descriptor, _):
            let wanted = min(count, blockSize)
            var done = 0
            while done < wanted {
                let got = Self.systemRead(descriptor, chunk + done, wanted - done)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw Self.ioError(name, "read", errno)
                }
                if got == 0 { break }
                done += got
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: chunk, count: done))
            bytesRead += Int64(done)
            return done
        }
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func ioError(_ name: String, _ operation: String, _ code: Int32) -> JSONLinesError {
        JSONLinesError(
            .ioFailure, input: name, field: "input", expected: "to \(operation) it",
            actual: String(cString: strerror(code)))
    }
}
