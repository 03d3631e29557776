import CoreMetrics
import Logging
import ProfileConstraints
import Profiles
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    ///
    /// Every pending window is tried; failed writes are retried (50 ms doubling to 1 s) for
    /// ``ServerHookConfiguration/finalFlushGraceSeconds``. What is still unwritten then is logged
    /// at error level, counted as dropped records (``Health/recordsDropped`` and the
    /// `serverhook_records_dropped_total` counter) and returned; the checkpoint of a window, if one
    /// was written, stays for the next start.
    ///
    /// Blocking file I/O (and waits): never call it on an event loop.
    ///
    /// - Returns: the number of records lost (0 when everything was written).
    @discardableResult
    public func flushAll() -> Int64 {
        let grace = Duration.milliseconds(Int64((configuration.finalFlushGraceSeconds * 1000).rounded()))
        let deadline = ContinuousClock.now + grace
        var pause = Duration.milliseconds(50)
        while true {
            flush(now: clock(), final: true)
            if flushState.withLock({ $0.pending.isEmpty }) { return 0 }
            let now = ContinuousClock.now
            guard now < deadline else { break }
            let wait = min(pause, now.duration(to: deadline)).components
            usleep(UInt32(wait.seconds * 1_000_000 + wait.attoseconds / 1_000_000_000_000))
            pause = min(pause * 2, .seconds(1))
        }
        return flushState.withLock { dropUnwritten(&$0) }
    }

    func flush(now: UInt64, final: Bool) {
        let currentStart = windowStart(milliseconds: now)
        let monotonic = monotonicClock()
        flushState.withLock { state in
            if !final { adoptWrittenWindow(startingAt: currentStart, state: &state) }
            // On the monotonic clock: a wall clock stepped back must not pause checkpoints.
            let checkpointDue =
                !final
                && state.lastCheckpointMonotonic.map {
                    monotonic >= $0 + UInt64(configuration.checkpointSeconds) * 1000
                }
                    ?? true
            // Every window still open is checkpointed: after a step back, records may still go to
            // a window ahead of the wall clock.
            var open: [Int64: WindowAccumulator] = [:]
            // Queued records first: logged here, off the request path, into the flusher's own
            // accumulators by window.
            for shard in shards {
                state.log(shard.takeQueue(), hook: self)
            }
            // A window more than one ahead of the clock (it stepped back) is closed too: records
            // of the windows the clock is in now must not wait for the clock to get back to it.
            let farAhead = currentStart + Int64(configuration.windowSeconds)
            for start in state.applied.keys.sorted() where final || start < currentStart || start > farAhead {
                var window = state.applied.removeValue(forKey: start)!
                window.settle()
                state.addPending(window)
            }
            if checkpointDue {
                for (start, applied) in state.applied {
                    var applied = applied
                    applied.settle()
                    open[start].add(applied)
                }
            }
            for shard in shards {
                let (closed, snapshot) =
                    final ? (shard.drain(), nil) : shard.collect(before: currentStart, snapshot: checkpointDue)
                for window in closed { state.addPending(window) }
                if let snapshot { open[snapshot.startSeconds].add(snapshot) }
            }
            // A seed is written once the clock has passed its window (or is far before it, as
            // above); until then what closes of its window joins it.
            for start in state.seeds.keys.sorted() where final || start < currentStart || start > farAhead {
                state.addPending(state.seeds.removeValue(forKey: start)!)
            }
            for start in state.pending.keys.sorted() where state.seeds[start] != nil {
                state.seeds[start]!.merge(state.pending.removeValue(forKey: start)!)
            }
            if checkpointDue {
                for (start, seed) in state.seeds {
                    var window = seed
                    if let rest = open[start] { window.merge(rest) }
                    open[start] = window
                }
            }
            writePending(&state, monotonic: monotonic, force: final)
            if checkpointDue {
                state.lastCheckpointMonotonic = monotonic
                for (start, window) in open.sorted(by: { $0.key < $1.key })
                where window.records > 0 && state.checkpointedRecords[start] != window.records {
                    writeCheckpoint(window, state: &state)
                }
            }
            updateWindowGauges(currentStart: currentStart, state: state)
        }
    }

    /// When the wall clock enters a window whose file is already on disk (it stepped back: an NTP
    /// correction), takes the file as the window's seed, so that its checkpoints and its final
    /// file hold the file's records as well as the new ones.
    private func adoptWrittenWindow(startingAt start: Int64, state: inout _FlushState) {
        guard state.currentWindowChecked != start else { return }
        state.currentWindowChecked = start
        guard state.seeds[start] == nil else { return }  // restored at start-up, or still open
        // A closed window not yet written (its write failed) is open again: its checkpoints must
        // hold it, and the file only if it does not already.
        if let pending = state.pending.removeValue(forKey: start) {
            state.seeds[start] = pending
            if pending.containsWindowFile { return }
        } else if state.seeds.count >= configuration.maxPendingWindows {
            // Bounded: a clock stepping back again and again does not hold every window it visits.
            // The window's write still merges its file; only its checkpoints go without it.
            logger.warning("the clock keeps stepping back: a written window is not held open again")
            return
        }
        let name = WindowFileName(startSeconds: start, instance: configuration.instance)
        let folderPath = "\(configuration.directory)/\(name.dayFolder)"
        let written: WindowAccumulator?
        do {
            guard
                let folder = try _DurableFile.openDirectory(
                    name.dayFolder, in: storage.descriptor, path: folderPath, create: false)
            else { return }
            defer { close(folder) }
            written = try readWindow(
                name.fileName, in: folder, path: folderPath, startSeconds: start, setAsideIfCorrupt: true)
        } catch {
            // The write of this window merges or fails in the same way; nothing is replaced.
            logger.error(
                "window file of the current window not readable",
                metadata: ["window": "\(name.relativePath)", "error": "\(error)"])
            return
        }
        guard var written else { return }
        written.containsWindowFile = true
        logger.warning(
            "the clock is in a window already written (stepped back?): new records are merged with its file",
            metadata: ["window": "\(name.relativePath)", "records": "\(written.records)"])
        if state.seeds[start] == nil { state.checkpointedRecords[start] = written.records }
        state.seeds[start].add(written)
    }

    /// Writes the pending windows, oldest first; failures stay pending (bounded) and are retried
    /// with back-off (1 s doubling to 60 s, on the monotonic clock), unless `force` (shutdown):
    /// then every window is tried now.
    private func writePending(_ state: inout _FlushState, monotonic: UInt64, force: Bool) {
        guard !state.pending.isEmpty, force || monotonic >= state.retryAfterMonotonic else {
            metrics?.pendingWindows.record(Double(state.pending.count))
            return
        }
        for start in state.pending.keys.sorted() {
            let window = state.pending[start]!
            do {
                let report = try writeWindow(window)
                state.pending[start] = nil
                state.checkpointedRecords[start] = nil
                removeCheckpoint(startSeconds: start)
                state.consecutiveFailures = 0
                if let report { publishConstraints(report, windowStart: start) }
                driftAfterClose(window)
            } catch {
                state.lastWriteError = error
                state.consecutiveFailures += 1
                let delay = min(60_000, 1000 << min(state.consecutiveFailures - 1, 6))
                state.retryAfterMonotonic = monotonic + UInt64(delay)
                // At shutdown every attempt fails alike: the loss, if it comes to that, is logged
                // once per window by dropUnwritten.
                logger.log(
                    level: force ? .debug : .error,
                    force
                        ? "window file not written at shutdown; retried until the grace period ends"
                        : "window file not written; kept in memory and retried",
                    metadata: [
                        "window_start":
                            "\(WindowFileName(startSeconds: start, instance: configuration.instance).fileName)",
                        "records": "\(window.records)", "error": "\(error)", "retry_in_ms": "\(delay)",
                    ])
                if !force { break }
            }
        }
        while state.pending.count > configuration.maxPendingWindows, let oldest = state.pending.keys.min() {
            let dropped = state.pending.removeValue(forKey: oldest)!
            counters.recordsDropped.saturatingAdd(dropped.records)
            metrics?.recordsDropped.increment(by: dropped.records)
            logger.error(
                "too many unwritten windows; the oldest is dropped",
                metadata: ["window_start": "\(oldest)", "records": "\(dropped.records)"])
        }
        metrics?.pendingWindows.record(Double(state.pending.count))
    }

    /// Gives up on the windows still pending at the end of the shutdown grace period: logged at
    /// error level, counted as dropped.
    private func dropUnwritten(_ state: inout _FlushState) -> Int64 {
        var lost: Int64 = 0
        for (start, window) in state.pending.sorted(by: { $0.key < $1.key }) {
            let (sum, overflow) = lost.addingReportingOverflow(window.records)
            lost = overflow ? .max : sum
            logger.error(
                "window file not written before shutdown: its records are lost",
                metadata: [
                    "window": "\(WindowFileName(startSeconds: start, instance: configuration.instance).relativePath)",
                    "records": "\(window.records)",
                    "error": "\(state.lastWriteError.map { "\($0)" } ?? "unknown")",
                    "checkpoint_kept": "\(state.checkpointedRecords[start] != nil)",
                ])
        }
        counters.recordsDropped.saturatingAdd(lost)
        metrics?.recordsDropped.increment(by: lost)
        state.pending = [:]
        metrics?.pendingWindows.record(0.0)
        return lost
    }

    /// Writes one window file (atomically, durably). If the file exists and `window` does not hold
    /// its records (the clock stepped back into a written window, or a record was stamped late),
    /// the file is merged in first, never replaced by a partial window.
    ///
    /// The window, as written (merged), is checked against the constraint suite first, and the
    /// results go into its metadata.
    ///
    /// - Returns: the constraint report, if the hook has a suite (published once written).
    @discardableResult
    func writeWindow(_ window: WindowAccumulator) throws(ServerHookError) -> ConstraintReport? {
        let name = WindowFileName(startSeconds: window.startSeconds, instance: configuration.instance)
        let folderPath = "\(configuration.directory)/\(name.dayFolder)"
        let byteCount: Int
        let report: ConstraintReport?
        var overLabelLimit: Int64 = 0
        do throws(ServerHookError) {
            guard
                let folder = try _DurableFile.openDirectory(
                    name.dayFolder, in: storage.descriptor, path: folderPath, create: true)
            else { throw _DurableFile.ioError(folderPath, "a day folder") }
            defer { close(folder) }
            var window = window
            if !window.containsWindowFile,
                let written = try readWindow(
                    name.fileName, in: folder, path: folderPath, startSeconds: window.startSeconds,
                    setAsideIfCorrupt: true)
            {
                logger.warning(
                    "window file already written (the clock stepped back?): merged with the new records",
                    metadata: [
                        "window": "\(name.relativePath)", "records_on_disk": "\(written.records)",
                        "records_new": "\(window.records)",
                    ])
                window.merge(written)
            }
            window.settle()
            overLabelLimit = window.rowsOverLabelLimit
            var profile = window.profileForWriting(
                instance: configuration.instance, windowSeconds: configuration.windowSeconds)
            report = checkConstraints(&profile)
            let segmentBytes = try writeSegments(of: window, besideFile: name.fileName, in: folder, path: folderPath)
            let bytes = profile.file.gzipSerializedBytes()
            try _DurableFile.write(
                bytes, in: folder, path: folderPath, name: name.fileName, mode: configuration.fileMode)
            byteCount = bytes.count + segmentBytes
        } catch {
            counters.writeFailures.add(1, ordering: .relaxed)
            metrics?.writeFailures.increment()
            throw error
        }
        if overLabelLimit > 0 {
            metrics?.feedbackRefused.increment(by: overLabelLimit)
            logger.warning(
                "classification feedback left out of a window: its labels were more than the confusion matrix holds",
                metadata: ["window": "\(name.relativePath)", "rows": "\(overLabelLimit)"])
        }
        counters.windowsWritten.add(1, ordering: .relaxed)
        counters.bytesWritten.saturatingAdd(Int64(byteCount))
        metrics?.windowsWritten.increment()
        metrics?.bytesWritten.increment(by: Int64(byteCount))
        return report
    }

    private func writeCheckpoint(_ window: WindowAccumulator, state: inout _FlushState) {
        var window = window
        window.settle()
        let bytes = window.profileForWriting(
            instance: configuration.instance, windowSeconds: configuration.windowSeconds
        )
        .file.gzipSerializedBytes()
        do {
            let name = checkpointName(startSeconds: window.startSeconds)
            let segmentBytes = try writeSegments(
                of: window, besideFile: name, in: storage.checkpoints, path: checkpointDirectory)
            try _DurableFile.write(
                bytes, in: storage.checkpoints, path: checkpointDirectory, name: name, mode: configuration.fileMode)
            state.checkpointedRecords[window.startSeconds] = window.records
            counters.checkpointsWritten.add(1, ordering: .relaxed)
            counters.bytesWritten.saturatingAdd(Int64(bytes.count + segmentBytes))
            metrics?.checkpointsWritten.increment()
            metrics?.bytesWritten.increment(by: Int64(bytes.count + segmentBytes))
        } catch {
            counters.writeFailures.add(1, ordering: .relaxed)
            metrics?.writeFailures.increment()
            logger.error("checkpoint not written", metadata: ["records": "\(window.records)", "error": "\(error)"])
        }
    }

    /// Removes a window's checkpoint once its file is written (a failure is logged: the next start
    /// finds both and keeps the file, which holds at least as many records).
    func removeCheckpoint(startSeconds: Int64) {
        do {
            let name = checkpointName(startSeconds: startSeconds)
            try _DurableFile.remove(name, in: storage.checkpoints, path: checkpointDirectory)
            try removeSegments(besideFile: name, in: storage.checkpoints, path: checkpointDirectory)
            try _DurableFile.syncDirectory(storage.checkpoints, path: checkpointDirectory)
        } catch {
            logger.warning("checkpoint of a written window not removed", metadata: ["error": "\(error)"])
        }
    }

    /// The checkpoint file name of a window: `<start>-<instance>.checkpoint` (never `*.bin.gz`, so
    /// it is never taken for a window).
    func checkpointName(startSeconds: Int64) -> String {
        let name = WindowFileName(startSeconds: startSeconds, instance: configuration.instance).fileName
        return String(name.dropLast(".bin.gz".count)) + ".checkpoint"
    }

    /// Sets the open window's model-quality gauges: MAE and RMSE from its regression metrics (and
    /// from the feedback columns of a window restored from a file written before windows carried
    /// them), accuracy and macro F1 from its confusion matrix, and the feedback counts. The open
    /// window is the shards' windows of `currentStart` and its restored seed.
    private func updateWindowGauges(currentStart: Int64, state: _FlushState) {
        guard let metrics else { return }
        var quality = _WindowQuality()
        for shard in shards {
            shard.state.withLock { shardState in
                guard let window = shardState.current, window.startSeconds == currentStart else { return }
                quality.add(window.profile)
                for cell in window.classification.cellCounts {
                    quality.addClassification(prediction: cell.prediction, target: cell.target, count: cell.count)
                }
            }
        }
        if let seed = state.seeds[currentStart] {
            quality.add(seed.profile)
            for cell in seed.classification.cellCounts {
                quality.addClassification(prediction: cell.prediction, target: cell.target, count: cell.count)
            }
        }
        // NaN (no data) rather than 0 (perfect) before the window's first feedback.
        let regression = quality.regression
        metrics.windowMeanAbsoluteError.record(regression.meanAbsoluteError ?? .nan)
        metrics.windowRootMeanSquaredError.record(regression.rootMeanSquaredError ?? .nan)
        metrics.windowRegressionFeedback.record(Double(regression.count))
        let classification = quality.classificationMetrics
        metrics.windowAccuracy.record(classification?.accuracy ?? .nan)
        metrics.windowMacroF1.record(classification?.macro.f1 ?? .nan)
        metrics.windowClassificationFeedback.record(Double(classification?.total ?? 0))
    }
}

extension _FlushState {
    mutating func addPending(_ window: WindowAccumulator) {
        pending[window.startSeconds].add(window)
    }

    /// Logs queued records into ``applied``, one run of records of a window at a time.
    mutating func log(_ queue: [_QueuedRecord], hook: ServerHook) {
        let predictionColumn = hook.configuration.predictionColumn
        let segmenting = hook.configuration.segmentField != nil
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
                if segmenting,
                    let segment = hook.segmentValue(
                        of: record.values, schema: record.schema, given: record.segmentValue)
                {
                    hook.logSegment(
                        segment, values: record.values, schema: record.schema, prediction: record.prediction,
                        into: &window)
                }
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
