/// One IPC message's metadata (spec §5): its header (schema, dictionary batch or record batch)
/// and the length of the body that follows it.
struct _ArrowMessage: Sendable {
    enum Header: Sendable {
        case schema(_FlatTable)
        case dictionaryBatch(_FlatTable)
        case recordBatch(_FlatTable)
    }

    var header: Header
    var bodyLength: Int64

    /// Reads a `Message` table (spec §5.1): version V4 or V5, a known header, a body length ≥ 0.
    init(buffer: _FlatBuffer) throws(ArrowError) {
        let table = try buffer.root(field: "Message")
        let at = buffer.base + Int64(table.position)
        let version = try table.int(0, "version", default: Int16(0))
        guard version == 3 || version == 4 else {
            throw ArrowError(
                .unsupportedFormat, field: "Message.version", expected: "3 (V4) or 4 (V5)", actual: "\(version)",
                offset: at)
        }
        let tag = try table.int(1, "header_type", default: UInt8(0))
        guard let headerTable = try table.table(2, "header") else {
            throw ArrowError(
                .malformedMetadata, field: "Message.header", expected: "a header table", actual: "none", offset: at)
        }
        switch tag {
        case 1: header = .schema(headerTable)
        case 2: header = .dictionaryBatch(headerTable)
        case 3: header = .recordBatch(headerTable)
        case 4, 5:
            throw ArrowError(
                .unexpectedMessage, field: "Message.header_type", expected: "a schema or (dictionary) record batch",
                actual: tag == 4 ? "a tensor" : "a sparse tensor", offset: at)
        default:
            throw ArrowError(
                .malformedMetadata, field: "Message.header_type", expected: "1, 2 or 3", actual: "\(tag)", offset: at)
        }
        bodyLength = try table.int(3, "bodyLength", default: Int64(0))
        guard bodyLength >= 0 else {
            throw ArrowError(
                .malformedMetadata, field: "Message.bodyLength", expected: "≥ 0", actual: "\(bodyLength)", offset: at)
        }
    }
}

/// A `RecordBatch` table (spec §5.2): the row count, one node per field, the body buffers, and
/// the compression of the buffers if any.
struct _ArrowRecordBatchHeader: Sendable {
    struct Node: Sendable, Hashable {
        var length: Int64
        var nullCount: Int64
    }

    struct Buffer: Sendable, Hashable {
        var offset: Int64
        var length: Int64
    }

    /// The most rows a batch (and a field node) may claim: 2^31 − 1.
    static let maximumLength = Int64(Int32.max)

    var length: Int64
    var nodes: [Node]
    var buffers: [Buffer]
    /// The codec named by `compression` (0 LZ4 frame, 1 ZSTD), when the buffers are compressed.
    var compressionCodec: Int8?
    var variadicBufferCounts: [Int64]

    init(table: _FlatTable) throws(ArrowError) {
        let buffer = table.buffer
        let at = buffer.base + Int64(table.position)
        length = try table.int(0, "length", default: Int64(0))
        // At most 2^31 − 1 rows a batch, the limit of Arrow's own readers (32-bit vector
        // indices): every size computed from a length then fits an Int with room to spare.
        guard length >= 0, length <= Self.maximumLength else {
            throw ArrowError(
                .malformedMetadata, field: "RecordBatch.length", expected: "0 to \(Self.maximumLength)",
                actual: "\(length)", offset: at)
        }
        nodes = []
        if let (start, count) = try table.vector(1, "nodes", elementSize: 16) {
            nodes.reserveCapacity(count)
            for index in 0..<count {
                let position = start + 16 * index
                let node = Node(
                    length: try buffer.load(Int64.self, at: position, field: "RecordBatch.nodes[\(index)].length"),
                    nullCount: try buffer.load(
                        Int64.self, at: position + 8, field: "RecordBatch.nodes[\(index)].null_count"))
                guard node.length >= 0, node.length <= Self.maximumLength, node.nullCount >= 0,
                    node.nullCount <= node.length
                else {
                    throw buffer.error(
                        "RecordBatch.nodes[\(index)]", expected: "0 ≤ null_count ≤ length ≤ \(Self.maximumLength)",
                        actual: "length \(node.length), null_count \(node.nullCount)", at: position)
                }
                nodes.append(node)
            }
        }
        buffers = []
        if let (start, count) = try table.vector(2, "buffers", elementSize: 16) {
            buffers.reserveCapacity(count)
            for index in 0..<count {
                let position = start + 16 * index
                let spec = Buffer(
                    offset: try buffer.load(Int64.self, at: position, field: "RecordBatch.buffers[\(index)].offset"),
                    length: try buffer.load(Int64.self, at: position + 8, field: "RecordBatch.buffers[\(index)].length")
                )
                guard spec.offset >= 0, spec.length >= 0 else {
                    throw buffer.error(
                        "RecordBatch.buffers[\(index)]", expected: "offset ≥ 0 and length ≥ 0",
                        actual: "offset \(spec.offset), length \(spec.length)", at: position)
                }
                buffers.append(spec)
            }
        }
        if let compression = try table.table(3, "compression") {
            compressionCodec = try compression.int(0, "codec", default: Int8(0))
        }
        variadicBufferCounts = []
        if let (start, count) = try table.vector(4, "variadicBufferCounts", elementSize: 8) {
            for index in 0..<count {
                let value = try buffer.load(
                    Int64.self, at: start + 8 * index, field: "RecordBatch.variadicBufferCounts")
                guard value >= 0, value <= Int64(Int32.max) else {
                    throw buffer.error(
                        "RecordBatch.variadicBufferCounts[\(index)]", expected: "0…2^31−1", actual: "\(value)",
                        at: start + 8 * index)
                }
                variadicBufferCounts.append(value)
            }
        }
    }
}

/// A `DictionaryBatch` table (spec §5.3): the dictionary id, its values as a one-column record
/// batch, and whether they add to the dictionary (a delta) or replace it.
struct _ArrowDictionaryBatchHeader: Sendable {
    var id: Int64
    var data: _ArrowRecordBatchHeader
    var isDelta: Bool

    init(table: _FlatTable) throws(ArrowError) {
        id = try table.int(0, "id", default: Int64(0))
        guard let data = try table.table(1, "data") else {
            throw ArrowError(
                .malformedMetadata, field: "DictionaryBatch.data", expected: "a record batch", actual: "none",
                offset: table.buffer.base + Int64(table.position))
        }
        self.data = try _ArrowRecordBatchHeader(table: data)
        isDelta = try table.bool(2, "isDelta")
    }
}

/// The file format's `Footer` table (spec §3): the schema again, and the blocks of the
/// dictionary and record batch messages.
struct _ArrowFooter: Sendable {
    var dictionaryBlockCount: Int
    var recordBatchBlockCount: Int

    init(buffer: _FlatBuffer, limits: ArrowReadLimits) throws(ArrowError) {
        let table = try buffer.root(field: "Footer")
        if let schema = try table.table(1, "schema") {
            _ = try _ArrowSchema(table: schema, limits: limits)
        }
        // Block: offset int64, metaDataLength int32 (+4 padding), bodyLength int64 = 24 bytes.
        dictionaryBlockCount = try table.vector(2, "dictionaries", elementSize: 24)?.count ?? 0
        recordBatchBlockCount = try table.vector(3, "recordBatches", elementSize: 24)?.count ?? 0
    }
}
