import Profiles
import Synchronization

/// A record by position, queued for the flusher.
struct _QueuedRecord: Sendable {
    var startSeconds: Int64
    var values: [Double]
    var schema: FeatureSchema
    var prediction: Double?
    /// The segment value given with the record (see ``ServerHook/record(_:schema:prediction:predictionID:segmentValue:)``).
    var segmentValue: FeatureValue?
}

/// One accumulator shard: the open window of the records that ran on one core, and the windows it
/// closed that the flusher has not collected yet. Each shard has its own lock, so requests on
/// different cores never wait for each other.
final class _WindowShard: Sendable {
    struct State: Sendable {
        /// The window records currently go to.
        var current: WindowAccumulator?
        /// Windows that ended (a record of a later window arrived), oldest first.
        var closed: [WindowAccumulator] = []
        /// Records by position waiting for the flusher to log them (see ``enqueue(_:limit:)``).
        var queued: [_QueuedRecord] = []

        /// Moves the open window to `closed` (or drops it if empty) when it starts before
        /// `startSeconds`, or more than `windowSeconds` after it: the wall clock stepped back, and
        /// the open window must not take every record until the clock is back in it.
        mutating func closeCurrent(ifBefore startSeconds: Int64, windowSeconds: Int64) {
            // The start is read in place: binding the window would copy it (a retain and a release
            // of each of its buffers) on every record.
            guard let currentStart = current?.startSeconds,
                currentStart < startSeconds || currentStart - startSeconds > windowSeconds,
                let window = current.take()
            else { return }
            if window.records > 0 { closed.append(window) }
        }
    }

    /// The window length in seconds.
    let windowSeconds: Int64

    init(windowSeconds: Int) {
        self.windowSeconds = Int64(windowSeconds)
    }

    /// Queues a record by position for the flusher: the request pays an append, the sketches are
    /// updated later, off the request path, a batch at a time.
    ///
    /// - Returns: `false` if the queue is full (the flusher is behind): the caller logs the record
    ///   itself.
    @inline(__always)
    func enqueue(_ record: _QueuedRecord, limit: Int) -> Bool {
        state.withLock { state in
            guard state.queued.count < limit else { return false }
            state.queued.append(record)
            return true
        }
    }

    /// Takes the queued records (the flusher logs them).
    func takeQueue() -> [_QueuedRecord] {
        state.withLock { state in
            defer { state.queued = [] }
            return state.queued
        }
    }

    let state = Mutex(State())

    /// Runs `body` on the accumulator of the window starting at `startSeconds`, opening it (and
    /// closing the previous one) when the clock has moved on. A record stamped in the window
    /// before the open one (a thread preempted across a boundary) goes to the open window; one
    /// stamped earlier still (the clock stepped back) closes it.
    @inline(__always)
    func withWindow<R>(startingAt startSeconds: Int64, _ body: (inout WindowAccumulator) -> R) -> R {
        state.withLock { state in
            state.closeCurrent(ifBefore: startSeconds, windowSeconds: windowSeconds)
            if state.current == nil { state.current = WindowAccumulator(startSeconds: startSeconds) }
            return body(&state.current!)
        }
    }

    /// Takes the windows that ended before `startSeconds` (the open one too if it is older, or more
    /// than a window later: the clock stepped back), and
    /// returns a copy of the open window if `snapshot` (copy-on-write: O(1) here, paid later by the
    /// next record on this shard).
    func collect(
        before startSeconds: Int64, snapshot: Bool
    ) -> (closed: [WindowAccumulator], open: WindowAccumulator?) {
        var (closed, open) = state.withLock { state in
            state.closeCurrent(ifBefore: startSeconds, windowSeconds: windowSeconds)
            let closed = state.closed
            state.closed = []
            return (closed, snapshot ? state.current : nil)
        }
        // Settled outside the lock: these are copies the shard no longer touches.
        for index in closed.indices { closed[index].settle() }
        open?.settle()
        return (closed, open)
    }

    /// Takes everything, the open window included (shutdown).
    func drain() -> [WindowAccumulator] {
        var all = state.withLock { state in
            var all = state.closed
            if let current = state.current, current.records > 0 { all.append(current) }
            state.closed = []
            state.current = nil
            return all
        }
        for index in all.indices { all[index].settle() }
        return all
    }
}
