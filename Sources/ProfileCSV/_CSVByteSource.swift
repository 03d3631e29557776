import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random access to the input's bytes: a file read with `pread` (standard input is first copied
/// to an unlinked temporary file when it is not a regular file), or bytes in memory.
///
/// Blocks are read on demand by several threads, so a source never keeps more than the caller's
/// buffers in memory.
final class _CSVByteSource: @unchecked Sendable {
    // @unchecked: the file descriptor and the bytes are immutable after init; `pread` is
    // thread-safe.
    private enum Storage {
        case file(descriptor: Int32, base: Int64, closesOnDeinit: Bool)
        case memory([UInt8])
    }

    private let storage: Storage
    /// The input's size in bytes.
    let size: Int64
    /// The input's name in errors.
    let name: String

    /// Opens a file.
    ///
    /// - Throws: ``CSVError`` (`ioFailure`) naming the file and the system's reason.
    init(path: String) throws(CSVError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.ioError(path, "open", errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw Self.ioError(path, "stat", code)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw CSVError(
                .ioFailure, input: path, field: "input", expected: "a regular file", actual: "not a regular file")
        }
        storage = .file(descriptor: descriptor, base: 0, closesOnDeinit: true)
        size = Int64(status.st_size)
        name = path
    }

    /// Standard input: read in place when it is a regular file, otherwise copied to an unlinked
    /// temporary file (in `TMPDIR`, else `/tmp`) as it arrives, so that blocks can be read in
    /// parallel and read again.
    ///
    /// - Parameter progress: called with the bytes copied so far, while copying.
    /// - Throws: ``CSVError`` (`ioFailure`).
    init(standardInput progress: ((Int64) -> Void)? = nil) throws(CSVError) {
        name = "-"
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            let position = lseek(STDIN_FILENO, 0, SEEK_CUR)
            let base = Int64(max(0, position))
            storage = .file(descriptor: STDIN_FILENO, base: base, closesOnDeinit: false)
            size = max(0, Int64(status.st_size) - base)
            return
        }
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/sketchbook-stdin-XXXXXX".utf8CString)
        let spool = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard spool >= 0 else { throw Self.ioError(directory, "create a temporary file in", errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let got = Self.systemRead(STDIN_FILENO, buffer, chunk)
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(spool)
                throw Self.ioError("-", "read", code)
            }
            if got == 0 { break }
            var written = 0
            while written < got {
                let result = write(spool, buffer + written, got - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    close(spool)
                    throw Self.ioError(directory, "write a temporary copy of standard input to", code)
                }
                written += result
            }
            total += Int64(got)
            progress?(total)
        }
        storage = .file(descriptor: spool, base: 0, closesOnDeinit: true)
        size = total
    }

    /// Bytes in memory.
    init(bytes: [UInt8], name: String = "<memory>") {
        storage = .memory(bytes)
        size = Int64(bytes.count)
        self.name = name
    }

    deinit {
        if case .file(let descriptor, _, true) = storage { close(descriptor) }
    }

    /// The file descriptor and the input's offset in it, for a file source.
    var file: (descriptor: Int32, base: Int64)? {
        if case .file(let descriptor, let base, _) = storage { return (descriptor, base) }
        return nil
    }

    /// Reads up to `count` bytes at `offset` into `destination`.
    ///
    /// - Returns: the bytes read; fewer than `count` only at the end of the input.
    /// - Throws: ``CSVError`` (`ioFailure`).
    func read(into destination: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws(CSVError) -> Int {
        let wanted = Int(max(0, min(Int64(count), size - offset)))
        guard wanted > 0 else { return 0 }
        switch storage {
        case .memory(let bytes):
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: source.baseAddress! + Int(offset), byteCount: wanted)
            }
            return wanted
        case .file(let descriptor, let base, _):
            var done = 0
            while done < wanted {
                let got = pread(descriptor, destination + done, wanted - done, off_t(base + offset + Int64(done)))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw Self.ioError(name, "read", errno)
                }
                if got == 0 { break }
                done += got
            }
            return done
        }
    }

    /// Reads up to `count` bytes at `offset`.
    ///
    /// - Returns: the bytes; fewer than `count` only at the end of the input.
    /// - Throws: ``CSVError`` (`ioFailure`).
    func bytes(count: Int, at offset: Int64) throws(CSVError) -> [UInt8] {
        let wanted = Int(max(0, min(Int64(count), size - offset)))
        guard wanted > 0 else { return [] }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 16)
        defer { storage.deallocate() }
        let got = try read(into: storage, count: wanted, at: offset)
        return Array(UnsafeRawBufferPointer(start: storage, count: got))
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func ioError(_ name: String, _ operation: String, _ code: Int32) -> CSVError {
        CSVError(
            .ioFailure, input: name, field: "input", expected: "to \(operation) it",
            actual: String(cString: strerror(code)))
    }
}
