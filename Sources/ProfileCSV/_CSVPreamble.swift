import Profiles

/// The start of a CSV input: byte-order mark, delimiter, header, and where the data rows begin.
struct _CSVPreamble: Sendable {
    var delimiter: UInt8
    /// Column names in file order (pandas' names: `Unnamed: i` for empty ones, `.1`, `.2`…
    /// suffixes for repeats; `0`, `1`, … without a header).
    var names: [String]
    /// Where the first data row may start.
    var dataStart: Int64
    /// Line breaks before `dataStart`.
    var linesBefore: Int

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Reads the preamble.
    ///
    /// - Throws: ``CSVError``: `emptyInput` when there is no row, `rowTooLong`, `ioFailure`.
    init(source: _CSVByteSource, options: CSVOptions) throws(CSVError) {
        var sample = try source.bytes(count: 1 << 20, at: 0)
        var got = sample.count
        var start = 0
        if sample.starts(with: Self.byteOrderMark) { start = 3 }
        delimiter =
            options.delimiter ?? Self.detectDelimiter(in: sample, from: start, isWhole: Int64(got) >= source.size)
        let tokenizer = _CSVTokenizer(delimiter: delimiter)
        // The first row: the header, or the first data row that sets the column count.
        var collected: _CSVRowCollector
        var lines = 0
        var afterRow = 0
        while true {
            let isWhole = Int64(got) >= source.size
            lines = 0
            (collected, afterRow) = sample.withUnsafeBufferPointer { bytes in
                var collector = _CSVRowCollector(buffer: bytes)
                let outcome = tokenizer.tokenize(
                    bytes, from: start, stopAt: .max, isEndOfInput: isWhole, lines: &lines, sink: &collector)
                switch outcome {
                case .stopped(let at), .finished(let at): return (collector, at)
                case .needsMoreInput: return (collector, -1)
                }
            }
            if afterRow >= 0 { break }
            guard sample.count - start <= options.maximumRowBytes else {
                throw CSVError(
                    .rowTooLong, input: source.name, field: options.hasHeader ? "header row" : "first row",
                    expected: "at most \(options.maximumRowBytes) bytes",
                    actual: "more than \(sample.count - start) bytes",
                    line: 1, offset: Int64(start))
            }
            sample += try source.bytes(count: max(sample.count, 1 << 20), at: Int64(sample.count))
            got = sample.count
        }
        guard collected.done else {
            throw CSVError(
                .emptyInput, input: source.name, field: options.hasHeader ? "header row" : "first row",
                expected: "a row with at least one field", actual: "no rows")
        }
        if collected.unterminatedQuote {
            throw CSVError(
                .malformedRow, input: source.name, field: options.hasHeader ? "header row" : "first row",
                expected: "closed quotes", actual: "a quoted field that is never closed", line: collected.line + 1,
                offset: Int64(collected.rowStart))
        }
        if collected.rowEnd - collected.rowStart > options.maximumRowBytes {
            throw CSVError(
                .rowTooLong, input: source.name, field: options.hasHeader ? "header row" : "first row",
                expected: "at most \(options.maximumRowBytes) bytes",
                actual: "\(collected.rowEnd - collected.rowStart) bytes", line: collected.line + 1,
                offset: Int64(collected.rowStart))
        }
        // Every column costs its sketches on every thread: refuse a row wider than the limit
        // here, before any column is set up.
        if collected.fields.count > options.maximumColumns {
            throw CSVError(
                .tooManyColumns, input: source.name, field: options.hasHeader ? "header row" : "first row",
                expected: "at most \(options.maximumColumns) columns", actual: "\(collected.fields.count) columns",
                line: collected.line + 1, offset: Int64(collected.rowStart))
        }
        if options.hasHeader {
            names = Self.pandasNames(collected.fields.map { String(decoding: $0, as: UTF8.self) })
            dataStart = Int64(afterRow)
            linesBefore = lines
        } else {
            names = (0..<collected.fields.count).map(String.init)
            dataStart = Int64(start)
            linesBefore = 0
        }
    }

    /// pandas' column names for header fields: an empty name is `Unnamed: <index>`; a repeated
    /// name gets the first free suffix `.1`, `.2`, … (a suffix is not free when another header
    /// field already has that name). Named columns are numbered before unnamed ones.
    ///
    /// - Complexity: O(n) expected, in the number of fields (a multiset of the current names
    ///   answers "does another field have this name"; a search of the array made it O(n²)).
    static func pandasNames(_ fields: [String]) -> [String] {
        var names = fields.enumerated().map { index, field in field.isEmpty ? "Unnamed: \(index)" : field }
        let unnamed = fields.indices.filter { fields[$0].isEmpty }
        let order = fields.indices.filter { !fields[$0].isEmpty } + unnamed
        // How many fields have each name right now, kept up to date as fields are renamed.
        var current: [String: Int] = [:]
        for name in names { current[name, default: 0] += 1 }
        var counts: [String: Int] = [:]
        for index in order {
            let original = names[index]
            var name = original
            var count = counts[name] ?? 0
            while count > 0 {
                counts[original] = count + 1
                name = "\(original).\(count)"
                if current[name, default: 0] > 0 {
                    count += 1
                } else {
                    count = counts[name] ?? 0
                }
            }
            if name != original {
                current[original, default: 1] -= 1
                current[name, default: 0] += 1
            }
            names[index] = name
            counts[name] = count + 1
        }
        return names
    }

    /// The candidate delimiter that splits the sample's rows most consistently into more than one
    /// field: the largest share of rows with the first row's field count, then the fewest quoted
    /// fields with text after the closing quote, then the most fields; `,` when no candidate
    /// splits the first row.
    static func detectDelimiter(in sample: [UInt8], from start: Int, isWhole: Bool) -> UInt8 {
        var best: (delimiter: UInt8, share: Double, oddlyQuoted: Int, fields: Int)?
        sample.withUnsafeBufferPointer { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[..<min(whole.count, start + (64 << 10))])
            for candidate in CSVOptions.detectableDelimiters {
                var counter = _CSVFieldCounter(buffer: bytes, maximumRows: 50)
                var lines = 0
                _ = _CSVTokenizer(delimiter: candidate).tokenize(
                    bytes, from: start, stopAt: .max, isEndOfInput: isWhole && bytes.count == whole.count,
                    lines: &lines, sink: &counter)
                guard let first = counter.counts.first, first > 1 else { continue }
                let share = Double(counter.counts.filter { $0 == first }.count) / Double(counter.counts.count)
                if let current = best,
                    (current.share, -current.oddlyQuoted, current.fields) >= (share, -counter.oddlyQuotedFields, first)
                {
                    continue
                }
                best = (candidate, share, counter.oddlyQuotedFields, first)
            }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }
}
