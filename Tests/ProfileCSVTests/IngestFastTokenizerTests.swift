import SketchbookTestSupport
import Testing

@testable import ProfileCSV
@testable import Profiles

/// The 64-byte fast path of the tokenizer against the byte-by-byte tokenizer on random CSV text
/// rich in quotes, delimiters, line breaks and blanks: the same rows, fields, lines, malformed
/// rows and outcomes, whether the input comes whole or grows a few bytes at a time.
@Suite
struct IngestFastTokenizerTests {
    /// Everything a sink sees, for comparison.
    struct Recorder: _CSVRowSink {
        let buffer: UnsafeBufferPointer<UInt8>
        var events: [String] = []
        var current: [String] = []
        var stopAfter = Int.max

        mutating func beginRow() { current.removeAll() }
        mutating func field(_ index: Int, start: Int, end: Int, needsUnescaping: Bool) {
            var content: [UInt8] = []
            let raw = UnsafeBufferPointer(rebasing: buffer[start..<end])
            if needsUnescaping { _CSVTokenizer.unescape(raw, into: &content) } else { content = Array(raw) }
            current.append("\(index):\(String(decoding: content, as: UTF8.self).debugDescription)")
        }
        mutating func endRow(fieldCount: Int, line: Int, rowStart: Int, rowEnd: Int, unterminatedQuote: Bool) -> Bool {
            events.append(
                "row \(line) [\(rowStart),\(rowEnd)) n=\(fieldCount) open=\(unterminatedQuote) "
                    + current.joined(separator: " "))
            stopAfter -= 1
            return stopAfter > 0
        }
    }

    /// Tokenizes `bytes`, growing the buffer by `step` bytes when more input is needed.
    static func run(_ bytes: [UInt8], delimiter: UInt8, fast: Bool, step: Int, stopAt: Int, stopAfter: Int) -> [String]
    {
        let tokenizer = _CSVTokenizer(delimiter: delimiter)
        var events: [String] = []
        var start = 0
        var lines = 0
        var available = min(bytes.count, step)
        var useFast = fast
        var rowsLeft = stopAfter
        while true {
            let outcome: _CSVTokenizer.Outcome = Array(bytes[..<available]).withUnsafeBufferPointer { buffer in
                var recorder = Recorder(buffer: buffer, stopAfter: rowsLeft)
                let isEnd = available == bytes.count
                var outcome: _CSVTokenizer.Outcome
                if useFast {
                    switch tokenizer.tokenizeFast(
                        buffer, from: start, stopAt: stopAt, isEndOfInput: isEnd, lines: &lines, sink: &recorder)
                    {
                    case .done(let done): outcome = done
                    case .fallback(let rowStart, let linesAtRow):
                        useFast = false
                        lines = linesAtRow
                        outcome = tokenizer.tokenize(
                            buffer, from: rowStart, stopAt: stopAt, isEndOfInput: isEnd, lines: &lines, sink: &recorder)
                    }
                } else {
                    outcome = tokenizer.tokenize(
                        buffer, from: start, stopAt: stopAt, isEndOfInput: isEnd, lines: &lines, sink: &recorder)
                }
                events += recorder.events
                rowsLeft = recorder.stopAfter
                return outcome
            }
            switch outcome {
            case .stopped(let at):
                events.append("stopped \(at) lines \(lines)")
                return events
            case .finished(let at):
                events.append("finished \(at) lines \(lines)")
                return events
            case .needsMoreInput(let rowStart, let linesAtRow):
                start = rowStart
                lines = linesAtRow
                available = min(bytes.count, available + step)
            }
        }
    }

    static let alphabet: [[UInt8]] = [
        "a", "1", "é", " ", "\t", ",", ";", "\"", "\"", "\n", "\n", "\r", "\r\n", "x\"y", "\"\"",
    ]
    .map { Array($0.utf8) }

    static func randomText(_ random: inout SplitMix64, regularQuotes: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        let length = Int(random.next() % 400)
        if regularQuotes {
            // Rows of fields, some quoted with "" escapes and line breaks inside.
            while bytes.count < length {
                let fields = 1 + Int(random.next() % 5)
                for index in 0..<fields {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    switch random.next() % 4 {
                    case 0: bytes += Array("\"q,\n\"\"z\r\n\"".utf8)
                    case 1: bytes += Array("\"\"".utf8)
                    case 2: break
                    default: bytes += Array(String(repeating: "v", count: Int(random.next() % 90)).utf8)
                    }
                }
                bytes += random.next() % 3 == 0 ? [13, 10] : (random.next() % 5 == 0 ? [10, 10] : [10])
            }
            return bytes
        }
        while bytes.count < length {
            bytes += alphabet[Int(random.next() % UInt64(alphabet.count))]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func fastPathTokenizesAsTheByteByByteTokenizer(regularQuotes: Bool) {
        for seed: UInt64 in 1...5000 {
            var random = SplitMix64(seed: seed &* 7919 &+ (regularQuotes ? 1 : 0))
            let bytes = Self.randomText(&random, regularQuotes: regularQuotes)
            let delimiter = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")][Int(random.next() % 3)]
            let step = [bytes.count + 1, 1, 7, 64, 65][Int(random.next() % 5)]
            let stopAt = random.next() % 3 == 0 ? Int(random.next() % UInt64(max(1, bytes.count))) : Int.max
            let stopAfter = random.next() % 4 == 0 ? 1 + Int(random.next() % 5) : Int.max
            let scalar = Self.run(
                bytes, delimiter: delimiter, fast: false, step: step, stopAt: stopAt, stopAfter: stopAfter)
            let fast = Self.run(
                bytes, delimiter: delimiter, fast: true, step: step, stopAt: stopAt, stopAfter: stopAfter)
            #expect(
                fast == scalar,
                "seed \(seed), regular quotes \(regularQuotes): \(String(decoding: bytes, as: UTF8.self).debugDescription)"
            )
            if fast != scalar { return }
        }
    }
}
