import Profiles
import Sketches

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
        /// The model columns, and the slots of their target, prediction and score.
        var model: (columns: ModelColumns, target: Int, prediction: Int, score: Int?)? = nil

        /// A gathering of the model columns' rows, or `nil` without model columns.
        func modelGathering() -> _CSVModelGathering? {
            model.map {
                _CSVModelGathering(
                    columns: $0.columns, targetSlot: $0.target, predictionSlot: $0.prediction, scoreSlot: $0.score)
            }
        }
    }

    let source: _CSVByteSource
    let layout: Layout
    private let tokenizer: _CSVTokenizer
    let buffer: _CSVByteBuffer
    let table: _CSVFieldTable
    /// The rows of a column read again after it widened.
    private let replayTable: _CSVFieldTable
    private var ints = _CSVScratch<Int64>()
    private var doubles = _CSVScratch<Double>()
    private var bools: [Bool?] = []
    private var strings: [String?] = []
    var invalidUTF8 = 0

    deinit {
        ints.deallocate()
        doubles.deallocate()
    }

    init(source: _CSVByteSource, layout: Layout, blockSize: Int) {
        self.source = source
        self.layout = layout
        tokenizer = _CSVTokenizer(delimiter: layout.delimiter)
        buffer = _CSVByteBuffer(capacity: blockSize + (256 << 10))
        table = _CSVFieldTable(columnCount: layout.names.count, capacity: Self.rowGroupSize + 1)
        replayTable = _CSVFieldTable(columnCount: layout.names.count, capacity: Self.rowGroupSize + 1)
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
        defer { buffer.release() }
        do {
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
            let stopAt = nominalEnd >= source.size ? Int.max : Int(nominalEnd - readFrom)
            var sink = _CSVTableSink(
                table: table, slots: layout.slots, maximumRowBytes: layout.maximumRowBytes, rowLimit: Self.rowGroupSize)
            var lines = 0
            var fast = true
            var position = start
            var columns = ColumnReading(reader: self, index: index, modes: modes, forced: forced, blockStart: start)
            // A re-read with final types reads mistyped columns again; the model's rows were
            // gathered the first time.
            var model = forced ? nil : layout.modelGathering()
            invalidUTF8 = 0
            // Tokenize a group of rows, then read each column over it, while its bytes and fields
            // are still in the core's cache.
            while true {
                table.rowCount = 0
                let outcome = try tokenizeGroup(
                    from: position, stopAt: stopAt, readFrom: readFrom, lines: &lines, fast: &fast, sink: &sink)
                if let tooLong = sink.tooLong {
                    result.failure = CSVError(
                        .rowTooLong, input: source.name, field: "row",
                        expected: "at most \(layout.maximumRowBytes) bytes (--max-row-mib)",
                        actual: "\(tooLong.bytes) bytes",
                        offset: readFrom + Int64(tooLong.rowStart))
                    return result
                }
                if table.rowCount > 0 {
                    columns.read(group: table, startingAt: position)
                    model?.read(group: table, base: UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self)))
                }
                result.rows += table.rowCount
                switch outcome {
                case .stopped(let at) where at < stopAt:
                    position = at
                    continue
                case .stopped(let at), .finished(let at):
                    result.end = readFrom + Int64(at)
                case .needsMoreInput:
                    preconditionFailure("tokenizeGroup reads on until the group is complete")
                }
                break
            }
            result.lines = lines
            result.malformed = sink.malformed.map {
                var row = $0
                row.rowStart = Int(readFrom) + row.rowStart
                return row
            }
            result.columns = columns.finish(rows: result.rows, derived: &result.derived)
            result.model = model?.finish()
        } catch {
            result.failure = error
            return result
        }
        result.invalidUTF8 = invalidUTF8
        return result
    }

    /// Tokenizes rows from `start` into the sink's table until the table holds a group, `stopAt` is
    /// reached or the input ends, reading more input when a row runs past the buffer.
    ///
    /// - Returns: `.stopped` (a full group, or `stopAt`) or `.finished`.
    func tokenizeGroup<Sink: _CSVRowSink>(
        from start: Int, stopAt: Int, readFrom: Int64, lines: inout Int, fast: inout Bool, sink: inout Sink
    ) throws(CSVError) -> _CSVTokenizer.Outcome {
        var start = start
        while true {
            let isEndOfInput = readFrom + Int64(buffer.count) >= source.size
            var outcome: _CSVTokenizer.Outcome
            if fast {
                switch tokenizer.tokenizeFast(
                    buffer.bytes, from: start, stopAt: stopAt, isEndOfInput: isEndOfInput, lines: &lines, sink: &sink)
                {
                case .done(let done):
                    outcome = done
                case .fallback(let rowStart, let linesAtRowStart):
                    // Quotes the fast path does not take: byte by byte from that row on.
                    fast = false
                    lines = linesAtRowStart
                    outcome = tokenizer.tokenize(
                        buffer.bytes, from: rowStart, stopAt: stopAt, isEndOfInput: isEndOfInput, lines: &lines,
                        sink: &sink)
                }
            } else {
                outcome = tokenizer.tokenize(
                    buffer.bytes, from: start, stopAt: stopAt, isEndOfInput: isEndOfInput, lines: &lines, sink: &sink)
            }
            guard case .needsMoreInput(let rowStart, let linesAtRowStart) = outcome else { return outcome }
            let rowBytes = buffer.count - rowStart
            if rowBytes > layout.maximumRowBytes {
                throw CSVError(
                    .rowTooLong, input: source.name, field: "row",
                    expected: "at most \(layout.maximumRowBytes) bytes (--max-row-mib)",
                    actual: "more than \(rowBytes) bytes", offset: readFrom + Int64(rowStart))
            }
            let more = max(Int64(1 << 20), Int64(rowBytes))
            try fill(from: readFrom, upTo: min(source.size, readFrom + Int64(buffer.count) + more))
            start = rowStart
            lines = linesAtRowStart
        }
    }

    // MARK: - Input

    func fill(from readFrom: Int64, upTo end: Int64) throws(CSVError) {
        try buffer.load(source, from: readFrom, upTo: end)
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
                    if index + 1 < bytes.count {
                        return bytes[index + 1] == _CSVTokenizer.lineFeed ? index + 2 : index + 1
                    }
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
    static func unescaped(_ field: _CSVFieldTable.Field, _ base: UnsafePointer<UInt8>) -> [UInt8] {
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

    /// One column of a block being read: how, what was found, and the profile so far.
    struct ColumnState {
        var mode: _CSVReadMode
        var facts = _PandasColumnFacts()
        var profile: ColumnProfile
        var coin: KLLCompactionCoin
        /// Counters over the rows read so far in `mode`.
        var missing = 0
        var present = 0
        var sawBoolean = false

        init(mode: _CSVReadMode, coin: KLLCompactionCoin) {
            self.mode = mode
            self.coin = coin
            profile = Self.emptyProfile(mode, coin: coin)
        }

        static func emptyProfile(_ mode: _CSVReadMode, coin: KLLCompactionCoin) -> ColumnProfile {
            ColumnProfile(type: mode.valueKind.columnType, coin: coin)
        }

        /// Starts over in a wider mode (the first integer misfit, found in row order, is kept).
        mutating func restart(in next: _CSVReadMode) {
            mode = next
            profile = Self.emptyProfile(next, coin: coin)
            missing = 0
            present = 0
            sawBoolean = false
        }

        /// The block's facts once every row is read.
        func finalFacts(rows: Int) -> _PandasColumnFacts {
            var facts = self.facts
            facts.count = rows
            facts.missing = missing
            switch mode {
            case .integer, .float:
                facts.hasNonFloat = false
                facts.hasNonBoolean = present > 0
            case .boolean:
                facts.hasNonFloat = sawBoolean
                facts.hasNonBoolean = false
            case .object:
                facts.hasNonFloat = true
                facts.hasNonBoolean = true
                facts.isSettledObject = true
            }
            return facts
        }
    }

    /// Rows tokenized and read together, column by column, so that their bytes and fields stay in
    /// the core's cache.
    static let rowGroupSize = 2048

    /// The columns of one block being read, group of rows by group of rows.
    struct ColumnReading {
        let reader: _CSVBlockReader
        let modes: [_CSVReadMode?]
        let forced: Bool
        /// Where the block's first row starts (a buffer offset): a column that widens is read
        /// again from there.
        let blockStart: Int
        var states: [ColumnState]
        var textProfile: DatasetProfile?

        init(reader: _CSVBlockReader, index: Int, modes: [_CSVReadMode?], forced: Bool, blockStart: Int) {
            self.reader = reader
            self.modes = modes
            self.forced = forced
            self.blockStart = blockStart
            let layout = reader.layout
            let coin: KLLCompactionCoin = layout.compactionSeed.map { .seeded($0 &+ UInt64(index)) } ?? .system
            states = modes.enumerated().map { slot, mode in
                ColumnState(mode: layout.isText[slot] ? .object : (mode ?? .object), coin: coin)
            }
            if layout.isText.contains(true) {
                var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
                profile.compactionCoin = coin
                for (name, isText) in zip(layout.names, layout.isText) where isText {
                    profile.declare(textColumn: name)
                }
                textProfile = profile
            }
        }

        /// Reads every column over the rows of `group`, which start at buffer offset `groupStart`.
        mutating func read(group: _CSVFieldTable, startingAt groupStart: Int) {
            for slot in states.indices where modes[slot] != nil {
                if reader.layout.isText[slot] {
                    reader.readText(slot: slot, fields: group.column(slot), state: &states[slot], into: &textProfile!)
                    continue
                }
                while let next = reader.read(fields: group.column(slot), state: &states[slot]) {
                    // A value that does not fit: the column widens, and is read again in the new
                    // mode from the block's first row. (A forced mode is final: the facts say every
                    // value fits; should one not, widening is still right for the values.)
                    assert(!forced, "a value does not fit the column's final type")
                    states[slot].restart(in: next)
                    while !reader.replay(slot: slot, state: &states[slot], from: blockStart, to: groupStart) {}
                }
            }
        }

        /// Each column's facts, how it was logged, and its profile.
        mutating func finish(rows: Int, derived: inout [String: ColumnProfile]) -> [_CSVBlockResult.Column] {
            let layout = reader.layout
            if let textProfile {
                for (name, column) in textProfile.columns where !layout.names.contains(name) { derived[name] = column }
                for slot in states.indices where layout.isText[slot] {
                    var column = textProfile.columns[layout.names[slot]] ?? ColumnProfile(type: .string)
                    column.counts?.nan += Int64(states[slot].missing)
                    states[slot].profile = column
                }
            }
            return states.enumerated().map { slot, state in
                guard modes[slot] != nil else {
                    return .init(facts: _PandasColumnFacts(), kind: .object, profile: ColumnProfile())
                }
                return .init(facts: state.finalFacts(rows: rows), kind: state.mode.valueKind, profile: state.profile)
            }
        }
    }

    /// Reads one column's values in the state's mode and logs them.
    ///
    /// - Returns: `nil`, or the wider mode to read the column in when a value does not fit (nothing
    ///   of these fields is logged then).
    private func read(fields: UnsafeBufferPointer<_CSVFieldTable.Field>, state: inout ColumnState) -> _CSVReadMode? {
        let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
        switch state.mode {
        case .integer:
            let values = ints.buffer(count: fields.count)
            var count = 0
            let next = Self.readIntegers(fields, base, &state, into: values, count: &count)
            if next == nil { state.profile.log(ints: UnsafeBufferPointer(rebasing: values[..<count])) }
            return next
        case .float(let tracksIntegers):
            let values = doubles.buffer(count: fields.count)
            var count = 0
            let missingBefore = state.missing
            let next = Self.readFloats(
                fields, base, &state, tracksIntegers: tracksIntegers, into: values,
                count: &count)
            if next == nil {
                state.profile.log(
                    floats: UnsafeBufferPointer(rebasing: values[..<count]), missingCount: state.missing - missingBefore
                )
            }
            return next
        case .boolean:
            var values = [Bool?]()
            swap(&values, &bools)
            defer { swap(&values, &bools) }
            let missingBefore = state.missing
            let next = Self.readBooleans(fields, base, &state, into: &values)
            if next == nil {
                state.profile.log(bools: values)
                state.profile.counts?.nan += Int64(state.missing - missingBefore)
            }
            return next
        case .object:
            invalidUTF8 += Self.logStrings(fields, base, &state)
            return nil
        }
    }

    /// Reads one column again, in the state's (new) mode, over the rows in `[from, to)`.
    ///
    /// - Returns: `false` when a value there does not fit the mode either: the state has been
    ///   restarted in a wider mode, to replay again.
    private func replay(slot: Int, state: inout ColumnState, from start: Int, to end: Int) -> Bool {
        guard end > start else { return true }
        var sink = _CSVTableSink(
            table: replayTable, slots: layout.slots, maximumRowBytes: layout.maximumRowBytes,
            rowLimit: Self.rowGroupSize)
        var lines = 0
        var fast = true
        var position = start
        while position < end {
            replayTable.rowCount = 0
            // The rows were tokenized before from these bytes, so this cannot fail or read more.
            guard
                let outcome = try? tokenizeGroup(
                    from: position, stopAt: end, readFrom: 0, lines: &lines, fast: &fast, sink: &sink)
            else { return true }
            if let next = read(fields: replayTable.column(slot), state: &state) {
                state.restart(in: next)
                return false
            }
            guard case .stopped(let at) = outcome, at < end else { break }
            position = at
        }
        return true
    }

    /// Reads integers; returns the mode to read the column in instead when a value is missing or
    /// not an `Int64`.
    private static func readIntegers(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ state: inout ColumnState, into values: UnsafeMutableBufferPointer<Int64>, count: inout Int
    ) -> _CSVReadMode? {
        var stored = 0
        defer { count = stored }
        var next: _CSVReadMode?
        let complete = forEachValue(fields, base) { bytes in
            if _PandasValueParsing.isMissing(bytes) {
                // A missing value makes the column float64 (if it stays numeric).
                next = .float(tracksIntegers: true)
                return false
            }
            switch _PandasValueParsing.integer(bytes) {
            case .value(let value):
                values[stored] = value
                stored += 1
                return true
            case .invalid:
                state.facts.firstIntegerMisfit = .invalid
            case .overflow:
                state.facts.firstIntegerMisfit = .overflow
            }
            next = .float(tracksIntegers: false)
            return false
        }
        if !complete { return next }
        state.present += fields.count
        return nil
    }

    /// Reads floats (the non-missing ones into `values`), finding the first value that is not an integer
    /// when `tracksIntegers`; returns the mode to read the column in instead when a value is not a
    /// float.
    private static func readFloats(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ state: inout ColumnState, tracksIntegers: Bool, into values: UnsafeMutableBufferPointer<Double>,
        count: inout Int
    ) -> _CSVReadMode? {
        var stored = 0
        defer { count = stored }
        var missing = 0
        var present = state.present
        var facts = state.facts
        defer { state.facts = facts }
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
                    values[stored] = value
                    stored += 1
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
        state.missing += missing
        state.present = present
        return nil
    }

    /// Reads booleans (missing values are `nil`); returns `.object` when a value is not one.
    private static func readBooleans(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ state: inout ColumnState, into values: inout [Bool?]
    ) -> _CSVReadMode? {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(fields.count)
        var missing = 0
        var sawBoolean = state.sawBoolean
        var facts = state.facts
        defer { state.facts = facts }
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
        state.missing += missing
        state.sawBoolean = sawBoolean
        return nil
    }

    /// Reads strings (missing values are `nil`).
    ///
    /// - Returns: the number of values that were not valid UTF-8 (repaired).
    private static func readStrings(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ state: inout ColumnState, into values: inout [String?]
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
        state.missing += missing
        return invalid
    }

    /// Logs strings as whylogs logs a pandas object column of strings and NaN, straight from their
    /// bytes: the same as ``readStrings(_:_:_:into:)`` then ``ColumnProfile/log(strings:)``, with
    /// NaN counted, without making a `String` per value.
    ///
    /// - Returns: the number of values that were not valid UTF-8 (repaired).
    private static func logStrings(
        _ fields: UnsafeBufferPointer<_CSVFieldTable.Field>, _ base: UnsafePointer<UInt8>,
        _ state: inout ColumnState
    ) -> Int {
        var missing = 0
        var invalid = 0
        var profile = ColumnProfile()
        swap(&profile, &state.profile)
        defer { swap(&profile, &state.profile) }
        _ = forEachValue(fields, base) { bytes in
            if _PandasValueParsing.isMissing(bytes) {
                missing += 1
            } else if !profile.logString(utf8: bytes) {
                invalid += 1
            }
            return true
        }
        profile.countStrings(fields.count, nullCount: missing)
        profile.counts?.nan += Int64(missing)
        state.missing += missing
        return invalid
    }

    /// Reads a text column's rows: strings (missing values are NaN), logged with their text
    /// metadata.
    private func readText(
        slot: Int, fields: UnsafeBufferPointer<_CSVFieldTable.Field>, state: inout ColumnState,
        into profile: inout DatasetProfile
    ) {
        let base = UnsafePointer(buffer.pointer.assumingMemoryBound(to: UInt8.self))
        var values = [String?]()
        swap(&values, &strings)
        defer { swap(&values, &strings) }
        invalidUTF8 += Self.readStrings(fields, base, &state, into: &values)
        profile.log(column: layout.names[slot], strings: values)
    }
}
