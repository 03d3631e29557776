import Foundation
import Logging
public import ServiceLifecycle
import Synchronization

/// The hook's flusher as a swift-service-lifecycle `Service`: every second it writes closed
/// windows and, when due, a checkpoint; at graceful shutdown (SIGTERM, SIGINT) it writes
/// everything, the open window included.
///
/// Add it to the application's services (Hummingbird: `Application(..., services: [service])`):
/// services shut down in reverse order after the HTTP server has finished its in-flight requests,
/// so the final flush sees every request. File I/O runs on a dedicated thread, never on the
/// concurrency pool or an event loop.
///
/// ``run()`` throws ``ServerHookError/Code/windowsNotWritten`` if windows could still not be
/// written at the end of the final flush's grace period
/// (``ServerHookConfiguration/finalFlushGraceSeconds``), or if the final flush has not returned
/// 5 s after it (a write blocked on a hung disk): the service group then fails, and so should the
/// process's exit status.
public struct ServerHookService: Service {
    /// The hook.
    public let hook: ServerHook
    /// How often closed windows are looked for (default 1 s).
    public var tick: Duration

    /// A service for `hook`.
    public init(hook: ServerHook, tick: Duration = .seconds(1)) {
        self.hook = hook
        self.tick = tick
    }

    /// Writes closed windows every ``tick`` and checkpoints when due, until graceful shutdown or
    /// cancellation; then writes every window, the open one included.
    ///
    /// - Throws: ``ServerHookError`` with code ``ServerHookError/Code/windowsNotWritten`` if windows
    ///   were still unwritten at the end of the grace period
    ///   (``ServerHookConfiguration/finalFlushGraceSeconds``), or the final flush had not returned
    ///   soon after it.
    public func run() async throws {
        let hook = self.hook
        while !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                break  // graceful shutdown or cancellation
            }
            await Self.onDedicatedThread { hook.flushDueWindows() }
        }
        let grace = hook.configuration.finalFlushGraceSeconds
        // A write that blocks (a hung disk) must not hold the process for ever: past the grace
        // period and a margin the service fails, and the flush is left to finish (or not) on its
        // thread, counting its own loss if it does.
        guard
            let lost = await Self.onDedicatedThread(
                atMost: .milliseconds(Int64((grace * 1000).rounded())) + Self.finalFlushMargin, { hook.flushAll() })
        else {
            hook.logger.error(
                "the final flush did not finish: a write is blocked; windows not yet written are lost",
                metadata: ["grace_seconds": "\(grace)"])
            throw ServerHookError(
                .windowsNotWritten, field: hook.configuration.directory, expected: "every window written at shutdown",
                actual: "the final flush still running \(Self.finalFlushMargin) after its grace period of \(grace) s "
                    + "(a write blocked)")
        }
        guard lost == 0 else {
            // Thrown so that the service group, and the process, end in failure: data was lost.
            throw ServerHookError(
                .windowsNotWritten, field: hook.configuration.directory,
                expected: "every window written at shutdown",
                actual: "\(lost) records in windows that could not be written "
                    + "within \(hook.configuration.finalFlushGraceSeconds) s (see the error log)")
        }
        hook.logger.info("windows flushed at shutdown", metadata: ["windows_written": "\(hook.health.windowsWritten)"])
    }

    /// How long after ``ServerHookConfiguration/finalFlushGraceSeconds`` a final flush that has
    /// not returned (a blocked write) is given up on.
    static let finalFlushMargin = Duration.seconds(5)

    /// Runs blocking work on a thread of its own and waits for its result, or for `limit`: `nil`
    /// if the work had not finished by then (it goes on, and its result is dropped).
    static func onDedicatedThread<Result: Sendable>(
        atMost limit: Duration, _ work: @escaping @Sendable () -> Result
    ) async -> Result? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result?, Never>) in
            let pending = Mutex<CheckedContinuation<Result?, Never>?>(continuation)
            let box = _Shared(pending)
            Thread.detachNewThread {
                let result = work()
                box.value.withLock { $0.take() }?.resume(returning: result)
            }
            Thread.detachNewThread {
                let parts = limit.components
                Thread.sleep(forTimeInterval: Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
                box.value.withLock { $0.take() }?.resume(returning: nil)
            }
        }
    }

    /// Runs blocking work (fsync) on a thread of its own and waits for its result.
    static func onDedicatedThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: work())
            }
        }
    }
}

/// A value shared by reference (a `Mutex` cannot be copied into closures).
private final class _Shared<Value: ~Copyable>: Sendable where Value: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}
