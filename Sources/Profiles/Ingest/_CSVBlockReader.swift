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
            var sink = _CSVTableSink(table: table, slots: layout.slots, maximumRowBytes: layout.maximumRowBytes)
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
                            expected: "at most \(layout.maximumRowBytes) bytes (--max-row-mib)",
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
            if let tooLong = sink.tooLong {
                result.failure = CSVError(
                    .rowTooLong, input: source.name, field: "row",
                    expected: "at most \(layout.maximumRowBytes) bytes (--max-row-mib)", actual: "\(tooLong.bytes) bytes",
                    offset: readFrom + Int64(tooLong.rowStart))
                return result
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

    /// The bytes of a field whose raw text needs unescaping (rare: `""` or text after a closing
    /// quote).
    private static func unescaped(_ field: _CSVFieldTable.Field, _ base: UnsafePointer<UInt8>) -> [UInt8] {
        var content: [UInt8] = []
        let start = Int(field.start)
        _CSVTokenizer.unescape(UnsafeBufferPointer(start: base + start, count: field.end - start), into: &content)
        return content
    }

    /// Calls `body` with each field's bytes, in row order, until it returns `false`.
    ///
    /// - Returns: whether every call returned `true`.
    @inline(__always)
    private static func forEachValue(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        for field in fields {
            let start = Int(field.start)
            let fits: Bool
            if field.needsUnescaping {
                fits = unescaped(field, base).withUnsafeBufferPointer(body)
            } else {
                fits = body(UnsafeBufferPointer(start: base + start, count: field.end - start))
            }
            if !fits { return false }
        }
        return true
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
        var profile: ColumnProfile
        while true {
            switch mode {
            case .integer:
                var values = [Int64]()
                swap(&values, &ints)
                defer { swap(&values, &ints) }
                if let next = Self.readIntegers(fields, base, &facts, into: &values) {
                    mode = next
                    break
                }
                profile = ColumnProfile(type: .integral, coin: coin)
                profile.log(ints: values)
                return .init(facts: facts, kind: .integer, profile: profile)
            case .float(let tracksIntegers):
                var values = [Double]()
                swap(&values, &doubles)
                defer { swap(&values, &doubles) }
                if let next = Self.readFloats(fields, base, &facts, tracksIntegers: tracksIntegers, into: &values) {
                    mode = next
                    break
                }
                profile = ColumnProfile(type: .fractional, coin: coin)
                values.withUnsafeBufferPointer { profile.log(floats: $0, missingCount: facts.missing) }
                return .init(facts: facts, kind: .float, profile: profile)
            case .boolean:
                var values = [Bool?]()
                swap(&values, &bools)
                defer { swap(&values, &bools) }
                if let next = Self.readBooleans(fields, base, &facts, into: &values) {
                    mode = next
                    break
                }
                profile = ColumnProfile(type: .integral, coin: coin)
                profile.log(bools: values)
                profile.counts?.nan += Int64(facts.missing)
                return .init(facts: facts, kind: .boolean, profile: profile)
            case .object:
                var values = [String?]()
                swap(&values, &strings)
                defer { swap(&values, &strings) }
                invalidUTF8 += Self.readStrings(fields, base, &facts, into: &values)
                profile = ColumnProfile(type: .string, coin: coin)
                profile.log(strings: values)
                profile.counts?.nan += Int64(facts.missing)
                return .init(facts: facts, kind: .object, profile: profile)
            }
            // A forced mode is final: the facts say every value fits. Should one not, widening is
            // still right for the values; the merge of the column then mixes metric sets.
            assert(!forced, "a value does not fit the column's final type")
        }
    }

    /// Reads integers; returns the mode to read the column in instead when a value is missing or
    /// not an `Int64`.
    private static func readIntegers(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ facts: inout _CSVColumnFacts, into values: inout [Int64]
    ) -> _CSVReadMode? {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(fields.count)
        var next: _CSVReadMode?
        let complete = forEachValue(fields, base) { bytes in
            if _PandasValueParsing.isMissing(bytes) {
                // A missing value makes the column float64 (if it stays numeric).
                next = .float(tracksIntegers: true)
                return false
            }
            switch _PandasValueParsing.integer(bytes) {
            case .value(let value):
                values.append(value)
                return true
            case .invalid:
                facts.firstIntegerMisfit = .invalid
            case .overflow:
                facts.firstIntegerMisfit = .overflow
            }
            next = .float(tracksIntegers: false)
            return false
        }
        if !complete { return next }
        facts.missing = 0
        facts.hasNonFloat = false
        facts.hasNonBoolean = !fields.isEmpty
        return nil
    }

    /// Reads floats (the non-missing ones into `values`), finding the first value that is not an integer
    /// when `tracksIntegers`; returns the mode to read the column in instead when a value is not a
    /// float.
    private static func readFloats(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ facts: inout _CSVColumnFacts, tracksIntegers: Bool, into values: inout [Double]
    ) -> _CSVReadMode? {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(fields.count)
        var missing = 0
        var present = 0
        var tracking = tracksIntegers && facts.firstIntegerMisfit == nil
        var next: _CSVReadMode?
        let complete = _PandasValueParsing.withPowersOfTen { powers in
            forEachValue(fields, base) { bytes in
                if _PandasValueParsing.isMissing(bytes) {
                    missing += 1
                    return true
                }
                let parsed = _PandasValueParsing.float(bytes, powers: powers)
                if let value = parsed.value {
                    values.append(value)
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
                    return true
                }
                if tracking {
                    facts.firstIntegerMisfit = _PandasValueParsing.integer(bytes) == .overflow ? .overflow : .invalid
                }
                facts.hasNonFloat = true
                if present > 0 {
                    // A float before, so some value is not a boolean either.
                    facts.hasNonBoolean = true
                    facts.isSettledObject = true
                    next = .object
                } else {
                    next = .boolean
                }
                return false
            }
        }
        if !complete { return next }
        facts.missing = missing
        facts.hasNonFloat = false
        facts.hasNonBoolean = present > 0
        return nil
    }

    /// Reads booleans (missing values are `nil`); returns `.object` when a value is not one.
    private static func readBooleans(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ facts: inout _CSVColumnFacts, into values: inout [Bool?]
    ) -> _CSVReadMode? {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(fields.count)
        var missing = 0
        var sawBoolean = false
        let complete = forEachValue(fields, base) { bytes in
            if _PandasValueParsing.isMissing(bytes) {
                values.append(nil)
                missing += 1
                return true
            }
            guard let value = _PandasValueParsing.boolean(bytes) else { return false }
            values.append(value)
            if !sawBoolean {
                sawBoolean = true
                if facts.firstIntegerMisfit == nil { facts.firstIntegerMisfit = .invalid }
            }
            return true
        }
        if !complete {
            // Not a boolean, while some value (a boolean here, or in the rows before this block)
            // is not a float: the column is object.
            facts.hasNonFloat = true
            facts.hasNonBoolean = true
            facts.isSettledObject = true
            return .object
        }
        facts.missing = missing
        facts.hasNonFloat = sawBoolean
        facts.hasNonBoolean = false
        return nil
    }

    /// Reads strings (missing values are `nil`).
    ///
    /// - Returns: the number of values that were not valid UTF-8 (repaired).
    private static func readStrings(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ facts: inout _CSVColumnFacts, into values: inout [String?]
    ) -> Int {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(fields.count)
        var missing = 0
        var invalid = 0
        _ = forEachValue(fields, base) { bytes in
            if _PandasValueParsing.isMissing(bytes) {
                missing += 1
                values.append(nil)
            } else {
                if !_UTF8Validation.isValid(bytes) { invalid += 1 }
                values.append(String(decoding: bytes, as: UTF8.self))
            }
            return true
        }
        facts.missing = missing
        facts.hasNonFloat = true
        facts.hasNonBoolean = true
        facts.isSettledObject = true
        return invalid
    }

    /// Reads a text column: strings (missing values are NaN), logged with their text metadata.
    private func readText(slot: Int, into profile: inout DatasetProfile) -> _CSVBlockResult.Column {
        let fields = table.column(slot)
        let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
        var facts = _CSVColumnFacts()
        facts.count = fields.count
        var values = [String?]()
        invalidUTF8 += Self.readStrings(fields, base, &facts, into: &values)
        let name = layout.names[slot]
        profile.declare(textColumn: name)
        profile.log(column: name, strings: values)
        var column = profile.columns.removeValue(forKey: name) ?? ColumnProfile(type: .string)
        column.counts?.nan += Int64(facts.missing)
        return .init(facts: facts, kind: .object, profile: column)
    }
}
