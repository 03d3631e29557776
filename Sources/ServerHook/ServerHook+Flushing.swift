import Logging
import Profiles
import Prometheus
import Synchronization

extension ServerHook {
    /// Writes the windows that have closed and, when due, a checkpoint of the open window.
    /// ``ServerHookService`` calls this every second; call it yourself if you run no service.
    ///
    /// Blocking file I/O: never call it on an event loop.
    public func flushDueWindows() {
        flush(now: clock(), final: false)
    }

    /// Writes everything, the open window included, as window files (graceful shutdown). Records
    /// logged afterwards open a new window.
    public func flushAll() {
        flush(now: clock(), final: true)
    }

    func flush(now: UInt64, final: Bool) {
        let currentStart = windowStart(milliseconds: now)
        flushState.withLock { state in
            let checkpointDue =
                !final && now >= state.lastCheckpointMilliseconds + UInt64(configuration.checkpointSeconds) * 1000
            var open = state.seed?.startSeconds == currentStart && !final ? state.seed : nil
            // Queued records first: logged here, off the request path, into the flusher's own
            // accumulators by window.
            for shard in shards {
                state.log(shard.takeQueue(), predictionColumn: configuration.predictionColumn)
            }
            for start in state.applied.keys.sorted() where final || start < currentStart {
                var window = state.applied.removeValue(forKey: start)!
                window.settle()
                state.addPending(window)
            }
            if checkpointDue, var applied = state.applied[currentStart] {
                applied.settle()
                open.add(applied)
            }
            for shard in shards {
                let (closed, snapshot) =
                    final ? (shard.drain(), nil) : shard.collect(before: currentStart, snapshot: checkpointDue)
                for window in closed { state.addPending(window) }
                if let snapshot, snapshot.startSeconds == currentStart { open.add(snapshot) }
            }
            if let seed = state.seed, final || seed.startSeconds != currentStart {
                state.addPending(seed)
                state.seed = nil
            }
            writePending(&state, now: now, force: final)
            if checkpointDue {
                state.lastCheckpointMilliseconds = now
                if let open, open.records > 0, state.checkpointedRecords[open.startSeconds] != open.records {
                    writeCheckpoint(open, state: &state)
                }
            }
            updateWindowGauges()
        }
    }

    /// Writes the pending windows, oldest first; failures stay pending (bounded) and are retried
    /// with back-off (1 s doubling to 60 s), unless `force`.
    private func writePending(_ state: inout _FlushState, now: UInt64, force: Bool) {
        guard !state.pending.isEmpty, force || now >= state.retryAfterMilliseconds else {
            metrics?.pendingWindows.set(Double(state.pending.count))
            return
        }
        for start in state.pending.keys.sorted() {
            let window = state.pending[start]!
            do {
                try writeWindow(window)
                state.pending[start] = nil
                state.checkpointedRecords[start] = nil
                try? _DurableFile.remove(checkpointPath(startSeconds: start))
                state.consecutiveFailures = 0
                driftAfterClose(window)
            } catch {
                state.consecutiveFailures += 1
                let delay = min(60_000, 1000 << min(state.consecutiveFailures - 1, 6))
                state.retryAfterMilliseconds = now + UInt64(delay)
                logger.error(
                    "window file not written; kept in memory and retried",
                    metadata: [
                        "window_start":
                            "\(WindowFileName(startSeconds: start, instance: configuration.instance).fileName)",
                        "records": "\(window.records)", "error": "\(error)", "retry_in_ms": "\(delay)",
                    ])
                break
            }
        }
        while state.pending.count > configuration.maxPendingWindows, let oldest = state.pending.keys.min() {
            let dropped = state.pending.removeValue(forKey: oldest)!
            counters.recordsDropped.add(dropped.records, ordering: .relaxed)
            metrics?.recordsDropped.increment(by: dropped.records)
            logger.error(
                "too many unwritten windows; the oldest is dropped",
                metadata: ["window_start": "\(oldest)", "records": "\(dropped.records)"])
        }
        metrics?.pendingWindows.set(Double(state.pending.count))
    }

    /// Writes one window file (atomically, durably).
    func writeWindow(_ window: WindowAccumulator) throws(ServerHookError) {
        let name = WindowFileName(startSeconds: window.startSeconds, instance: configuration.instance)
        let directory = "\(configuration.directory)/\(name.dayFolder)"
        let bytes = window.profileForWriting(
            instance: configuration.instance, windowSeconds: configuration.windowSeconds
        )
        .file.gzipSerializedBytes()
        do {
            try _DurableFile.makeDirectories(directory)
            try _DurableFile.write(bytes, directory: directory, name: name.fileName, mode: configuration.fileMode)
        } catch {
            counters.writeFailures.add(1, ordering: .relaxed)
            metrics?.writeFailures.increment()
            throw error
        }
        counters.windowsWritten.add(1, ordering: .relaxed)
        counters.bytesWritten.add(Int64(bytes.count), ordering: .relaxed)
        metrics?.windowsWritten.increment()
        metrics?.bytesWritten.increment(by: Int64(bytes.count))
    }

    private func writeCheckpoint(_ window: WindowAccumulator, state: inout _FlushState) {
        let bytes = window.profileForWriting(
            instance: configuration.instance, windowSeconds: configuration.windowSeconds
        )
        .file.gzipSerializedBytes()
        do {
            try _DurableFile.write(
                bytes, directory: checkpointDirectory, name: checkpointName(startSeconds: window.startSeconds),
                mode: configuration.fileMode)
            state.checkpointedRecords[window.startSeconds] = window.records
            counters.checkpointsWritten.add(1, ordering: .relaxed)
            counters.bytesWritten.add(Int64(bytes.count), ordering: .relaxed)
            metrics?.checkpointsWritten.increment()
            metrics?.bytesWritten.increment(by: Int64(bytes.count))
        } catch {
            counters.writeFailures.add(1, ordering: .relaxed)
            metrics?.writeFailures.increment()
            logger.error("checkpoint not written", metadata: ["records": "\(window.records)", "error": "\(error)"])
        }
    }

    /// The checkpoint file name of a window: `<start>-<instance>.checkpoint` (never `*.bin.gz`, so
    /// it is never taken for a window).
    func checkpointName(startSeconds: Int64) -> String {
        let name = WindowFileName(startSeconds: startSeconds, instance: configuration.instance).fileName
        return String(name.dropLast(".bin.gz".count)) + ".checkpoint"
    }

    func checkpointPath(startSeconds: Int64) -> String {
        "\(checkpointDirectory)/\(checkpointName(startSeconds: startSeconds))"
    }

    /// Sets the open window's MAE and RMSE gauges from the shards' feedback columns.
    private func updateWindowGauges() {
        guard let metrics else { return }
        var count = 0.0
        var absoluteSum = 0.0
        var squaredSum = 0.0
        for shard in shards {
            shard.state.withLock { state in
                guard let columns = state.current?.profile.columns else { return }
                if let absolute = columns[Self.absoluteErrorColumn]?.distribution,
                    let squared = columns[Self.squaredErrorColumn]?.distribution
                {
                    count += Double(absolute.n)
                    absoluteSum += absolute.mean * Double(absolute.n)
                    squaredSum += squared.mean * Double(squared.n)
                }
            }
        }
        // NaN (no data) rather than 0 (perfect) before the window's first feedback.
        metrics.windowMeanAbsoluteError.set(count > 0 ? absoluteSum / count : .nan)
        metrics.windowRootMeanSquaredError.set(count > 0 ? (squaredSum / count).squareRoot() : .nan)
    }
}

extension _FlushState {
    mutating func addPending(_ window: WindowAccumulator) {
        pending[window.startSeconds].add(window)
    }

    /// Logs queued records into ``applied``, one run of records of a window at a time.
    mutating func log(_ queue: [_QueuedRecord], predictionColumn: String) {
        var index = 0
        while index < queue.count {
            let start = queue[index].startSeconds
            var window = applied.removeValue(forKey: start) ?? WindowAccumulator(startSeconds: start)
            while index < queue.count && queue[index].startSeconds == start {
                let record = queue[index]
                window.log(
                    record.values, schema: record.schema, prediction: record.prediction,
                    predictionColumn: predictionColumn)
                window.records += 1
                index += 1
            }
            applied[start] = window
        }
    }
}

extension Optional where Wrapped == WindowAccumulator {
    /// Merges `window` in, or takes it as is when there is nothing yet.
    mutating func add(_ window: WindowAccumulator) {
        if self == nil { self = window } else { self!.merge(window) }
    }
}
