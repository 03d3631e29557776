import Foundation
import Logging
public import ServiceLifecycle

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
/// (``ServerHookConfiguration/finalFlushGraceSeconds``): the service group then fails, and so
/// should the process's exit status.
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
        let lost = await Self.onDedicatedThread { hook.flushAll() }
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

    /// Runs blocking work (fsync) on a thread of its own and waits for its result.
    static func onDedicatedThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: work())
            }
        }
    }
}
