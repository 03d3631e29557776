import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file operations on POSIX, relative to directory descriptors: a file is written to a
/// unique temporary name in its final directory, fsynced, renamed over the final name, and the
/// directory fsynced, so that after a crash the final name holds either the old bytes or all the
/// new ones, never a partial file.
///
/// Every name is a single path component opened with `O_NOFOLLOW` below a descriptor the hook
/// holds, so a symbolic link planted in the output directory is never followed.
///
/// Temporary names are `.<final name>.tmp-<pid>-<n>`: never a window file name, so readers
/// globbing `*.bin.gz` skip them. These are blocking system calls: call them from the flusher,
/// never from an event loop.
enum _DurableFile {
    private static let counter = Atomic<Int>(0)

    /// The marker inside every temporary name.
    static let temporaryMarker = ".tmp-"

    /// The largest window or checkpoint file read back, compressed or inflated (a window is
    /// bounded by its sketches: about 10 KiB a column, 2.5 MiB for 256 busy columns), well inside
    /// the deployment's memory limit of 512 MiB.
    static let maxReadBytes = 64 << 20

    /// Creates `path` and its missing parents with `mode` (following links the operator put in
    /// the path: it is trusted configuration; what the hook creates below it is not).
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

    /// Opens (and, if `create`, makes) the directory `name` inside `parent`, never following a
    /// link, and checks that it is ours and not writable by others. A directory it creates is made
    /// durable by fsyncing `parent`.
    ///
    /// - Returns: the descriptor (the caller closes it), or `nil` if it is missing and not `create`.
    /// - Throws: ``ServerHookError/Code/unsafeDirectory`` for a link, a non-directory or a directory
    ///   of someone else; ``ServerHookError/Code/ioFailure`` for system errors.
    static func openDirectory(
        _ name: String, in parent: Int32, path: String, create: Bool
    ) throws(ServerHookError) -> Int32? {
        if create {
            if mkdirat(parent, name, 0o700) == 0 {
                if fsync(parent) != 0 { throw ioError(path, "the new directory's parent to fsync") }
            } else if errno != EEXIST {
                throw ioError(path, "a directory that can be created")
            }
        }
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT && !create { return nil }
            if code == ELOOP || code == ENOTDIR {
                var status = stat()
                let isLink =
                    fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
                throw ServerHookError(
                    .unsafeDirectory, field: path, expected: "a directory (links are not followed)",
                    actual: isLink ? "a symbolic link" : "not a directory")
            }
            errno = code
            throw ioError(path, "a directory that can be opened")
        }
        do throws(ServerHookError) {
            try checkOwnership(descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Checks that the directory open as `descriptor` belongs to the effective user and that no
    /// one else can write to it (they could plant links or replace files in it).
    static func checkOwnership(_ descriptor: Int32, path: String) throws(ServerHookError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ioError(path, "a directory whose status can be read") }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw ServerHookError(.unsafeDirectory, field: path, expected: "a directory", actual: "not a directory")
        }
        let user = geteuid()
        guard status.st_uid == user else {
            throw ServerHookError(
                .unsafeDirectory, field: path, expected: "a directory owned by the server's user (uid \(user))",
                actual: "owned by uid \(status.st_uid)")
        }
        let permissions = status.st_mode & 0o7777
        guard permissions & 0o022 == 0 else {
            throw ServerHookError(
                .unsafeDirectory, field: path,
                expected: "a directory only its owner can write to (chmod go-w \(path))",
                actual: "mode \(String(permissions, radix: 8))")
        }
    }

    /// Writes `bytes` as `name` inside `directory` atomically and durably.
    ///
    /// - Throws: ``ServerHookError/Code/ioFailure`` naming the path and the system error; the
    ///   temporary file is removed and the final name is untouched (unless only the directory
    ///   fsync failed: then the new file is in place but may not survive a crash).
    static func write(
        _ bytes: [UInt8], in directory: Int32, path: String, name: String, mode: UInt32
    ) throws(ServerHookError) {
        let sequence = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let temporaryName = ".\(name)\(temporaryMarker)\(getpid())-\(sequence)"
        let temporaryPath = "\(path)/\(temporaryName)"
        let descriptor = openat(
            directory, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
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
        if failure == nil, renameat(directory, temporaryName, directory, name) != 0 {
            failure = ioError("\(path)/\(name)", "rename to succeed")
        }
        if let failure {
            unlinkat(directory, temporaryName, 0)
            throw failure
        }
        try syncDirectory(directory, path: path)
    }

    /// Fsyncs a directory so that renames and unlinks in it survive a crash.
    static func syncDirectory(_ directory: Int32, path: String) throws(ServerHookError) {
        if fsync(directory) != 0 { throw ioError(path, "the directory to fsync") }
    }

    /// Reads the regular file `name` inside `directory` (not through a link), or `nil` if there is
    /// none.
    ///
    /// - Throws: ``ServerHookError/Code/ioFailure`` if it cannot be read or is not a regular file;
    ///   ``ServerHookError/Code/invalidFile`` if it is larger than ``maxReadBytes`` (no window is).
    static func read(_ name: String, in directory: Int32, path: String) throws(ServerHookError) -> [UInt8]? {
        let filePath = "\(path)/\(name)"
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw ioError(filePath, "a readable regular file (links are not followed)")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ioError(filePath, "a file whose status can be read") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ServerHookError(
                .ioFailure, field: filePath, expected: "a regular file", actual: "another kind of file")
        }
        guard status.st_size <= maxReadBytes else {
            throw ServerHookError(
                .invalidFile, field: filePath, expected: "at most \(maxReadBytes) bytes",
                actual: "\(status.st_size) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw ioError(filePath, "a readable file")
            }
            if result == 0 { break }  // shrank while read: what was there
            count += result
        }
        return Array(bytes.prefix(count))
    }

    /// Whether `name` exists inside `directory` (a link counts, and is not followed).
    static func exists(_ name: String, in directory: Int32) -> Bool {
        var status = stat()
        return fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// Removes the file `name` inside `directory`; a missing file is not an error.
    static func remove(_ name: String, in directory: Int32, path: String) throws(ServerHookError) {
        if unlinkat(directory, name, 0) != 0 && errno != ENOENT { throw ioError("\(path)/\(name)", "a removable file") }
    }

    /// Renames `source` to `destination`, both inside `directory`.
    static func move(
        _ source: String, to destination: String, in directory: Int32, path: String
    ) throws(ServerHookError) {
        if renameat(directory, source, directory, destination) != 0 {
            throw ioError("\(path)/\(source)", "a file that can be renamed")
        }
    }

    /// Renames `name` to the first free name of `<name>.corrupt`, `<name>.corrupt-1`, … (up to
    /// 999), never over an earlier file set aside, and fsyncs `directory`.
    ///
    /// - Returns: the new name.
    static func setAside(_ name: String, in directory: Int32, path: String) throws(ServerHookError) -> String {
        for attempt in 0..<1000 {
            let target = name + ".corrupt" + (attempt == 0 ? "" : "-\(attempt)")
            // The directory is ours and the instance locked: nothing else makes this name meanwhile.
            if exists(target, in: directory) { continue }
            try move(name, to: target, in: directory, path: path)
            try syncDirectory(directory, path: path)
            return target
        }
        throw ServerHookError(
            .ioFailure, field: "\(path)/\(name)", expected: "a free name to set the file aside",
            actual: "\(name).corrupt to \(name).corrupt-999 all taken")
    }

    /// The names in `directory` (no `.`/`..`), sorted; none if it cannot be listed.
    static func entries(of directory: Int32) -> [String] {
        let copy = dup(directory)
        guard copy >= 0 else { return [] }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func ioError(_ path: String, _ expected: String) -> ServerHookError {
        let code = errno
        let message = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return ServerHookError(.ioFailure, field: path, expected: expected, actual: "\(message) (errno \(code))")
    }
}

/// The number of processors online.
enum _ProcessorCount {
    static var active: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
