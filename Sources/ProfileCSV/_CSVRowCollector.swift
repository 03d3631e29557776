import Profiles

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
