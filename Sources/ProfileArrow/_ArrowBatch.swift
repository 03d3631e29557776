/// A record batch ready to be profiled on any thread: its header, its body bytes, where each
/// column's buffers start, and the dictionaries as they were when the batch was read.
struct _ArrowBatch: Sendable {
    /// The batch's place among the record batches (0 for the first).
    var sequence: Int
    var header: _ArrowRecordBatchHeader
    var body: [UInt8]
    var bodyOffset: Int64
    /// Per column plan: the index of its first buffer.
    var bufferStarts: [Int]
    var dictionaries: [Int64: _ArrowDictionary]
    /// The most bytes the decompressed body may take (``ArrowReadLimits/maximumBodyBytes``).
    var decompressionLimit: Int
}

/// The values of one dictionary (spec §7): strings, or nulls.
struct _ArrowDictionary: Sendable {
    var values: [String?]
    /// The bytes this dictionary is counted as against ``ArrowReadLimits/maximumDictionaryBytes``.
    var cost: Int
}

/// What a worker found besides the profile.
struct _ArrowWorkerFacts: Sendable {
    var rows: Int64 = 0
    var invalidUTF8Values = 0
    /// Columns of booleans that held a null (pandas makes them object columns).
    var boolColumnsWithNulls: Set<String> = []

    mutating func add(_ other: _ArrowWorkerFacts) {
        rows += other.rows
        invalidUTF8Values += other.invalidUTF8Values
        boolColumnsWithNulls.formUnion(other.boolColumnsWithNulls)
    }
}
