import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file operations on POSIX: a file is written to a unique temporary name in its final
/// directory, fsynced, renamed over the final name, and the directory fsynced, so that after a
/// crash the final name holds either the old bytes or all the new ones, never a partial file.
///
/// Temporary names start with `.` and end in `.tmp-<pid>-<n>`: never a window file name, so
/// readers globbing `*.bin.gz` skip them. These are blocking system calls: call them from the
/// flusher, never from an event loop.
enum _DurableFile {
    private static let counter = Atomic<Int>(0)

    /// The marker inside every temporary name.
    static let temporaryMarker = ".tmp-"

    /// Creates `path` and its missing parents with `mode`.
    static func makeDirectories(_ path: String, mode: mode_t = 0o700) throws(ServerHookError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw ioError(prefix, "a directory that can be created")
            }
            var status = stat()
            if stat(prefix, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
                throw ServerHookError(.ioFailure, field: prefix, expected: "a directory", actual: "not a directory")
            }
            prefix += "/"
        }
    }

    /// Writes `bytes` as `directory/name` atomically and durably.
    ///
    /// - Throws: ``ServerHookError/Code/ioFailure`` naming the path and the system error; the
    ///   temporary file is removed and the final name is untouched.
    static func write(_ bytes: [UInt8], directory: String, name: String, mode: UInt32) throws(ServerHookError) {
        let finalPath = "\(directory)/\(name)"
        let sequence = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let temporaryPath = "\(directory)/.\(name)\(temporaryMarker)\(getpid())-\(sequence)"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw ioError(temporaryPath, "a new file") }
        var written = 0
        var failure: ServerHookError?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = ioError(temporaryPath, "\(buffer.count) bytes written")
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = ioError(temporaryPath, "fsync to succeed") }
        if close(descriptor) != 0, failure == nil { failure = ioError(temporaryPath, "close to succeed") }
        if failure == nil, rename(temporaryPath, finalPath) != 0 { failure = ioError(finalPath, "rename to succeed") }
        if let failure {
            unlink(temporaryPath)
            throw failure
        }
        syncDirectory(directory)
    }

    /// Fsyncs a directory so that renames and unlinks in it survive a crash (best effort).
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Whether a file (or directory) exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) throws(ServerHookError) {
        if unlink(path) != 0 && errno != ENOENT { throw ioError(path, "a removable file") }
    }

    /// Renames a file (same directory).
    static func move(_ source: String, to destination: String) throws(ServerHookError) {
        if rename(source, destination) != 0 { throw ioError(source, "a file that can be renamed") }
    }

    /// The names in a directory (no `.`/`..`), or none if it does not exist.
    static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static func ioError(_ path: String, _ expected: String) -> ServerHookError {
        let code = errno
        let message = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return ServerHookError(.ioFailure, field: path, expected: expected, actual: "\(message) (errno \(code))")
    }
}

/// The number of processors online.
enum _ProcessorCount {
    static var active: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
