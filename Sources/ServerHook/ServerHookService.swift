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
        await Self.onDedicatedThread { hook.flushAll() }
        hook.logger.info("windows flushed at shutdown", metadata: ["windows_written": "\(hook.health.windowsWritten)"])
    }

    /// Runs blocking work (fsync) on a thread of its own and waits for it.
    static func onDedicatedThread(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                work()
                continuation.resume()
            }
        }
    }
}
