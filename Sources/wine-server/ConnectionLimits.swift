import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections the server may hold open, derived from the process's descriptor limit
/// (`ulimit -n`, RLIMIT_NOFILE) so that the hook always has descriptors left for its window and
/// checkpoint files.
///
/// A connection is one descriptor. Without a cap, connections that never finish (or never
/// close) take every descriptor up to the limit, and then the hook's writes fail with EMFILE.
enum ConnectionLimits {
    /// The most connections by default, however high the limit (a model server behind a proxy
    /// rarely needs more; each costs memory).
    static let defaultCeiling = 4096
    /// Connections of the separate metrics listener (`--metrics-port`), taken from the budget.
    static let metricsConnections = 16

    /// The soft descriptor limit (RLIMIT_NOFILE), or `Int.max` if unlimited or unknown.
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let status = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
        let status = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        // RLIM_INFINITY is all ones (it does not import as a constant).
        guard status == 0, limit.rlim_cur != rlim_t.max else { return .max }
        return Int(clamping: limit.rlim_cur)
    }

    /// Descriptors already taken or about to be, outside the quarter kept for the hook: those open
    /// now (the standard streams, descriptors inherited from a supervisor, the log) and the event
    /// loops' (an epoll, an eventfd and a timer each, one loop per core: 192 on 64 cores).
    static func inUse() -> Int {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/fd").count) ?? 3
        return open + 3 * System.coreCount
    }

    /// Descriptors kept out of the connection budget: `inUse` (see ``inUse()``), and a quarter of
    /// the limit, at least 32, for the listening sockets, the thread pool, the hook's files (a
    /// temporary file and a directory at a time, per write), and slack for NIO accepting a few
    /// connections per read beyond the cap.
    static func reserved(limit: Int, inUse: Int) -> Int {
        max(32, limit / 4) + inUse
    }

    /// The connections the limit allows: the limit less the reserve (and the metrics listener's).
    static func budget(limit: Int, inUse: Int, separateMetrics: Bool) -> Int {
        guard limit != .max else { return .max }
        return limit - reserved(limit: limit, inUse: inUse) - (separateMetrics ? metricsConnections : 0)
    }
}
