extension ProfileFile {
    /// Reads a v1 file (magic already checked), following spec §1.2 and §1.5.
    init(v1Bytes bytes: [UInt8]) throws(ProfileError) {
        var framing = _ProtobufFraming(bytes, position: Self.v1Magic.count)
        let segmentRange = try framing.readDelimited(field: "DatasetSegmentHeader")
        let segmentHeader = try Sketchbook_Whylogs_DatasetSegmentHeader(
            parsing: bytes, range: segmentRange, field: "DatasetSegmentHeader")
        let headerRange = try framing.readDelimited(field: "DatasetProfileHeader")
        guard !headerRange.isEmpty else {
            throw ProfileError(
                .invalidMessage, field: "DatasetProfileHeader", expected: "a non-empty header",
                actual: "an empty message", offset: headerRange.lowerBound)
        }
        let header = try Sketchbook_Whylogs_DatasetProfileHeader(
            parsing: bytes, range: headerRange, field: "DatasetProfileHeader")
        let regionStart = framing.position
        let available = bytes.count - regionStart
        guard header.length <= UInt64(available) else {
            throw ProfileError(
                .truncated, field: "DatasetProfileHeader.length",
                expected: "a chunk region of \(header.length) bytes", actual: "\(available) bytes after the header",
                offset: regionStart)
        }
        // Bytes after the region (the segmented writer's trailer) are ignored.
        let regionEnd = regionStart + Int(header.length)

        var columns: [String: [String: MetricComponent]] = [:]
        for name in _CodePointOrder.sorted(header.columnOffsets.keys) {
            let offsets = header.columnOffsets[name]?.offsets ?? []
            var components: [String: MetricComponent] = [:]
            for offset in offsets {
                try Self.readChunk(
                    bytes, column: name, offset: offset, regionStart: regionStart, regionEnd: regionEnd,
                    paths: header.indexedMetricPaths, into: &components)
            }
            columns[name] = components
        }

        let properties = header.properties
        self.init(
            datasetTimestampMilliseconds: properties.datasetTimestamp,
            creationTimestampMilliseconds: properties.creationTimestamp, tags: properties.tags,
            metadata: properties.metadata, columns: columns, sourceFormat: .v1)
        if segmentHeader.hasSegments_p || !segmentHeader.segments.isEmpty {
            // Python reads only the first segment's profile; a file holds one.
            let tags = segmentHeader.segments.first?.tags ?? []
            segmentTags = tags.map { SegmentTag(key: $0.key, value: $0.value) }
            sourceFormat = .segmentedV1
        }
    }

    /// Reads the chunk at `offset` (relative to the region start) and adds its components.
    private static func readChunk(
        _ bytes: [UInt8], column: String, offset: UInt64, regionStart: Int, regionEnd: Int,
        paths: [UInt32: String], into components: inout [String: MetricComponent]
    ) throws(ProfileError) {
        let field = "column \"\(column)\" chunk"
        guard offset < UInt64(regionEnd - regionStart) else {
            throw ProfileError(
                .invalidValue, field: "DatasetProfileHeader.column_offsets[\"\(column)\"]",
                expected: "an offset below the chunk region length \(regionEnd - regionStart)",
                actual: "\(offset)", offset: regionStart)
        }
        var framing = _ProtobufFraming(bytes, position: regionStart + Int(offset))
        let headerRange = try framing.readDelimited(field: field + " header", end: regionEnd)
        let chunkHeader = try Sketchbook_Whylogs_ChunkHeader(
            parsing: bytes, range: headerRange, field: field + " header")
        guard chunkHeader.type == .column else {
            throw ProfileError(
                .invalidValue, field: field + " header.type", expected: "COLUMN (2)",
                actual: "\(chunkHeader.type.rawValue)", offset: headerRange.lowerBound)
        }
        let length = Int(chunkHeader.length)
        guard length <= regionEnd - framing.position else {
            throw ProfileError(
                .truncated, field: field, expected: "\(length) bytes (ChunkHeader.length)",
                actual: "\(regionEnd - framing.position) remaining in the chunk region", offset: framing.position)
        }
        let chunkRange = framing.position..<(framing.position + length)
        let chunk = try Sketchbook_Whylogs_ChunkMessage(parsing: bytes, range: chunkRange, field: field)
        for index in chunk.metricComponents.keys.sorted() {
            guard let path = paths[index] else {
                throw ProfileError(
                    .invalidValue, field: field + " metric_components",
                    expected: "an index in DatasetProfileHeader.indexed_metric_paths",
                    actual: "index \(index)", offset: chunkRange.lowerBound)
            }
            guard let message = chunk.metricComponents[index] else { continue }
            components[path] = try MetricComponent(message, field: "\"\(column)\" \(path)")
        }
    }
}
