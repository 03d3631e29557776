import Profiles

/// Splits CSV text into rows and fields exactly as pandas' C tokenizer does with its defaults
/// (`quotechar='"'`, `doublequote=True`, no escape or comment character, `skip_blank_lines=True`,
/// no `lineterminator`):
///
/// - Rows end at LF, CR LF or a lone CR.
/// - Blank lines, and lines of only spaces and tabs (unless one of them is the delimiter), are
///   skipped.
/// - A field that starts with `"` is quoted: delimiters and line breaks inside it are data, `""`
///   is one quote, and text after the closing quote is appended to the field (`"ab"c` is `abc`).
///   A quote inside an unquoted field is an ordinary character.
/// - A row that ends with a delimiter has a last, empty field; the last row may lack a line break.
/// - Quoted input that never closes is reported on its row (pandas stops with "EOF inside
///   string").
///
/// Lines are counted as line breaks (LF, CR LF and lone CR, inside quoted fields too), so that
/// rows can be reported by their line number in the file.
struct _CSVTokenizer {
    /// How a run ended.
    enum Outcome: Equatable {
        /// A row start at or after `stopAt` was reached (or the sink asked to stop); `at` is that
        /// offset.
        case stopped(at: Int)
        /// The buffer ended inside the row starting at `rowStart`, and more input exists; `lines`
        /// is the line count at that row's start.
        case needsMoreInput(rowStart: Int, lines: Int)
        /// The input ended; every row was delivered.
        case finished(at: Int)
    }

    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// The field delimiter.
    let delimiter: UInt8
    /// Bytes that end an unquoted field: the delimiter, LF, CR.
    private let unquotedStops: [Bool]

    /// - Precondition: `delimiter` is not `"`, LF or CR (validated by ``CSVOptions``).
    init(delimiter: UInt8) {
        precondition(
            delimiter != Self.quote && delimiter != Self.lineFeed && delimiter != Self.carriageReturn,
            "invalid delimiter")
        self.delimiter = delimiter
        var unquoted = [Bool](repeating: false, count: 256)
        unquoted[Int(delimiter)] = true
        unquoted[Int(Self.lineFeed)] = true
        unquoted[Int(Self.carriageReturn)] = true
        unquotedStops = unquoted
    }

    /// The offset of the first byte at or after `index` equal to `a`, `b` or `c`, or `count`.
    /// Eight bytes at a time: a byte equals `x` when the same byte of `word ^ x·0x0101…` is
    /// zero, and the lowest zero byte of a word is found exactly by the borrow trick.
    @inline(__always)
    static func firstIndex(
        of a: UInt8, _ b: UInt8, _ c: UInt8, in base: UnsafePointer<UInt8>, from index: Int, count: Int
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let patternA = UInt64(a) &* ones
        let patternB = UInt64(b) &* ones
        let patternC = UInt64(c) &* ones
        var i = index
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let xa = word ^ patternA
            let xb = word ^ patternB
            let xc = word ^ patternC
            let zeros =
                ((xa &- ones) & ~xa) | ((xb &- ones) & ~xb) | ((xc &- ones) & ~xc)
            let found = zeros & highs
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte == a || byte == b || byte == c { return i }
            i += 1
        }
        return count
    }

    /// Tokenizes rows from `start`, delivering each to `sink`.
    ///
    /// - Parameters:
    ///   - buffer: the input available.
    ///   - start: where a row starts.
    ///   - stopAt: rows starting at or after this offset are not read.
    ///   - isEndOfInput: whether the buffer ends where the input ends.
    ///   - lines: the line counter, advanced past every line break read.
    ///   - sink: receives the rows.
    /// - Returns: how the run ended.
    /// - Complexity: O(bytes read).
    func tokenize<Sink: _CSVRowSink>(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, stopAt: Int, isEndOfInput: Bool,
        lines: inout Int, sink: inout Sink
    ) -> Outcome {
        guard let base = buffer.baseAddress, buffer.count > start else {
            return isEndOfInput ? .finished(at: buffer.count) : .needsMoreInput(rowStart: start, lines: lines)
        }
        return unquotedStops.withUnsafeBufferPointer { unquotedStops in
            run(
                base, count: buffer.count, from: start, stopAt: stopAt, isEndOfInput: isEndOfInput,
                lines: &lines, sink: &sink, unquotedStops: unquotedStops.baseAddress!)
        }
    }

    @inline(__always)
    private func run<Sink: _CSVRowSink>(
        _ base: UnsafePointer<UInt8>, count n: Int, from start: Int, stopAt: Int, isEndOfInput: Bool,
        lines: inout Int, sink: inout Sink, unquotedStops: UnsafePointer<Bool>
    ) -> Outcome {
        let quote = Self.quote
        let lineFeed = Self.lineFeed
        let carriageReturn = Self.carriageReturn
        let delimiter = self.delimiter
        var i = start
        rows: while true {
            // START_RECORD
            if i >= stopAt { return .stopped(at: i) }
            if i >= n { return isEndOfInput ? .finished(at: n) : .needsMoreInput(rowStart: i, lines: lines) }
            let rowStart = i
            let rowLine = lines
            let first = base[i]
            if first == lineFeed || first == carriageReturn {
                // A blank line: skipped.
                guard let next = Self.end(ofLineBreakAt: i, in: base, count: n, isEndOfInput: isEndOfInput) else {
                    return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                }
                i = next
                lines += 1
                continue rows
            }
            if (first == 0x20 || first == 0x09) && first != delimiter {
                // A line of spaces and tabs only is skipped; otherwise the row starts here.
                var j = i + 1
                while j < n, base[j] == 0x20 || base[j] == 0x09, base[j] != delimiter { j += 1 }
                if j >= n {
                    if !isEndOfInput { return .needsMoreInput(rowStart: rowStart, lines: rowLine) }
                    i = n
                    continue rows
                }
                if base[j] == lineFeed || base[j] == carriageReturn {
                    guard let next = Self.end(ofLineBreakAt: j, in: base, count: n, isEndOfInput: isEndOfInput)
                    else { return .needsMoreInput(rowStart: rowStart, lines: rowLine) }
                    i = next
                    lines += 1
                    continue rows
                }
            }
            sink.beginRow()
            var field = 0
            var unterminated = false
            fields: while true {
                // START_FIELD
                if i >= n {
                    if !isEndOfInput { return .needsMoreInput(rowStart: rowStart, lines: rowLine) }
                    sink.field(field, start: i, end: i, needsUnescaping: false)
                    field += 1
                    break fields
                }
                if base[i] == quote {
                    let open = i
                    i += 1
                    var complex = false
                    quoted: while true {
                        i = Self.firstIndex(of: quote, lineFeed, carriageReturn, in: base, from: i, count: n)
                        if i >= n {
                            if !isEndOfInput { return .needsMoreInput(rowStart: rowStart, lines: rowLine) }
                            unterminated = true
                            sink.field(field, start: open, end: n, needsUnescaping: true)
                            field += 1
                            break fields
                        }
                        let byte = base[i]
                        if byte == lineFeed {
                            lines += 1
                            i += 1
                            continue quoted
                        }
                        if byte == carriageReturn {
                            if i + 1 < n {
                                if base[i + 1] != lineFeed { lines += 1 }
                            } else if isEndOfInput {
                                lines += 1
                            } else {
                                return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                            }
                            i += 1
                            continue quoted
                        }
                        // A quote: doubled, or the closing one.
                        if i + 1 >= n, !isEndOfInput {
                            return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                        }
                        if i + 1 < n, base[i + 1] == quote {
                            complex = true
                            i += 2
                            continue quoted
                        }
                        let close = i
                        i += 1
                        if i < n, !unquotedStops[Int(base[i])] {
                            // Text after the closing quote belongs to the field.
                            complex = true
                            while i < n, !unquotedStops[Int(base[i])] { i += 1 }
                            if i >= n, !isEndOfInput {
                                return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                            }
                        }
                        if complex {
                            sink.field(field, start: open, end: i, needsUnescaping: true)
                        } else {
                            sink.field(field, start: open + 1, end: close, needsUnescaping: false)
                        }
                        break quoted
                    }
                } else {
                    let fieldStart = i
                    i = Self.firstIndex(of: delimiter, lineFeed, carriageReturn, in: base, from: i, count: n)
                    if i >= n, !isEndOfInput {
                        return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                    }
                    sink.field(field, start: fieldStart, end: i, needsUnescaping: false)
                }
                field += 1
                if i >= n { break fields }
                let byte = base[i]
                if byte == delimiter {
                    i += 1
                    continue fields
                }
                guard let next = Self.end(ofLineBreakAt: i, in: base, count: n, isEndOfInput: isEndOfInput) else {
                    return .needsMoreInput(rowStart: rowStart, lines: rowLine)
                }
                i = next
                lines += 1
                break fields
            }
            if !sink.endRow(
                fieldCount: field, line: rowLine, rowStart: rowStart, rowEnd: i, unterminatedQuote: unterminated)
            {
                return .stopped(at: i)
            }
        }
    }

    /// The offset after the line break at `index` (LF, CR LF or a lone CR), or `nil` for a CR
    /// ending a buffer that more input follows (it may be the first half of a CR LF).
    @inline(__always)
    static func end(ofLineBreakAt index: Int, in base: UnsafePointer<UInt8>, count n: Int, isEndOfInput: Bool) -> Int? {
        if base[index] == lineFeed { return index + 1 }
        if index + 1 < n { return base[index + 1] == lineFeed ? index + 2 : index + 1 }
        return isEndOfInput ? index + 1 : nil
    }

    /// Whether a field's raw text (from its opening quote) has text after the closing quote, as in
    /// `"ab"c`; `""` escapes alone do not count.
    static func hasTextAfterClosingQuote(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 1
        while index < raw.count {
            if raw[index] == quote {
                if index + 1 < raw.count, raw[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1 < raw.count
            }
            index += 1
        }
        return false
    }

    /// The content of a field whose raw text needs unescaping (see ``_CSVRowSink/field(_:start:end:needsUnescaping:)``),
    /// appended to `output`: `""` inside quotes is one quote; after the closing quote every byte is
    /// data, quotes included.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        let end = raw.count
        // The raw text starts with the opening quote.
        if index < end, raw[index] == quote { index += 1 }
        var inQuotes = true
        while index < end {
            let byte = raw[index]
            if inQuotes, byte == quote {
                if index + 1 < end, raw[index + 1] == quote {
                    output.append(quote)
                    index += 2
                } else {
                    inQuotes = false
                    index += 1
                }
                continue
            }
            output.append(byte)
            index += 1
        }
    }
}
