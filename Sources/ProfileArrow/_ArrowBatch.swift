import Profiles

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
    /// The model columns whose rows the batch gathers (``ArrowOptions/modelColumns``).
    var modelColumns: ModelColumns? = nil
}

/// The values of one dictionary (spec §7): strings, or nulls.
struct _ArrowDictionary: Sendable {
    /// The values in chunks (the first batch's, then each delta's), merged as a binary counter
    /// merges: a chunk is merged with the one before it while that one is at most twice its size.
    /// A delta then copies O(log n) chunk references and, over the whole input, each value
    /// O(log n) times, however many batches still hold an older snapshot of the dictionary (a
    /// single array would be copied whole by every delta that follows a batch).
    private(set) var chunks: [[String?]] = []
    /// The index of each chunk's first value.
    private(set) var starts: [Int] = []
    /// The number of values.
    private(set) var count = 0
    /// The bytes this dictionary is counted as against ``ArrowReadLimits/maximumDictionaryBytes``.
    private(set) var cost = 0

    init(values: [String?], cost: Int) {
        append(values, cost: cost)
    }

    /// Adds a delta's values after the present ones.
    mutating func append(_ values: [String?], cost: Int) {
        self.cost += cost
        guard !values.isEmpty else { return }
        chunks.append(values)
        starts.append(count)
        count += values.count
        while chunks.count >= 2, chunks[chunks.count - 2].count <= 2 * chunks[chunks.count - 1].count {
            let last = chunks.removeLast()
            starts.removeLast()
            chunks[chunks.count - 1].append(contentsOf: last)
        }
    }

    /// The value at `index` (0 ≤ index < count).
    subscript(index: Int) -> String? {
        // The last chunk whose start is ≤ index.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return chunks[low][index - starts[low]]
    }
}

/// What a worker found besides the profile.
struct _ArrowWorkerFacts: Sendable {
    var rows: Int64 = 0
    var invalidUTF8Values = 0
    /// Columns of booleans that held a null (pandas makes them object columns).
    var boolColumnsWithNulls: Set<String> = []
    /// Each batch's rows of the model columns, by the batch's sequence number.
    var modelPieces: [Int: _ModelRowGatherer] = [:]

    mutating func add(_ other: _ArrowWorkerFacts) {
        rows += other.rows
        invalidUTF8Values += other.invalidUTF8Values
        boolColumnsWithNulls.formUnion(other.boolColumnsWithNulls)
        modelPieces.merge(other.modelPieces) { first, _ in first }
    }
}
