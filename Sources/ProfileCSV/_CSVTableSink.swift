import Profiles

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
