extension ProfileFile {
    /// Reads a v1 file (magic already checked), following spec §1.2 and §1.5.
    ///
    /// Each chunk is decoded once: every offset must be distinct (a column name may not share
    /// another's chunk) and the chunks, taken in offset order, must not overlap. whylogs writes
    /// one chunk per column, one after the other; a file whose names all point at one chunk would
    /// otherwise decode it once per name (quadratic time, and a copy of its components per name).
    init(v1Bytes bytes: [UInt8], limits: ProfileReadLimits) throws(ProfileError) {
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
        var budget = _DecodingBudget(limits)
        try budget.checkColumns(
            header.columnOffsets.count, field: "DatasetProfileHeader.column_offsets", offset: headerRange.lowerBound)
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

        let names = _CodePointOrder.sorted(header.columnOffsets.keys)
        var owners: [UInt64: String] = [:]
        for name in names {
            for offset in header.columnOffsets[name]?.offsets ?? [] {
                if let owner = owners.updateValue(name, forKey: offset) {
                    throw ProfileError(
                        .invalidValue, field: "DatasetProfileHeader.column_offsets[\"\(name)\"]",
                        expected: "a chunk offset no other column or entry uses (whylogs writes each chunk once)",
                        actual: "offset \(offset), already column \"\(owner)\"'s", offset: headerRange.lowerBound)
                }
            }
        }
        // Decode the chunks in file order, each once, checking that none starts inside another.
        var chunks: [UInt64: [String: MetricComponent]] = [:]
        chunks.reserveCapacity(owners.count)
        var previousEnd = regionStart
        var previousOffset: UInt64? = nil
        for offset in owners.keys.sorted() {
            let column = owners[offset] ?? ""
            if let previousOffset, offset < UInt64(previousEnd - regionStart) {
                throw ProfileError(
                    .invalidValue, field: "DatasetProfileHeader.column_offsets[\"\(column)\"]",
                    expected:
                        "a chunk that does not overlap the one before (at offset \(previousOffset), ending at \(previousEnd - regionStart))",
                    actual: "offset \(offset)", offset: regionStart + Int(clamping: offset))
            }
            let (components, end) = try Self.readChunk(
                bytes, column: column, offset: offset, regionStart: regionStart, regionEnd: regionEnd,
                paths: header.indexedMetricPaths)
            chunks[offset] = components
            previousEnd = end
            previousOffset = offset
        }
        var columns: [String: [String: MetricComponent]] = [:]
        columns.reserveCapacity(names.count)
        for name in names {
            var components: [String: MetricComponent] = [:]
            for offset in header.columnOffsets[name]?.offsets ?? [] {
                components.merge(chunks[offset] ?? [:]) { _, later in later }
            }
            try budget.chargeComponents(components, column: name)
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

    /// Reads the chunk at `offset` (relative to the region start): its components, and the file
    /// position where it ends.
    private static func readChunk(
        _ bytes: [UInt8], column: String, offset: UInt64, regionStart: Int, regionEnd: Int,
        paths: [UInt32: String]
    ) throws(ProfileError) -> (components: [String: MetricComponent], end: Int) {
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
        var components: [String: MetricComponent] = [:]
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
        return (components, chunkRange.upperBound)
    }
}
