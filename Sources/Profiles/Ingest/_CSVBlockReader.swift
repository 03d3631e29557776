import Sketches

/// What a block of the input gave: where its rows start and end, the facts and profile of each
/// column, and the rows it rejected or repaired.
struct _CSVBlockResult: Sendable {
    struct Column: Sendable {
        var facts: _CSVColumnFacts
        /// How the values were logged.
        var kind: _CSVValueKind
        var profile: ColumnProfile
    }

    var index: Int
    /// Where the block's first row starts, as guessed from the first line break at or after the
    /// block's nominal start (`nil` when there is none before the read range ends); for block 0
    /// and re-read blocks, the known start.
    var start: Int64?
    /// Where the first row starting at or after the nominal end starts (the input's end for the
    /// last block).
    var end: Int64
    /// Line breaks in `[start, end)`.
    var lines: Int
    var rows: Int
    /// One per selected column; empty when the block has no rows.
    var columns: [Column]
    /// Text-metadata columns.
    var derived: [String: ColumnProfile]
    /// Malformed rows, with absolute byte offsets in `rowStart`.
    var malformed: [_CSVLocalMalformedRow]
    var invalidUTF8: Int
    /// A row over the size limit.
    var failure: CSVError?
}

/// Reads and profiles blocks of a CSV input, one at a time, with buffers reused from block to
/// block (one reader per thread).
final class _CSVBlockReader {
    struct Layout: Sendable {
        let delimiter: UInt8
        let fieldCount: Int
        /// For each field index, its column slot or -1.
        let slots: [Int]
        /// Selected column names by slot.
        let names: [String]
        /// Whether each slot is a text column.
        let isText: [Bool]
        let maximumRowBytes: Int
        let compactionSeed: UInt64?
    }

    private let source: _CSVByteSource
    private let layout: Layout
    private let tokenizer: _CSVTokenizer
    private let buffer: _CSVByteBuffer
    private let table: _CSVFieldTable
    private var scratch: [UInt8] = []
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool?] = []
    private var strings: [String?] = []
    private var invalidUTF8 = 0

    init(source: _CSVByteSource, layout: Layout, blockSize: Int) {
        self.source = source
        self.layout = layout
        tokenizer = _CSVTokenizer(delimiter: layout.delimiter)
        buffer = _CSVByteBuffer(capacity: blockSize + (256 << 10))
        table = _CSVFieldTable(columnCount: layout.names.count, capacity: max(1024, blockSize / 64))
    }

    /// Reads the rows that start in `[knownStart ?? guessed start, nominalEnd)` and profiles them.
    ///
    /// - Parameters:
    ///   - index: the block's index (for the compaction seed).
    ///   - nominalStart: where the block's range begins.
    ///   - nominalEnd: rows starting here or later belong to the next block.
    ///   - knownStart: a known row start; `nil` to guess one from the first line break at or after
    ///     `nominalStart - 1`.
    ///   - modes: how to read each column (from the facts of the rows before).
    ///   - forced: whether `modes` are final (a re-read with the column types known); only the
    ///     columns whose mode is non-nil are profiled.
    func read(
        index: Int, nominalStart: Int64, nominalEnd: Int64, knownStart: Int64?, modes: [_CSVReadMode?],
        forced: Bool
    ) -> _CSVBlockResult {
        var result = _CSVBlockResult(
            index: index, start: knownStart, end: nominalEnd, lines: 0, rows: 0, columns: [], derived: [:],
            malformed: [], invalidUTF8: 0, failure: nil)
        let readFrom = knownStart ?? max(0, nominalStart - 1)
        let slack: Int64 = 64 << 10
        do {
            buffer.count = 0
            try fill(from: readFrom, upTo: min(source.size, nominalEnd + slack))
            var start: Int
            if knownStart != nil {
                start = 0
            } else {
                guard let guessed = try guessRowStart(readFrom: readFrom) else {
                    result.start = nil
                    result.end = nominalEnd
                    return result
                }
                start = guessed
                result.start = readFrom + Int64(guessed)
                if result.start! >= nominalEnd {
                    // No row starts in this block's range (if the guess is right).
                    result.end = result.start!
                    return result
                }
            }
            table.rowCount = 0
            var sink = _CSVTableSink(table: table, slots: layout.slots)
            var lines = 0
            let stopAt = nominalEnd >= source.size ? Int.max : Int(nominalEnd - readFrom)
            while true {
                let outcome = tokenizer.tokenize(
                    buffer.bytes, from: start, stopAt: stopAt,
                    isEndOfInput: readFrom + Int64(buffer.count) >= source.size, lines: &lines, sink: &sink)
                switch outcome {
                case .stopped(let at):
                    result.end = readFrom + Int64(at)
                case .finished(let at):
                    result.end = readFrom + Int64(at)
                case .needsMoreInput(let rowStart, let linesAtRowStart):
                    let rowBytes = buffer.count - rowStart
                    if rowBytes > layout.maximumRowBytes {
                        result.failure = CSVError(
                            .rowTooLong, input: source.name, field: "row",
                            expected: "at most \(layout.maximumRowBytes) bytes (--max-row-bytes)",
                            actual: "more than \(rowBytes) bytes", offset: readFrom + Int64(rowStart))
                        return result
                    }
                    let more = max(Int64(1 << 20), Int64(rowBytes))
                    try fill(from: readFrom, upTo: min(source.size, readFrom + Int64(buffer.count) + more))
                    start = rowStart
                    lines = linesAtRowStart
                    continue
                }
                break
            }
            result.lines = lines
            result.rows = table.rowCount
            result.malformed = sink.malformed.map {
                var row = $0
                row.rowStart = Int(readFrom) + row.rowStart
                return row
            }
        } catch {
            result.failure = error
            return result
        }
        invalidUTF8 = 0
        var textProfile: DatasetProfile?
        for slot in 0..<layout.names.count {
            guard let mode = modes[slot] else {
                result.columns.append(.init(facts: _CSVColumnFacts(), kind: .object, profile: ColumnProfile()))
                continue
            }
            let coin: KLLCompactionCoin = layout.compactionSeed.map { .seeded($0 &+ UInt64(index)) } ?? .system
            if layout.isText[slot] {
                if textProfile == nil {
                    textProfile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
                    textProfile!.compactionCoin = coin
                }
                result.columns.append(readText(slot: slot, into: &textProfile!))
            } else {
                result.columns.append(readColumn(slot: slot, mode: mode, forced: forced, coin: coin))
            }
        }
        if let textProfile { result.derived = textProfile.columns }
        result.invalidUTF8 = invalidUTF8
        return result
    }

    // MARK: - Input

    private func fill(from readFrom: Int64, upTo end: Int64) throws(CSVError) {
        let wanted = Int(end - readFrom)
        guard wanted > buffer.count else { return }
        buffer.reserve(wanted)
        let got = try source.read(
            into: buffer.pointer + buffer.count, count: wanted - buffer.count, at: readFrom + Int64(buffer.count))
        buffer.count += got
    }

    /// The offset after the first line break in the buffer (reading on when it ends in a CR), or
    /// `nil` when there is none.
    private func guessRowStart(readFrom: Int64) throws(CSVError) -> Int? {
        while true {
            let bytes = buffer.bytes
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == _CSVTokenizer.lineFeed { return index + 1 }
                if byte == _CSVTokenizer.carriageReturn {
                    if index + 1 < bytes.count { return bytes[index + 1] == _CSVTokenizer.lineFeed ? index + 2 : index + 1 }
                    if readFrom + Int64(bytes.count) >= source.size { return index + 1 }
                    break
                }
                index += 1
            }
            if index >= bytes.count { return nil }
            try fill(from: readFrom, upTo: min(source.size, readFrom + Int64(bytes.count) + 1))
        }
    }

    // MARK: - Columns

    /// The bytes of a field (unescaped into scratch storage when needed), passed to `body`.
    @inline(__always)
    private func withBytes<R>(
        _ field: _CSVFieldTable.Field, _ base: UnsafePointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let start = Int(field.start)
        if !field.needsUnescaping {
            return body(UnsafeBufferPointer(start: base + start, count: field.end - start))
        }
        scratch.removeAll(keepingCapacity: true)
        _CSVTokenizer.unescape(UnsafeBufferPointer(start: base + start, count: field.end - start), into: &scratch)
        return scratch.withUnsafeBufferPointer(body)
    }

    private enum Pass {
        case done
        case restart(_CSVReadMode)
    }

    /// Reads one column's values in `mode`, moving to a wider mode (and reading the column again)
    /// when a value does not fit, and logs them.
    private func readColumn(slot: Int, mode initial: _CSVReadMode, forced: Bool, coin: KLLCompactionCoin)
        -> _CSVBlockResult.Column
    {
        let fields = table.column(slot)
        let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
        var facts = _CSVColumnFacts()
        facts.count = fields.count
        var mode = initial
        while true {
            let pass: Pass
            switch mode {
            case .integer: pass = readIntegers(fields, base, &facts)
            case .float(let tracksIntegers): pass = readFloats(fields, base, &facts, tracksIntegers: tracksIntegers)
            case .boolean: pass = readBooleans(fields, base, &facts)
            case .object:
                readStrings(fields, base, &facts)
                pass = .done
            }
            guard case .restart(let next) = pass else { break }
            // A forced mode is final: the facts say every value fits. Should one not, widening is
            // still right for the values; the merge of the column then mixes metric sets.
            assert(!forced, "a value does not fit the column's final type")
            mode = next
        }
        var profile: ColumnProfile
        switch mode {
        case .integer:
            profile = ColumnProfile(type: .integral, coin: coin)
            profile.log(ints: ints)
        case .float:
            profile = ColumnProfile(type: .fractional, coin: coin)
            profile.log(doubles: doubles)
        case .boolean:
            profile = ColumnProfile(type: .integral, coin: coin)
            profile.log(bools: bools)
            profile.counts?.nan += Int64(facts.missing)
        case .object:
            profile = ColumnProfile(type: .string, coin: coin)
            profile.log(strings: strings)
            profile.counts?.nan += Int64(facts.missing)
        }
        return .init(facts: facts, kind: mode.valueKind, profile: profile)
    }

    private func readIntegers(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>, _ facts: inout _CSVColumnFacts
    ) -> Pass {
        ints.removeAll(keepingCapacity: true)
        for field in fields {
            let parsed: _PandasValueParsing.IntegerParse? = withBytes(field, base) { bytes in
                _PandasValueParsing.isMissing(bytes) ? nil : _PandasValueParsing.integer(bytes)
            }
            switch parsed {
            case .value(let value)?:
                ints.append(value)
            case nil:
                // A missing value makes the column float64 (if it stays numeric).
                return .restart(.float(tracksIntegers: true))
            case .invalid?:
                facts.firstIntegerMisfit = .invalid
                return .restart(.float(tracksIntegers: false))
            case .overflow?:
                facts.firstIntegerMisfit = .overflow
                return .restart(.float(tracksIntegers: false))
            }
        }
        facts.missing = 0
        facts.hasNonFloat = false
        facts.hasNonBoolean = !fields.isEmpty
        return .done
    }

    private func readFloats(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>, _ facts: inout _CSVColumnFacts,
        tracksIntegers: Bool
    ) -> Pass {
        doubles.removeAll(keepingCapacity: true)
        var missing = 0
        var present = 0
        var tracking = tracksIntegers && facts.firstIntegerMisfit == nil
        for field in fields {
            let pass: Pass? = withBytes(field, base) { bytes in
                if _PandasValueParsing.isMissing(bytes) {
                    doubles.append(.nan)
                    missing += 1
                    return nil
                }
                let parsed = _PandasValueParsing.float(bytes)
                if let value = parsed.value {
                    doubles.append(value)
                    present += 1
                    if tracking {
                        if !parsed.isIntegerLiteral {
                            facts.firstIntegerMisfit = .invalid
                            tracking = false
                        } else if parsed.integerDigits >= 19, _PandasValueParsing.integer(bytes) == .overflow {
                            facts.firstIntegerMisfit = .overflow
                            tracking = false
                        }
                    }
                    return nil
                }
                if tracking {
                    facts.firstIntegerMisfit = _PandasValueParsing.integer(bytes) == .overflow ? .overflow : .invalid
                }
                facts.hasNonFloat = true
                if present > 0 {
                    // A float before, so some value is not a boolean either.
                    facts.hasNonBoolean = true
                    facts.isSettledObject = true
                    return .restart(.object)
                }
                return .restart(.boolean)
            }
            if let pass { return pass }
        }
        facts.missing = missing
        facts.hasNonFloat = false
        facts.hasNonBoolean = present > 0
        return .done
    }

    private func readBooleans(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>, _ facts: inout _CSVColumnFacts
    ) -> Pass {
        bools.removeAll(keepingCapacity: true)
        var missing = 0
        var sawBoolean = false
        for field in fields {
            let fits: Bool = withBytes(field, base) { bytes in
                if _PandasValueParsing.isMissing(bytes) {
                    bools.append(nil)
                    missing += 1
                    return true
                }
                guard let value = _PandasValueParsing.boolean(bytes) else { return false }
                bools.append(value)
                if !sawBoolean {
                    sawBoolean = true
                    if facts.firstIntegerMisfit == nil { facts.firstIntegerMisfit = .invalid }
                }
                return true
            }
            if !fits {
                // Not a boolean, while some value (a boolean here, or in the rows before this
                // block) is not a float: the column is object.
                facts.hasNonFloat = true
                facts.hasNonBoolean = true
                facts.isSettledObject = true
                return .restart(.object)
            }
        }
        facts.missing = missing
        facts.hasNonFloat = sawBoolean
        facts.hasNonBoolean = false
        return .done
    }

    private func readStrings(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>, _ facts: inout _CSVColumnFacts
    ) {
        strings.removeAll(keepingCapacity: true)
        var missing = 0
        for field in fields {
            let value: String? = withBytes(field, base) { bytes in
                if _PandasValueParsing.isMissing(bytes) { return nil }
                return makeString(bytes)
            }
            if value == nil { missing += 1 }
            strings.append(value)
        }
        facts.missing = missing
        facts.hasNonFloat = true
        facts.hasNonBoolean = true
        facts.isSettledObject = true
    }

    @inline(__always)
    private func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        invalidUTF8 += 1
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a text column: strings (missing values are NaN), logged with their text metadata.
    private func readText(slot: Int, into profile: inout DatasetProfile) -> _CSVBlockResult.Column {
        let fields = table.column(slot)
        let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
        var facts = _CSVColumnFacts()
        facts.count = fields.count
        readStrings(fields, base, &facts)
        let name = layout.names[slot]
        profile.declare(textColumn: name)
        profile.log(column: name, strings: strings)
        var column = profile.columns.removeValue(forKey: name) ?? ColumnProfile(type: .string)
        column.counts?.nan += Int64(facts.missing)
        return .init(facts: facts, kind: .object, profile: column)
    }
}
