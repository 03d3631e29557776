/// The fields of a block's rows, column by column: for each selected column, one ``Field`` per
/// row, so that a column's values are read in one sequential pass.
final class _CSVFieldTable {
    /// A field's bytes in the block buffer: `[start, end)`, with the top bit of `end` set when the
    /// raw text needs unescaping (``_CSVTokenizer/unescape(_:into:)``).
    struct Field {
        var start: UInt32
        var endAndFlag: UInt32

        static let unescapeFlag: UInt32 = 1 << 31

        @inline(__always) var end: Int { Int(endAndFlag & ~Self.unescapeFlag) }
        @inline(__always) var needsUnescaping: Bool { endAndFlag & Self.unescapeFlag != 0 }
    }

    /// The number of columns held.
    let columnCount: Int
    /// Rows held.
    var rowCount = 0
    private(set) var capacity: Int
    /// The distance between two columns' first fields: the capacity plus 16 fields, so that the
    /// columns' write positions (which advance together) fall in different cache sets; a
    /// power-of-two stride would map them all to the same few sets.
    private(set) var stride: Int
    private(set) var storage: UnsafeMutablePointer<Field>

    init(columnCount: Int, capacity: Int = 4096) {
        self.columnCount = columnCount
        self.capacity = max(capacity, 16)
        stride = self.capacity + 16
        storage = .allocate(capacity: max(1, columnCount) * stride)
    }

    deinit { storage.deallocate() }

    /// Makes room for `rows` rows, keeping the fields held.
    @inline(__always)
    func reserve(rows: Int) {
        if rows > capacity { grow(to: rows) }
    }

    private func grow(to rows: Int) {
        let newCapacity = max(rows, capacity * 2)
        let newStride = newCapacity + 16
        let newStorage = UnsafeMutablePointer<Field>.allocate(capacity: max(1, columnCount) * newStride)
        for column in 0..<columnCount {
            (newStorage + column * newStride).update(from: storage + column * stride, count: rowCount)
        }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
        stride = newStride
    }

    @inline(__always)
    func set(column: Int, row: Int, start: Int, end: Int, needsUnescaping: Bool) {
        storage[column * stride + row] = Field(
            start: UInt32(truncatingIfNeeded: start),
            endAndFlag: UInt32(truncatingIfNeeded: end) | (needsUnescaping ? Field.unescapeFlag : 0))
    }

    /// The fields of one column, rows `0..<rowCount`.
    @inline(__always)
    func column(_ column: Int) -> UnsafeBufferPointer<Field> {
        UnsafeBufferPointer(start: storage + column * stride, count: rowCount)
    }
}

/// A row the block's tokenizer rejected or repaired, by its line within the block.
struct _CSVLocalMalformedRow: Sendable {
    var kind: CSVMalformedRow.Kind
    /// 0-based line within the tokenized range.
    var line: Int
    /// The row's first byte, as a buffer offset.
    var rowStart: Int
    var fieldCount: Int
}

/// Stores a block's rows in a ``_CSVFieldTable``: rows with the expected number of fields as they
/// are, shorter rows padded with empty (missing) fields as pandas pads them, longer rows and rows
/// with an unterminated quote left out. Every repaired or rejected row is recorded.
struct _CSVTableSink: _CSVRowSink {
    let table: _CSVFieldTable
    /// For each field index of a well-formed row, its column in the table, or -1 when the column
    /// is not selected.
    let slots: [Int]
    let maximumRowBytes: Int
    /// Tokenizing stops after a row that brings the table to this many rows.
    let rowLimit: Int
    var malformed: [_CSVLocalMalformedRow] = []
    /// A row longer than `maximumRowBytes`: its start and length. Tokenizing stops there.
    var tooLong: (rowStart: Int, bytes: Int)?

    /// The current row's first field in the table's storage (column 0), and the distance
    /// between columns: cached from the table at each row's start.
    private var rowBase: UnsafeMutablePointer<_CSVFieldTable.Field>
    private var stride: Int

    init(table: _CSVFieldTable, slots: [Int], maximumRowBytes: Int, rowLimit: Int = .max) {
        self.table = table
        self.slots = slots
        self.maximumRowBytes = maximumRowBytes
        self.rowLimit = rowLimit
        rowBase = table.storage
        stride = table.stride
    }

    mutating func beginRow() {
        table.reserve(rows: table.rowCount + 1)
        rowBase = table.storage + table.rowCount
        stride = table.stride
    }

    @inline(__always)
    mutating func field(_ index: Int, start: Int, end: Int, needsUnescaping: Bool) {
        guard index < slots.count else { return }
        let slot = slots[index]
        if slot >= 0 {
            rowBase[slot &* stride] = _CSVFieldTable.Field(
                start: UInt32(truncatingIfNeeded: start),
                endAndFlag: UInt32(truncatingIfNeeded: end) | (needsUnescaping ? _CSVFieldTable.Field.unescapeFlag : 0))
        }
    }

    mutating func endRow(fieldCount: Int, line: Int, rowStart: Int, rowEnd: Int, unterminatedQuote: Bool) -> Bool {
        if rowEnd - rowStart > maximumRowBytes {
            tooLong = (rowStart, rowEnd - rowStart)
            return false
        }
        if unterminatedQuote {
            malformed.append(.init(kind: .unterminatedQuote, line: line, rowStart: rowStart, fieldCount: fieldCount))
            return true
        }
        if fieldCount == slots.count {
            table.rowCount += 1
            return table.rowCount < rowLimit
        }
        if fieldCount > slots.count {
            malformed.append(.init(kind: .tooManyFields, line: line, rowStart: rowStart, fieldCount: fieldCount))
            return true
        }
        for index in fieldCount..<slots.count where slots[index] >= 0 {
            table.set(column: slots[index], row: table.rowCount, start: rowStart, end: rowStart, needsUnescaping: false)
        }
        table.rowCount += 1
        malformed.append(.init(kind: .tooFewFields, line: line, rowStart: rowStart, fieldCount: fieldCount))
        return table.rowCount < rowLimit
    }
}

/// Collects the fields of one row (the header, or a sample row), unescaped, then stops.
struct _CSVRowCollector: _CSVRowSink {
    let buffer: UnsafeBufferPointer<UInt8>
    var fields: [[UInt8]] = []
    var line = 0
    var rowStart = 0
    var rowEnd = 0
    var unterminatedQuote = false
    var done = false

    init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func beginRow() { fields.removeAll() }

    mutating func field(_ index: Int, start: Int, end: Int, needsUnescaping: Bool) {
        let raw = UnsafeBufferPointer(rebasing: buffer[start..<end])
        if needsUnescaping {
            var content: [UInt8] = []
            _CSVTokenizer.unescape(raw, into: &content)
            fields.append(content)
        } else {
            fields.append(Array(raw))
        }
    }

    mutating func endRow(fieldCount: Int, line: Int, rowStart: Int, rowEnd: Int, unterminatedQuote: Bool) -> Bool {
        self.line = line
        self.rowEnd = rowEnd
        self.rowStart = rowStart
        self.unterminatedQuote = unterminatedQuote
        done = true
        return false
    }
}

/// Counts the fields of each row, and the quoted fields with text after their closing quote (a
/// sign of the wrong delimiter), for delimiter detection.
struct _CSVFieldCounter: _CSVRowSink {
    let buffer: UnsafeBufferPointer<UInt8>
    let maximumRows: Int
    var counts: [Int] = []
    var oddlyQuotedFields = 0

    mutating func beginRow() {}
    mutating func field(_ index: Int, start: Int, end: Int, needsUnescaping: Bool) {
        if needsUnescaping, _CSVTokenizer.hasTextAfterClosingQuote(UnsafeBufferPointer(rebasing: buffer[start..<end])) {
            oddlyQuotedFields += 1
        }
    }
    mutating func endRow(fieldCount: Int, line: Int, rowStart: Int, rowEnd: Int, unterminatedQuote: Bool) -> Bool {
        if !unterminatedQuote { counts.append(fieldCount) }
        return counts.count < maximumRows
    }
}
