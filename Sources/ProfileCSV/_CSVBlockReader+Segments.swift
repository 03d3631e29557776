import Profiles

/// What a block gave each segment in the second pass of a segmented run (``CSVOptions/segmentColumns``).
struct _CSVSegmentBlock: Sendable {
    /// One segment's rows of the block.
    struct Part: Sendable {
        /// The segment's raw key: each segment column's field bytes, length-prefixed.
        var rawKey: [UInt8]
        var rows: Int
        /// One per selected column (logged in the column's final type).
        var columns: [_CSVBlockResult.Column]
        /// Text-metadata columns.
        var derived: [String: ColumnProfile]
    }

    var index: Int
    /// In order of first appearance in the block.
    var parts: [Part] = []
    var failure: CSVError?
}

extension _CSVBlockReader {
    /// Reads the rows of a block whose bounds and final column types are known (the second pass
    /// of a segmented run) and profiles each segment's rows apart.
    ///
    /// Each group of rows is tokenized once; its rows are sorted by segment (stable), and each
    /// segment's fields are copied into a table of their own that the usual column reading reads.
    ///
    /// - Parameters:
    ///   - index: the block's index (for the compaction seed).
    ///   - start: where the block's first row starts.
    ///   - end: where the next block's first row starts.
    ///   - modes: each column's final type, forced.
    ///   - segmentSlots: the slots of the segment columns, in key order.
    ///   - maximumSegments: the most segments a block may hold.
    func readSegments(
        index: Int, start: Int64, end: Int64, modes: [_CSVReadMode?], segmentSlots: [Int], maximumSegments: Int
    ) -> _CSVSegmentBlock {
        var result = _CSVSegmentBlock(index: index)
        defer { buffer.release() }
        do throws(CSVError) {
            try fill(from: start, upTo: end)
            let stopAt = end >= source.size ? Int.max : Int(end - start)
            var sink = _CSVTableSink(
                table: table, slots: layout.slots, maximumRowBytes: layout.maximumRowBytes, rowLimit: Self.rowGroupSize)
            let segmentTable = _CSVFieldTable(columnCount: layout.names.count, capacity: Self.rowGroupSize + 1)
            var ids: [[UInt8]: Int] = [:]
            var readings: [ColumnReading] = []
            var rowCounts: [Int] = []
            var rowSegments: [Int] = []
            var key: [UInt8] = []
            var lines = 0
            var fast = true
            var position = 0
            invalidUTF8 = 0
            while true {
                table.rowCount = 0
                let outcome = try tokenizeGroup(
                    from: position, stopAt: stopAt, readFrom: start, lines: &lines, fast: &fast, sink: &sink)
                let rows = table.rowCount
                if rows > 0 {
                    let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
                    rowSegments.removeAll(keepingCapacity: true)
                    for row in 0..<rows {
                        key.removeAll(keepingCapacity: true)
                        for slot in segmentSlots {
                            let field = table.column(slot)[row]
                            if field.needsUnescaping {
                                _CSVSegmentation.appendKeyPart(Self.unescaped(field, base), to: &key)
                            } else {
                                // Straight from the buffer: no array per field on the common path.
                                _CSVSegmentation.appendKeyPart(
                                    UnsafeBufferPointer(
                                        start: base + Int(field.start), count: field.end - Int(field.start)),
                                    to: &key)
                            }
                        }
                        if let id = ids[key] {
                            rowSegments.append(id)
                        } else {
                            guard ids.count < maximumSegments else {
                                throw _CSVSegmentation.tooManySegments(maximumSegments, input: source.name)
                            }
                            ids[key] = readings.count
                            rowSegments.append(readings.count)
                            readings.append(
                                ColumnReading(reader: self, index: index, modes: modes, forced: true, blockStart: 0))
                            rowCounts.append(0)
                            result.parts.append(.init(rawKey: key, rows: 0, columns: [], derived: [:]))
                        }
                    }
                    // Each segment's rows of the group, in row order, read as a table of their own.
                    var order = Array(0..<rows)
                    order.sort { (rowSegments[$0], $0) < (rowSegments[$1], $1) }
                    var first = 0
                    while first < rows {
                        let segment = rowSegments[order[first]]
                        var last = first
                        while last < rows && rowSegments[order[last]] == segment { last += 1 }
                        segmentTable.rowCount = last - first
                        segmentTable.reserve(rows: last - first)
                        for column in 0..<layout.names.count {
                            let fields = table.column(column)
                            for (offset, row) in order[first..<last].enumerated() {
                                let field = fields[row]
                                segmentTable.set(
                                    column: column, row: offset, start: Int(field.start), end: field.end,
                                    needsUnescaping: field.needsUnescaping)
                            }
                        }
                        readings[segment].read(group: segmentTable, startingAt: 0)
                        rowCounts[segment] += last - first
                        first = last
                    }
                }
                switch outcome {
                case .stopped(let at) where at < stopAt:
                    position = at
                    continue
                case .stopped, .finished:
                    break
                case .needsMoreInput:
                    preconditionFailure("tokenizeGroup reads on until the group is complete")
                }
                break
            }
            for segment in readings.indices {
                result.parts[segment].rows = rowCounts[segment]
                result.parts[segment].columns = readings[segment].finish(
                    rows: rowCounts[segment], derived: &result.parts[segment].derived)
            }
        } catch {
            result.failure = error
        }
        return result
    }
}
