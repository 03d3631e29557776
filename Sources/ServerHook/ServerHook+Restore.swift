import Logging
import Profiles
import Prometheus
import Synchronization

extension ServerHook {
    /// Picks up what an earlier process of this instance left: removes its temporary files,
    /// writes checkpoints of windows that have since closed as window files, and seeds the open
    /// window with its checkpoint or partial window file (a graceful shutdown writes the open
    /// window as a partial file; a crash leaves its last checkpoint).
    ///
    /// A checkpoint and a window file of the same window always hold one another's records (each
    /// was written from everything the process had), so the one with more records wins.
    func restore() {
        let now = clock()
        let currentStart = windowStart(milliseconds: now)
        removeTemporaries(in: checkpointDirectory)
        var days = Set(
            [currentStart, currentStart - 86_400].map {
                WindowFileName(startSeconds: $0, instance: configuration.instance).dayFolder
            })
        var restored: [Int64: WindowAccumulator] = [:]
        for entry in _DurableFile.entries(of: checkpointDirectory) where entry.hasSuffix(".checkpoint") {
            guard let name = WindowFileName(fileName: String(entry.dropLast(".checkpoint".count)) + ".bin.gz"),
                name.instance == configuration.instance
            else { continue }
            days.insert(name.dayFolder)
            let path = "\(checkpointDirectory)/\(entry)"
            guard let window = readWindow(at: path, startSeconds: name.startSeconds, setAsideIfCorrupt: true) else {
                continue
            }
            restored[name.startSeconds] = window
        }
        for day in days { removeTemporaries(in: "\(configuration.directory)/\(day)") }

        // The window file of each restored window, and of the open window (a partial file left by
        // a graceful shutdown in this same window).
        for start in Set(restored.keys).union([currentStart]) {
            let name = WindowFileName(startSeconds: start, instance: configuration.instance)
            let path = "\(configuration.directory)/\(name.relativePath)"
            guard let written = readWindow(at: path, startSeconds: start, setAsideIfCorrupt: false) else { continue }
            if let checkpoint = restored[start], checkpoint.records > written.records {
                continue  // the checkpoint is newer than the file
            }
            if start == currentStart {
                restored[start] = written
            } else {
                restored[start] = nil  // the file already holds everything
                try? _DurableFile.remove(checkpointPath(startSeconds: start))
            }
        }

        flushState.withLock { state in
            for (start, window) in restored.sorted(by: { $0.key < $1.key }) {
                counters.recordsRestored.add(window.records, ordering: .relaxed)
                if start == currentStart {
                    state.seed = window
                    state.checkpointedRecords[start] = window.records
                } else {
                    state.addPending(window)
                }
            }
        }
        if !restored.isEmpty {
            logger.info(
                "restored windows from an earlier run",
                metadata: [
                    "windows": "\(restored.count)",
                    "records": "\(restored.values.reduce(0) { $0 + $1.records })",
                ])
        }
        flush(now: now, final: false)
    }

    /// Reads a checkpoint or window file; `nil` if missing or unreadable (logged; a corrupt
    /// checkpoint is renamed `*.corrupt` so that it is neither lost nor read again).
    private func readWindow(at path: String, startSeconds: Int64, setAsideIfCorrupt: Bool) -> WindowAccumulator? {
        guard _DurableFile.exists(path) else { return nil }
        do {
            var profile = try DatasetProfile(file: ProfileFile(contentsOf: path))
            // Written before a column was listed: its values are not carried into new files.
            for name in configuration.columnsWithoutFrequentItems where profile.columns[name] != nil {
                profile.columns[name]!.removeValues()
            }
            return WindowAccumulator(startSeconds: startSeconds, restoring: profile)
        } catch {
            logger.error("unreadable window or checkpoint file", metadata: ["path": "\(path)", "error": "\(error)"])
            if setAsideIfCorrupt { try? _DurableFile.move(path, to: path + ".corrupt") }
            return nil
        }
    }

    /// Removes temporary files this instance's earlier processes left (they never hold the only
    /// copy of anything: the final name is only ever replaced by a complete file).
    private func removeTemporaries(in directory: String) {
        for entry in _DurableFile.entries(of: directory)
        where entry.hasPrefix(".") && entry.contains(_DurableFile.temporaryMarker)
            && (entry.contains("Z-\(configuration.instance).bin.gz\(_DurableFile.temporaryMarker)")
                || entry.contains("Z-\(configuration.instance).checkpoint\(_DurableFile.temporaryMarker)"))
        {
            try? _DurableFile.remove("\(directory)/\(entry)")
        }
    }
}
