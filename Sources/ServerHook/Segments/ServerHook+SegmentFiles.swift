import Logging
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServerHook {
    /// The folder of the segment files of a window or checkpoint file: its name with `.segments`
    /// for `.bin.gz` or `.checkpoint` (``WindowFileName/segmentFolder``).
    static func segmentFolderName(forFile name: String) -> String {
        for suffix in [".bin.gz", ".checkpoint"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count)) + ".segments"
        }
        return name + ".segments"
    }

    /// Writes each segment of `window` as a whylogs segmented profile (``SegmentKey`` of
    /// ``ServerHookConfiguration/segmentField`` and the value: tags and partition metadata),
    /// atomically and durably, into the segment folder of the file `fileName` in `directory`, and
    /// removes segment files of earlier writes that `window` no longer names (`window` holds
    /// everything they held). Called before the window or checkpoint file itself is written, so
    /// that a file on disk never has older segments than its own.
    ///
    /// - Returns: the bytes written.
    func writeSegments(
        of window: WindowAccumulator, besideFile fileName: String, in directory: Int32, path: String
    ) throws(ServerHookError) -> Int {
        guard configuration.segmentField != nil, !window.segments.isEmpty else { return 0 }
        let folderName = Self.segmentFolderName(forFile: fileName)
        let folderPath = "\(path)/\(folderName)"
        guard let folder = try _DurableFile.openDirectory(folderName, in: directory, path: folderPath, create: true)
        else { throw _DurableFile.ioError(folderPath, "a segment folder") }
        defer { close(folder) }
        var keys: [SegmentKey: String] = [:]
        for value in window.segments.keys {
            if let key = segmentKey(value) { keys[key] = value }
        }
        let names = SegmentKey.fileNames(for: Array(keys.keys))
        var written: Set<String> = []
        var byteCount = 0
        for key in keys.keys.sorted() {
            var profile = window.segments[keys[key]!]!.profileForWriting(
                instance: configuration.instance, windowSeconds: configuration.windowSeconds)
            profile.setSegment(key)
            let bytes = profile.file.gzipSerializedBytes()
            let name = names[key]! + ".bin.gz"
            try _DurableFile.write(bytes, in: folder, path: folderPath, name: name, mode: configuration.fileMode)
            written.insert(name)
            byteCount += bytes.count
        }
        for entry in _DurableFile.entries(of: folder) where entry.hasSuffix(".bin.gz") && !written.contains(entry) {
            try _DurableFile.remove(entry, in: folder, path: folderPath)
        }
        try _DurableFile.syncDirectory(folder, path: folderPath)
        return byteCount
    }

    /// Reads the segment files beside the file `fileName` in `directory` into `window.segments`
    /// (nothing when the hook does not segment or there is no folder). Files of another segment
    /// field are skipped (the configuration changed), corrupt ones set aside; values beyond
    /// ``ServerHookConfiguration/maxSegmentValues`` (a lower bound than the writer's) are merged
    /// into the overflow segment; leftover temporary files are removed.
    func readSegments(
        into window: inout WindowAccumulator, besideFile fileName: String, in directory: Int32, path: String
    ) throws(ServerHookError) {
        guard let field = configuration.segmentField else { return }
        let folderName = Self.segmentFolderName(forFile: fileName)
        let folderPath = "\(path)/\(folderName)"
        guard let folder = try _DurableFile.openDirectory(folderName, in: directory, path: folderPath, create: false)
        else { return }
        defer { close(folder) }
        var segments: [String: WindowAccumulator] = [:]
        for entry in _DurableFile.entries(of: folder) {
            if entry.hasPrefix(".") && entry.contains(_DurableFile.temporaryMarker) {
                unlinkat(folder, entry, 0)  // an interrupted write of this instance (its folder)
                continue
            }
            guard entry.hasSuffix(".bin.gz"),
                let segment = try readWindow(
                    entry, in: folder, path: folderPath, startSeconds: window.startSeconds, setAsideIfCorrupt: true,
                    withSegments: false)
            else { continue }
            guard let key = segment.profile.segmentKey, key.columns == [field] else {
                logger.warning(
                    "segment file of another segmentation skipped", metadata: ["path": "\(folderPath)/\(entry)"])
                continue
            }
            var value = key.values[0]
            if value != Self.overflowSegmentValue && segments[value] == nil
                && segments.count(where: { $0.key != Self.overflowSegmentValue }) >= configuration.maxSegmentValues
            {
                value = Self.overflowSegmentValue
            }
            var restored = segment
            restored.profile.segmentTags = nil
            segments[value].add(restored)
        }
        for (value, segment) in segments { window.segments[value].add(segment) }
    }

    /// Removes the segment folder beside `fileName` in `directory` and the segment files in it.
    func removeSegments(besideFile fileName: String, in directory: Int32, path: String) throws(ServerHookError) {
        let folderName = Self.segmentFolderName(forFile: fileName)
        let folderPath = "\(path)/\(folderName)"
        guard let folder = try _DurableFile.openDirectory(folderName, in: directory, path: folderPath, create: false)
        else { return }
        for entry in _DurableFile.entries(of: folder) {
            unlinkat(folder, entry, 0)
        }
        close(folder)
        if unlinkat(directory, folderName, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw _DurableFile.ioError(folderPath, "a removable segment folder")
        }
    }
}
