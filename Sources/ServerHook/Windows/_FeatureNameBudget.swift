import Synchronization

/// The distinct feature names the open window has taken from by-name records, across shards, so
/// that request data cannot grow a window without bound
/// (``ServerHookConfiguration/maxFeatureNamesPerWindow``).
///
/// A shard asks only for a name its own window does not have yet, so in steady state (the same
/// names every request) the lock is taken a few times per shard and window, not per request.
final class _FeatureNameBudget: Sendable {
    private struct State {
        var windowStart: Int64 = .min
        var names: Set<String> = []
        var warnedWindowStart: Int64 = .min
    }

    private let state = Mutex(State())

    init() {}

    /// Whether `name` may be logged into the window starting at `windowStart`: it already has
    /// the name, or fewer than `limit` names. A later window starts an empty set; a record stamped
    /// in an earlier window (a thread preempted across the boundary) is judged with the current one.
    func admit(_ name: String, windowStart: Int64, limit: Int) -> Bool {
        state.withLock { state in
            if windowStart > state.windowStart {
                state.windowStart = windowStart
                state.names.removeAll(keepingCapacity: true)
            }
            if state.names.contains(name) { return true }
            guard state.names.count < limit else { return false }
            state.names.insert(name)
            return true
        }
    }

    /// `true` the first time it is asked for a window: drops are logged once per window.
    func shouldWarn(windowStart: Int64) -> Bool {
        state.withLock { state in
            guard windowStart > state.warnedWindowStart else { return false }
            state.warnedWindowStart = windowStart
            return true
        }
    }
}
