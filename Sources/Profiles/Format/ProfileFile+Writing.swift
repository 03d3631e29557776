import Foundation

extension ProfileFile {
    /// The whylogs v1 file bytes of this profile (spec §1.1, §11), uncompressed.
    ///
    /// Layout: `WHY1`, the delimited `DatasetSegmentHeader` (empty, a single `00`, unless
    /// ``segmentTags`` is set), the delimited `DatasetProfileHeader`, then one chunk per column in
    /// ascending code-point order of the column names, contiguous from relative offset 0. Metric
    /// paths are indexed 0..<N in code-point order over all columns; map entries are written in
    /// sorted key order; every component's `oneof` member is written even when zero; both
    /// timestamps are written. The output is a pure function of the value: equal profiles give
    /// equal bytes. ``sourceFormat`` is ignored (v0 profiles are written as v1), but a profile
    /// with ``modelPerformance`` is written in the v0 layout instead, as whylogs 1.6.4 writes
    /// profiles with model performance metrics (a varint-delimited v0 `DatasetProfileMessage`;
    /// see `docs/formats/whylogs.md`).
    ///
    /// - Returns: the file's bytes.
    /// - Complexity: O(total size of the components + c log c + p log p) for c columns and p paths.
    public func serializedBytes() -> [UInt8] {
        if modelPerformance != nil { return v0SerializedBytes() }
        let paths = _CodePointOrder.sorted(Set(columns.values.flatMap(\.keys)))
        var indexOfPath: [String: UInt32] = [:]
        for (index, path) in paths.enumerated() { indexOfPath[path] = UInt32(index) }

        var region: [UInt8] = []
        var columnOffsets: [String: Sketchbook_Whylogs_ChunkOffsets] = [:]
        for name in _CodePointOrder.sorted(columns.keys) {
            var chunk = Sketchbook_Whylogs_ChunkMessage()
            for (path, component) in columns[name] ?? [:] {
                // Every path is in the table: it was built from these keys.
                chunk.metricComponents[indexOfPath[path] ?? 0] = component.message
            }
            let chunkBytes = chunk.deterministicBytes()
            precondition(chunkBytes.count <= Int(UInt32.max), "column \(name) is over 4 GiB")
            var chunkHeader = Sketchbook_Whylogs_ChunkHeader()
            chunkHeader.type = .column
            chunkHeader.length = UInt32(chunkBytes.count)
            var offsets = Sketchbook_Whylogs_ChunkOffsets()
            offsets.offsets = [UInt64(region.count)]
            columnOffsets[name] = offsets
            Self.appendDelimited(chunkHeader.deterministicBytes(), to: &region)
            region.append(contentsOf: chunkBytes)
        }

        var properties = Sketchbook_Whylogs_DatasetProperties()
        properties.creationTimestamp = creationTimestampMilliseconds
        properties.datasetTimestamp = datasetTimestampMilliseconds
        properties.tags = tags
        properties.metadata = metadata
        var header = Sketchbook_Whylogs_DatasetProfileHeader()
        header.properties = properties
        header.columnOffsets = columnOffsets
        header.length = UInt64(region.count)
        for (index, path) in paths.enumerated() { header.indexedMetricPaths[UInt32(index)] = path }

        var segmentHeader = Sketchbook_Whylogs_DatasetSegmentHeader()
        if let segmentTags {
            var segment = Sketchbook_Whylogs_Segment()
            segment.tags = segmentTags.map { tag in
                var message = Sketchbook_Whylogs_SegmentTag()
                message.key = tag.key
                message.value = tag.value
                return message
            }
            segmentHeader.hasSegments_p = true
            segmentHeader.segments = [segment]
        }

        let headerBytes = header.deterministicBytes()
        var output: [UInt8] = []
        output.reserveCapacity(16 + headerBytes.count + region.count)
        output.append(contentsOf: Self.v1Magic)
        Self.appendDelimited(segmentHeader.deterministicBytes(), to: &output)
        Self.appendDelimited(headerBytes, to: &output)
        output.append(contentsOf: region)
        return output
    }

    /// The v1 file bytes, gzip-compressed (deterministic: no file name, mtime 0).
    ///
    /// - Returns: a gzip stream of ``serializedBytes()``.
    /// - Complexity: O(file size).
    public func gzipSerializedBytes() -> [UInt8] {
        _Gzip.deflate(serializedBytes())
    }

    /// Writes the profile as a whylogs v1 file (v0 with ``modelPerformance``), replacing any file at `path` atomically.
    ///
    /// - Parameters:
    ///   - path: the file to write.
    ///   - gzip: whether to gzip the file; `nil` (the default) compresses when `path` ends in `.gz`.
    /// - Throws: ``ProfileError/Code/ioFailure`` if the file cannot be written.
    /// - Complexity: O(file size).
    public func write(to path: String, gzip: Bool? = nil) throws(ProfileError) {
        let compress = gzip ?? path.hasSuffix(".gz")
        let bytes = compress ? gzipSerializedBytes() : serializedBytes()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ProfileError(
                .ioFailure, field: path, expected: "a writable file", actual: error.localizedDescription)
        }
    }

    private static func appendDelimited(_ message: [UInt8], to output: inout [UInt8]) {
        _ProtobufFraming.appendVarint(UInt64(message.count), to: &output)
        output.append(contentsOf: message)
    }
}
