internal import CCSVScan
import Profiles

extension _CSVTokenizer {
    /// How a fast run ended: as ``tokenize(_:from:stopAt:isEndOfInput:lines:sink:)`` would have,
    /// or at a row whose quoting the fast path does not take, from which the byte-by-byte
    /// tokenizer must go on.
    enum FastOutcome: Equatable {
        case done(Outcome)
        case fallback(rowStart: Int, lines: Int)
    }

    /// Tokenizes like ``tokenize(_:from:stopAt:isEndOfInput:lines:sink:)`` — the same rows,
    /// fields, lines and outcome — 64 bytes at a time, for text whose quotes are all regular.
    ///
    /// The bytes are scanned into bit masks of quotes, delimiters, LFs and CRs (`ccsvscan_scan64`);
    /// the prefix XOR of the quote mask marks the bytes inside quotes, and the delimiters and line
    /// breaks outside quotes end the fields, visited in order by their bits. Finding the next field
    /// end then depends on a bit mask, not on loading the bytes the previous field end pointed at.
    ///
    /// Regular quotes are pandas' quoted fields without text after the closing quote: every quote
    /// that opens is at a field start, every quote that closes is followed by a delimiter, a line
    /// break, a quote (a `""` pair) or the end of the input. At the first row with another quote
    /// (`ab"c`, `"ab"c`), or a quote left open at the end of the input, the fast path stops and
    /// returns ``FastOutcome/fallback(rowStart:lines:)``: the rows before were delivered.
    ///
    /// - Complexity: O(bytes read).
    func tokenizeFast<Sink: _CSVRowSink>(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, stopAt: Int, isEndOfInput: Bool,
        lines: inout Int, sink: inout Sink
    ) -> FastOutcome {
        guard let base = buffer.baseAddress, buffer.count > start else {
            return .done(
                isEndOfInput ? .finished(at: buffer.count) : .needsMoreInput(rowStart: start, lines: lines))
        }
        let n = buffer.count
        let quote = Self.quote
        let lineFeed = Self.lineFeed
        let delimiter = self.delimiter
        if start >= stopAt { return .done(.stopped(at: start)) }

        var rowStart = start
        var rowLine = lines
        var inRow = false
        var field = 0
        var fieldStart = start
        var skipLineFeedAt = -1

        var chunk = start
        var insideCarry: UInt64 = 0
        var previousIsSeparatorOrStart = true
        var previousIsClosingQuote = false
        var pendingClosingQuote = false
        var linesBeforeChunk = lines
        var breaks: UInt64 = 0
        var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))

        /// Line breaks before `position`: in the current chunk, or one or two bytes after it (after
        /// a CR LF whose LF starts the next chunk).
        func linesBefore(_ position: Int) -> Int {
            let offset = position - chunk
            if offset >= 64 {
                var count = linesBeforeChunk + breaks.nonzeroBitCount
                if offset > 64 && base[chunk + 64] == lineFeed { count += 1 }
                return count
            }
            return linesBeforeChunk + (breaks & ((UInt64(1) << UInt64(offset)) &- 1)).nonzeroBitCount
        }

        /// Whether bytes `[from, to)` are all spaces and tabs (and the delimiter is neither).
        func isBlank(_ from: Int, _ to: Int) -> Bool {
            var index = from
            while index < to {
                let byte = base[index]
                if (byte != 0x20 && byte != 0x09) || byte == delimiter { return false }
                index += 1
            }
            return true
        }

        /// Whether a quote lies in `[from, to)`.
        func hasQuote(_ from: Int, _ to: Int, _ quotes: UInt64) -> Bool {
            if from >= to { return false }
            if from >= chunk && to <= chunk + 64 {
                let low = UInt64(from - chunk)
                let high = UInt64(to - chunk)
                let range: UInt64 = (high == 64 ? ~0 : ((UInt64(1) << high) &- 1)) & ~((UInt64(1) << low) &- 1)
                return quotes & range != 0
            }
            return Self.firstIndex(of: quote, quote, quote, in: base, from: from, count: to) < to
        }

        @inline(__always)
        func emitField(_ end: Int, _ quotes: UInt64, _ sink: inout Sink) {
            if fieldStart < end && base[fieldStart] == quote {
                if hasQuote(fieldStart + 1, end - 1, quotes) {
                    sink.field(field, start: fieldStart, end: end, needsUnescaping: true)
                } else {
                    sink.field(field, start: fieldStart + 1, end: end - 1, needsUnescaping: false)
                }
            } else {
                sink.field(field, start: fieldStart, end: end, needsUnescaping: false)
            }
        }

        while chunk < n {
            let valid = min(64, n - chunk)
            let masks: ccsvscan_masks
            if valid == 64 {
                masks = ccsvscan_scan64(base + chunk, delimiter)
            } else {
                masks = withUnsafeMutableBytes(of: &padded) { raw in
                    raw.initializeMemory(as: UInt8.self, repeating: 0)
                    raw.baseAddress!.copyMemory(from: base + chunk, byteCount: valid)
                    return ccsvscan_scan64(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), delimiter)
                }
            }
            let validMask: UInt64 = valid == 64 ? ~0 : (UInt64(1) << UInt64(valid)) &- 1
            let quotes = masks.quote & validMask
            let delimiters = masks.delimiter & validMask
            let lineFeeds = masks.lineFeed & validMask
            let carriageReturns = masks.carriageReturn & validMask
            let inside = ccsvscan_prefix_xor(quotes) ^ insideCarry
            let separators = (delimiters | lineFeeds | carriageReturns) & ~inside
            let opening = quotes & inside
            let closing = quotes & ~inside

            // Regular quotes only: an opening quote after a separator (or a closing quote: a ""
            // pair), a closing quote before a separator or an opening quote.
            var irregular = false
            if pendingClosingQuote && (separators | opening) & 1 == 0 { irregular = true }
            let allowedOpening =
                (separators << 1) | (closing << 1) | (previousIsSeparatorOrStart ? 1 : 0)
                | (previousIsClosingQuote ? 1 : 0)
            if opening & ~allowedOpening != 0 { irregular = true }
            var checkedClosing = closing & ~(UInt64(1) << 63)
            if valid < 64 { checkedClosing &= ~(UInt64(1) << UInt64(valid - 1)) }  // followed by the end of the buffer
            if checkedClosing & ~((separators >> 1) | (opening >> 1)) != 0 { irregular = true }
            if irregular { return .fallback(rowStart: rowStart, lines: rowLine) }

            // Line breaks: LFs, and CRs not followed by an LF.
            var lineFeedAfter = lineFeeds >> 1
            if valid == 64, chunk + 64 < n, base[chunk + 64] == lineFeed { lineFeedAfter |= UInt64(1) << 63 }
            breaks = lineFeeds | (carriageReturns & ~lineFeedAfter)

            var pending = separators
            while pending != 0 {
                let offset = pending.trailingZeroBitCount
                pending &= pending &- 1
                let position = chunk + offset
                if position == skipLineFeedAt { continue }
                let byte = base[position]
                if !inRow {
                    if position == rowStart || (byte != delimiter && isBlank(rowStart, position)) {
                        if byte != delimiter {
                            // A blank line, or one of spaces and tabs: skipped.
                            guard
                                let next = Self.end(
                                    ofLineBreakAt: position, in: base, count: n, isEndOfInput: isEndOfInput)
                            else { return .done(.needsMoreInput(rowStart: rowStart, lines: rowLine)) }
                            if next == position + 2 { skipLineFeedAt = position + 1 }
                            rowStart = next
                            fieldStart = next
                            rowLine = linesBefore(rowStart)
                            if rowStart >= stopAt {
                                lines = rowLine
                                return .done(.stopped(at: rowStart))
                            }
                            continue
                        }
                    }
                    sink.beginRow()
                    inRow = true
                    field = 0
                    fieldStart = rowStart
                }
                emitField(position, quotes, &sink)
                if byte == delimiter {
                    field += 1
                    fieldStart = position + 1
                    continue
                }
                guard let rowEnd = Self.end(ofLineBreakAt: position, in: base, count: n, isEndOfInput: isEndOfInput)
                else { return .done(.needsMoreInput(rowStart: rowStart, lines: rowLine)) }
                if rowEnd == position + 2 { skipLineFeedAt = position + 1 }
                inRow = false
                let keepGoing = sink.endRow(
                    fieldCount: field + 1, line: rowLine, rowStart: rowStart, rowEnd: rowEnd, unterminatedQuote: false)
                rowStart = rowEnd
                fieldStart = rowEnd
                rowLine = linesBefore(rowStart)
                if !keepGoing || rowStart >= stopAt {
                    lines = rowLine
                    return .done(.stopped(at: rowStart))
                }
            }

            insideCarry = (inside >> UInt64(valid - 1)) & 1 == 1 ? ~0 : 0
            previousIsSeparatorOrStart = separators >> 63 == 1
            previousIsClosingQuote = closing >> 63 == 1
            pendingClosingQuote = valid == 64 && closing >> 63 == 1
            linesBeforeChunk += breaks.nonzeroBitCount
            breaks = 0
            chunk += 64
        }

        // The end of the buffer, inside a row or after the last line break.
        lines = linesBeforeChunk
        // As the byte-by-byte tokenizer, a row start at or after `stopAt` stops before the end.
        let end: Outcome = n >= stopAt ? .stopped(at: n) : .finished(at: n)
        if rowStart >= n { return .done(isEndOfInput ? end : .needsMoreInput(rowStart: n, lines: lines)) }
        guard isEndOfInput else { return .done(.needsMoreInput(rowStart: rowStart, lines: rowLine)) }
        if insideCarry != 0 { return .fallback(rowStart: rowStart, lines: rowLine) }
        if !inRow {
            if isBlank(rowStart, n) { return .done(end) }
            sink.beginRow()
            field = 0
            fieldStart = rowStart
        }
        chunk = n  // every quote test below scans bytes
        emitField(n, 0, &sink)
        let keepGoing = sink.endRow(
            fieldCount: field + 1, line: rowLine, rowStart: rowStart, rowEnd: n, unterminatedQuote: false)
        return .done(keepGoing ? end : .stopped(at: n))
    }
}
