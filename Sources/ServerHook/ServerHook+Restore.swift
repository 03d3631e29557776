import Logging
import Profiles
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServerHook {
    /// Picks up what an earlier process of this instance left: removes its temporary files,
    /// writes checkpoints of windows that have since closed as window files, and seeds the open
    /// window with its checkpoint or partial window file (a graceful shutdown writes the open
    /// window as a partial file; a crash leaves its last checkpoint). Runs under the instance's
    /// lock, so no other process is writing these files.
    ///
    /// A checkpoint and a window file of the same window always hold one another's records (each
    /// was written from everything the process had, the file merged in), so the one with more
    /// records wins.
    func restore() {
        let now = clock()
        let currentStart = windowStart(milliseconds: now)
        removeTemporaries(in: storage.checkpoints)
        var days = Set(
            [currentStart, currentStart - 86_400].map {
                WindowFileName(startSeconds: $0, instance: configuration.instance).dayFolder
            })
        var restored: [Int64: WindowAccumulator] = [:]
        for entry in _DurableFile.entries(of: storage.checkpoints) where entry.hasSuffix(".checkpoint") {
            guard let name = WindowFileName(fileName: String(entry.dropLast(".checkpoint".count)) + ".bin.gz"),
                name.instance == configuration.instance
            else { continue }
            days.insert(name.dayFolder)
            do {
                guard
                    let window = try readWindow(
                        entry, in: storage.checkpoints, path: checkpointDirectory, startSeconds: name.startSeconds,
                        setAsideIfCorrupt: true)
                else { continue }
                restored[name.startSeconds] = window
            } catch {
                logger.error("checkpoint not readable", metadata: ["error": "\(error)"])
            }
        }
        for day in days {
            withDayFolder(day) { folder in removeTemporaries(in: folder) }
        }
        removeOrphanCheckpointSegments()

        // The window file of each restored window, and of the open window (a partial file left by
        // a graceful shutdown in this same window).
        for start in Set(restored.keys).union([currentStart]) {
            let name = WindowFileName(startSeconds: start, instance: configuration.instance)
            let written = withDayFolder(name.dayFolder) { folder throws(ServerHookError) in
                try readWindow(
                    name.fileName, in: folder, path: "\(configuration.directory)/\(name.dayFolder)",
                    startSeconds: start, setAsideIfCorrupt: false)
            }
            guard var written = written ?? nil else { continue }
            written.containsWindowFile = true
            if let checkpoint = restored[start], checkpoint.records > written.records {
                restored[start]!.containsWindowFile = true  // the checkpoint is newer than the file
                continue
            }
            if start == currentStart {
                restored[start] = written
            } else {
                restored[start] = nil  // the file already holds everything
                removeCheckpoint(startSeconds: start)
            }
        }

        var total: Int64 = 0
        flushState.withLock { state in
            for (start, window) in restored.sorted(by: { $0.key < $1.key }) {
                counters.recordsRestored.saturatingAdd(window.records)
                let (sum, overflow) = total.addingReportingOverflow(window.records)
                total = overflow ? .max : sum
                if start == currentStart {
                    // Its values keep their segments: records of them must not go to the overflow.
                    for value in window.segments.keys where value != Self.overflowSegmentValue {
                        _ = segmentValues.admit(value, windowStart: start, limit: .max)
                    }
                    state.seeds[start] = window
                    state.checkpointedRecords[start] = window.records
                } else {
                    state.addPending(window)
                }
            }
        }
        if !restored.isEmpty {
            logger.info(
                "restored windows from an earlier run",
                metadata: ["windows": "\(restored.count)", "records": "\(total)"])
        }
        flush(now: now, final: false)
    }

    /// Removes the checkpoint segment folders of this instance whose checkpoint is gone (a crash
    /// between removing the checkpoint and its segments).
    private func removeOrphanCheckpointSegments() {
        let entries = _DurableFile.entries(of: storage.checkpoints)
        for entry in entries where entry.hasSuffix(".segments") {
            let base = String(entry.dropLast(".segments".count))
            guard WindowFileName(fileName: base + ".bin.gz")?.instance == configuration.instance,
                !entries.contains(base + ".checkpoint")
            else { continue }
            do {
                try removeSegments(besideFile: base + ".checkpoint", in: storage.checkpoints, path: checkpointDirectory)
            } catch {
                logger.warning("segments of a removed checkpoint not removed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs `body` on an existing day folder (opened without following links); `nil` if it is
    /// missing or cannot be used (logged).
    private func withDayFolder<R>(_ day: String, _ body: (Int32) throws(ServerHookError) -> R) -> R? {
        let path = "\(configuration.directory)/\(day)"
        do {
            guard let folder = try _DurableFile.openDirectory(day, in: storage.descriptor, path: path, create: false)
            else { return nil }
            defer { close(folder) }
            return try body(folder)
        } catch {
            logger.error("day folder not usable", metadata: ["path": "\(path)", "error": "\(error)"])
            return nil
        }
    }

    /// Reads a checkpoint or window file; `nil` if missing or not a valid profile (logged; a
    /// corrupt file is renamed `*.corrupt` (or `*.corrupt-<n>`, never over an earlier one) if
    /// `setAsideIfCorrupt`, so that it is neither lost nor read again). Files and their inflated
    /// contents are read up to 64 MiB (``_DurableFile/maxReadBytes``); beyond, a file is corrupt.
    /// A record count beyond ``WindowAccumulator/maxRestoredRecords`` is clamped (logged); a
    /// sketch holding more values than that is corrupt (merges would overflow).
    ///
    /// - Throws: ``ServerHookError/Code/ioFailure`` if the file exists but cannot be read (a link,
    ///   a read error): the caller must not replace it.
    ///
    /// With `withSegments` (and ``ServerHookConfiguration/segmentField`` set), the file's segment
    /// files (``readSegments(into:besideFile:in:path:)``) are read into the window's segments.
    func readWindow(
        _ name: String, in directory: Int32, path: String, startSeconds: Int64, setAsideIfCorrupt: Bool,
        withSegments: Bool = true
    ) throws(ServerHookError) -> WindowAccumulator? {
        // A file that cannot be read (ioFailure) is thrown to the caller, who must not replace it;
        // one larger than any window is corrupt, as one that does not decode.
        var bytes: [UInt8] = []
        var oversized: ServerHookError?
        do throws(ServerHookError) {
            guard let read = try _DurableFile.read(name, in: directory, path: path) else { return nil }
            bytes = read
        } catch {
            guard error.code == .invalidFile else { throw error }
            oversized = error
        }
        let profile: DatasetProfile
        do {
            if let oversized { throw oversized }
            let limits = ProfileReadLimits(maxDecompressedBytes: _DurableFile.maxReadBytes)
            profile = try DatasetProfile(file: ProfileFile(serializedBytes: bytes, limits: limits))
            // A sketch's count near 2^63 decodes, but merging anything into it would trap.
            if let column = profile.columns.first(where: {
                ($0.value.distribution?.n ?? 0) > WindowAccumulator.maxRestoredRecords
            }) {
                throw ServerHookError(
                    .invalidFile, field: "column \"\(column.key.prefix(64))\" distribution",
                    expected: "at most \(WindowAccumulator.maxRestoredRecords) values",
                    actual: "\(column.value.distribution!.n)")
            }
            try Self.checkModelPerformanceCounts(profile.modelPerformance)
        } catch {
            logger.error(
                "unreadable window or checkpoint file", metadata: ["path": "\(path)/\(name)", "error": "\(error)"])
            if setAsideIfCorrupt {
                // Left in place, it would be replaced: if it cannot be moved, the caller fails.
                let aside = try _DurableFile.setAside(name, in: directory, path: path)
                logger.error("unreadable file set aside", metadata: ["path": "\(path)/\(aside)"])
            }
            return nil
        }
        var restored = profile
        // Written before a column was listed: its values are not carried into new files.
        for name in configuration.columnsWithoutFrequentItems where restored.columns[name] != nil {
            restored.columns[name]!.removeValues()
        }
        var window = WindowAccumulator(startSeconds: startSeconds, restoring: restored)
        if withSegments { try readSegments(into: &window, besideFile: name, in: directory, path: path) }
        if let claimed = profile.metadata[WindowAccumulator.recordsMetadataKey], claimed != String(window.records) {
            logger.warning(
                "implausible record count in a window or checkpoint file; clamped",
                metadata: [
                    "path": "\(path)/\(name)", "claimed": "\(claimed.prefix(40))", "used": "\(window.records)",
                ])
        }
        return window
    }

    /// Refuses model performance metrics whose counts would make a later merge overflow (a
    /// window file is data): a confusion matrix cell or a regression count beyond
    /// ``WindowAccumulator/maxRestoredRecords``.
    static func checkModelPerformanceCounts(_ metrics: ModelPerformanceMetrics?) throws(ServerHookError) {
        let limit = WindowAccumulator.maxRestoredRecords
        if let matrix = metrics?.confusionMatrix, let cell = matrix.cells.first(where: { $0.count > limit }) {
            throw ServerHookError(
                .invalidFile, field: "confusion matrix cell", expected: "at most \(limit) rows",
                actual: "\(cell.count)")
        }
        if let regression = metrics?.regression, regression.count > UInt64(limit) {
            throw ServerHookError(
                .invalidFile, field: "regression metrics count", expected: "at most \(limit) pairs",
                actual: "\(regression.count)")
        }
    }

    /// Removes the temporary files this instance's earlier processes left in `directory` (they
    /// never hold the only copy of anything: the final name is only ever replaced by a complete
    /// file). Only names exactly of the form `.<window or checkpoint name of this instance>.tmp-<pid>-<n>`
    /// go: another instance's, whatever its name, never do.
    private func removeTemporaries(in directory: Int32) {
        for entry in _DurableFile.entries(of: directory) where isOwnTemporary(entry) {
            unlinkat(directory, entry, 0)
        }
    }

    /// Whether `entry` is `.<name>.tmp-<pid>-<n>` with `<name>` a window or checkpoint file name of
    /// this instance.
    func isOwnTemporary(_ entry: String) -> Bool {
        guard entry.hasPrefix(".") else { return false }
        var rest = Substring(entry.dropFirst())
        func dropNumber() -> Bool {
            let digits = rest.reversed().prefix(while: \.isASCIIDigit).count
            rest = rest.dropLast(digits)
            return digits > 0
        }
        guard dropNumber(), rest.last == "-" else { return false }  // <n>
        rest = rest.dropLast()
        guard dropNumber(), rest.hasSuffix(_DurableFile.temporaryMarker) else { return false }  // <pid>
        let finalName = String(rest.dropLast(_DurableFile.temporaryMarker.count))
        let windowName =
            finalName.hasSuffix(".checkpoint")
            ? String(finalName.dropLast(".checkpoint".count)) + ".bin.gz" : finalName
        return WindowFileName(fileName: windowName)?.instance == configuration.instance
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
