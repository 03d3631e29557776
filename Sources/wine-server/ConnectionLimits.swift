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

    /// Descriptors kept out of the connection budget: the standard streams, the event loops' and
    /// thread pool's descriptors, the listening sockets, the hook's files (a temporary file and a
    /// directory at a time, per write), and slack for NIO accepting a few connections per read
    /// beyond the cap. A quarter of the limit, at least 32.
    static func reserved(limit: Int) -> Int {
        max(32, limit / 4)
    }

    /// The connections the limit allows: the limit less the reserve (and the metrics listener's).
    static func budget(limit: Int, separateMetrics: Bool) -> Int {
        guard limit != .max else { return .max }
        return limit - reserved(limit: limit) - (separateMetrics ? metricsConnections : 0)
    }
}
