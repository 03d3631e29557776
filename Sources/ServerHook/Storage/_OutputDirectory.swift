#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hook's output directory, held open for the hook's lifetime: its descriptor (everything is
/// created and opened relative to it, links never followed), the `.checkpoints` folder's, and an
/// exclusive lock of the instance (`.<instance>.lock`), so that two processes never write, restore
/// or clean up the same instance's files.
final class _OutputDirectory: Sendable {
    /// The directory as configured (for messages).
    let path: String
    /// The directory.
    let descriptor: Int32
    /// `.checkpoints` inside it.
    let checkpoints: Int32
    /// The lock file, locked (`flock`) until the hook goes.
    private let lock: Int32

    /// The checkpoint folder's name.
    static let checkpointFolder = ".checkpoints"

    var checkpointPath: String { "\(path)/\(Self.checkpointFolder)" }

    /// Creates (owner-only) or opens the directory, checks that only its owner, the effective user,
    /// can write to it, takes the instance's lock, and opens `.checkpoints`.
    ///
    /// - Throws: ``ServerHookError/Code/unsafeDirectory`` if the directory (or `.checkpoints`) is
    ///   someone else's, writable by others, or a link, or the lock file is not a regular file of
    ///   ours with one link; ``ServerHookError/Code/instanceInUse`` if
    ///   another process (or hook) holds the instance; ``ServerHookError/Code/ioFailure`` otherwise.
    init(path: String, instance: String) throws(ServerHookError) {
        self.path = path
        try _DurableFile.makeDirectories(path)
        // The configured path itself may go through links (the operator's choice); below it none
        // are followed.
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw _DurableFile.ioError(path, "a directory that can be opened") }
        var lock: Int32 = -1
        do throws(ServerHookError) {
            try _DurableFile.checkOwnership(descriptor, path: path)
            lock = try Self.lockInstance(instance, in: descriptor, directory: path)
            guard
                let checkpoints = try _DurableFile.openDirectory(
                    Self.checkpointFolder, in: descriptor, path: "\(path)/\(Self.checkpointFolder)", create: true)
            else { throw _DurableFile.ioError(path, "a checkpoint folder") }
            self.descriptor = descriptor
            self.lock = lock
            self.checkpoints = checkpoints
        } catch {
            if lock >= 0 { close(lock) }
            close(descriptor)
            throw error
        }
    }

    deinit {
        close(checkpoints)
        close(descriptor)
        close(lock)  // releases the instance
    }

    /// The lock file's name for `instance` (hidden, never a window or checkpoint name).
    static func lockName(instance: String) -> String { ".\(instance).lock" }

    /// Takes the instance's exclusive lock without waiting, and writes this process's id in the
    /// lock file for the message another process would get.
    private static func lockInstance(
        _ instance: String, in directory: Int32, directory path: String
    ) throws(ServerHookError) -> Int32 {
        let name = lockName(instance: instance)
        let descriptor = openat(directory, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw _DurableFile.ioError("\(path)/\(name)", "a lock file that can be opened (links are not followed)")
        }
        // Written to below: a FIFO, device or hard link to another file planted under the name
        // must not be.
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_nlink == 1,
            status.st_uid == geteuid()
        else {
            close(descriptor)
            throw ServerHookError(
                .unsafeDirectory, field: "\(path)/\(name)", expected: "a regular file of the server's user, one link",
                actual: "a file of type \(String(status.st_mode & S_IFMT, radix: 8)), \(status.st_nlink) links, "
                    + "owned by uid \(status.st_uid)")
        }
        // flock locks belong to the open file description: a second hook in the same process is
        // refused too, and a dead process's lock goes with it.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var holder = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &holder, holder.count, 0)
            close(descriptor)
            let pid = count > 0 ? Int(String(decoding: holder.prefix(count), as: UTF8.self).filter(\.isNumber)) : nil
            if code == EWOULDBLOCK {
                throw ServerHookError(
                    .instanceInUse, field: "instance \"\(instance)\" in \(path)",
                    expected: "no other process writing this instance's windows (give each its own --instance)",
                    actual: "locked by " + (pid.map { "process \($0)" } ?? "another process") + " (\(name))")
            }
            errno = code
            throw _DurableFile.ioError("\(path)/\(name)", "a lock that can be taken")
        }
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 { _ = pwrite(descriptor, text, text.count, 0) }  // informative only
        return descriptor
    }
}
