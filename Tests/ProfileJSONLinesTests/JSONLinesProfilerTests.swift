import Foundation
import ProfileJSONLines
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// `JSONLinesProfiler` on small inputs: flattening, number reading, repeated keys, malformed lines
/// and budgets (docs/formats/jsonl.md).
@Suite
struct JSONLinesProfilerTests {
    static func profile(
        _ text: String, _ options: JSONLinesOptions = JSONLinesOptions()
    ) throws -> JSONLinesProfileResult {
        try JSONLinesProfiler(options: options).profile(bytes: Array(text.utf8))
    }

    @Test func nestedObjectsAreDottedAndArraysAreTheirLengthAndPooledElements() throws {
        let result = try Self.profile(
            #"{"a": {"b": {"c": 1}}, "t": [1, 2.5], "o": [{"x": "p"}, {"x": "q", "y": [[]]}], "e": {}}"# + "\n")
        let columns = result.profile.columns
        #expect(Set(columns.keys) == ["a.b.c", "t", "t[]", "o", "o[].x", "o[].y", "o[].y[]"])
        #expect(columns["t"]?.ints?.max == 2)
        #expect(columns["t[]"]?.counts?.n == 2)
        #expect(columns["t[]"]?.types?.integral == 1)
        #expect(columns["t[]"]?.types?.fractional == 1)
        #expect(columns["o[].x"]?.types?.string == 2)
        #expect(columns["o[].y"]?.ints?.max == 1)
        #expect(columns["o[].y[]"]?.ints?.max == 0)
    }

    @Test func theFirstValueDecidesTheMetricSetAndAbsentKeysAreNotNulls() throws {
        let result = try Self.profile(
            """
            {"n": null, "i": 1, "f": 1.5, "s": "x"}
            {"n": 2, "i": "two", "f": 2}
            {"i": 3.5}
            """)
        let columns = result.profile.columns
        #expect(columns["n"]?.metricNamespaces == ["counts", "types"])
        #expect(columns["n"]?.counts?.null == 1)
        #expect(columns["i"]?.columnType == .integral)
        #expect(columns["i"]?.counts?.n == 3)
        #expect(columns["i"]?.types?.string == 1)
        #expect(columns["i"]?.types?.fractional == 1)
        #expect(columns["f"]?.columnType == .fractional)
        #expect(columns["f"]?.frequentItems == nil)
        #expect(columns["f"]?.types?.integral == 1)
        #expect(columns["s"]?.counts?.n == 1)
        #expect(columns["s"]?.counts?.null == 0)
    }

    /// Numbers as Python's `json` reads them: ints without fraction or exponent, doubles
    /// otherwise (correctly rounded), beyond Int64 the nearest double.
    @Test(arguments: [
        ("-0", FeatureValue.int(0)), ("-0.0", .double(-0.0)), ("1e400", .double(.infinity)),
        ("-1e400", .double(-.infinity)), ("1e-400", .double(0)), ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)), ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("0.1", .double(0.1)), ("0.30000000000000004", .double(0.30000000000000004)), ("1E2", .double(100)),
        ("17.000000000000001", .double(17)), ("123456789.123456789", .double(123_456_789.123456789)),
        ("2.2250738585072014e-308", .double(2.2250738585072014e-308)), ("Infinity", .double(.infinity)),
        ("-Infinity", .double(-.infinity)), ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("4.9e-324", .double(.leastNonzeroMagnitude)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
    ])
    func numbersAreReadAsPythonReadsThem(_ text: String, _ expected: FeatureValue) throws {
        var reference = ColumnProfile(type: ColumnType(firstValue: expected))
        reference.log(expected)
        let column = try #require(try Self.profile("{\"x\": \(text)}").profile.columns["x"])
        #expect(column.columnType == reference.columnType, "\(text)")
        #expect(column.types?.integral == reference.types?.integral, "\(text)")
        #expect(column.counts?.inf == reference.counts?.inf, "\(text)")
        if case .double(let value) = expected, value.isFinite {
            #expect(column.distribution?.kll.minItem == value, "\(text)")
            #expect(column.distribution?.kll.minItem?.sign == value.sign, "\(text): sign")
        }
        if case .int(let value) = expected { #expect(column.ints?.min == value, "\(text)") }
    }

    @Test func aRepeatedKeyLogsItsLastValue() throws {
        let result = try Self.profile(#"{"a": 1, "b": {"c": 1, "c": [1, 2, 3]}, "a": "x", "\u0061": true}"#)
        let columns = result.profile.columns
        #expect(columns["a"]?.counts?.n == 1)
        #expect(columns["a"]?.types?.boolean == 1)
        #expect(columns["b.c"]?.ints?.max == 3)
        #expect(columns["b.c[]"]?.counts?.n == 3)
    }

    @Test(arguments: [
        #"{"a":{"b":1,"b":2},"a":3,"c":1,"c":2}"#,
        #"{"arr":[{"k":1,"k":2}],"arr":[{"k":9}],"z":0,"c":1,"c":2}"#,
    ])
    func repeatedKeysInsideASupersededValueDoNotStopLaterOnesBeingSkipped(_ line: String) throws {
        // Found in review: the superseded keys nested in a skipped value were never passed, so
        // every later repeated key in the line was logged twice.
        let result = try Self.profile(line)
        #expect(result.profile.columns["c"]?.counts?.n == 1, "\(line)")
        #expect(result.profile.columns["c"]?.ints?.max == 2, "\(line)")
    }

    @Test func membersOfAnObjectUnderAnEmptyKeyDoNotCollideWithTopLevelNames() throws {
        // Found in review: {"": {"x": 1}, "x": 2} logged both values under "x".
        let result = try Self.profile(#"{"": {"x": 1}, "x": 2}"#)
        #expect(result.profile.columns[".x"]?.ints?.max == 1)
        #expect(result.profile.columns["x"]?.counts?.n == 1)
        #expect(result.profile.columns["x"]?.ints?.max == 2)
    }

    @Test func aLongNameOverManyValuesIsLookedUpOncePerName() throws {
        // Found in review: every element re-hashed its whole name, so a 300 kB line of one
        // 100,000-byte key over 100,000 elements took about a minute (debug).
        let line =
            "{\"" + String(repeating: "k", count: 100_000) + "\":["
            + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]}"
        let clock = ContinuousClock()
        let started = clock.now
        let result = try Self.profile(line)
        let elapsed = clock.now - started
        #expect(result.profile.columns[String(repeating: "k", count: 100_000) + "[]"]?.counts?.n == 100_000)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let result = try Self.profile(#"{"s": "\u00e9\ud83d\ude00\n\"\\\/", "k\u00e9y": 1}"#)
        let column = try #require(result.profile.columns["s"])
        #expect(column.frequentItems?.sketch.estimate(of: "é😀\n\"\\/") == 1)
        #expect(result.profile.columns["kéy"] != nil)
    }

    /// Each kind of malformed line, with its line and byte column; good lines around them count.
    @Test func malformedLinesAreReportedWithTheirLineNumbers() throws {
        let lines: [(String, JSONLinesMalformedLine.Kind?, Int)] = [
            (#"{"a": 1}"#, nil, 0),
            (#"{"a": 1"#, .syntax, 8),
            (#"[1]"#, .notAnObject, 1),
            (#"{"a": 1} x"#, .trailingCharacters, 10),
            (#"{"a": "\ud800"}"#, .invalidString, 8),
            (#"{"a": "\q"}"#, .invalidString, 8),
            ("{\"a\": \"\t\"}", .invalidString, 8),
            (#"{"a": 01}"#, .syntax, 8),
            (#"{"a": +1}"#, .syntax, 7),
            (#"{"a": tru}"#, .syntax, 10),
            (#"{a: 1}"#, .syntax, 2),
            (#"{"a": 1,}"#, .syntax, 9),
            (#"{"a": [1 2]}"#, .syntax, 10),
            (String(repeating: "[", count: 3), .syntax, 1),
            ("", nil, 0),
            (#"{"a": 2}"#, nil, 0),
        ]
        let text = lines.map(\.0).joined(separator: "\n")
        let result = try Self.profile(text)
        let expected = lines.enumerated().compactMap { index, line in line.1.map { (index + 1, $0, line.2) } }
        #expect(result.rowCount == 2)
        #expect(result.malformedLineCount == expected.count)
        for (report, want) in zip(result.malformedLines, expected) {
            #expect(report.line == want.0, "\(report)")
            #expect(report.kind == want.1, "\(report)")
            #expect(report.column == want.2, "\(report)")
        }
        #expect(result.lineCount == lines.count)
    }

    @Test func invalidUTF8AndDeepNestingAreMalformed() throws {
        var bytes = Array(#"{"a": "x"#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
        bytes += Array(
            (#"{"a": "# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}\n").utf8)
        bytes += Array(#"{"a": "\#u{00e9}"}"#.utf8)
        let result = try JSONLinesProfiler().profile(bytes: bytes)
        #expect(result.malformedLines.map(\.kind) == [.invalidUTF8, .tooDeep])
        #expect(result.rowCount == 1)
    }

    @Test func strictStopsAtTheFirstMalformedLine() throws {
        let error = #expect(throws: JSONLinesError.self) {
            _ = try Self.profile("{\"a\": 1}\n\n{\"a\": }\n{\"a\": 2\n", JSONLinesOptions(isStrict: true))
        }
        #expect(error?.code == .malformedLine)
        #expect(error?.line == 3)
        #expect(error?.offset == 16)
    }

    /// A line over the limit is skipped without being kept, whether it fits in a block or not.
    @Test(arguments: [4096, 1 << 20])
    func aTooLongLineIsMalformedAndSkipped(_ blockSize: Int) throws {
        let long = "{\"a\": \"" + String(repeating: "x", count: 20_000) + "\"}"
        let text = "{\"a\": \"short\"}\n\(long)\n{\"a\": \"after\"}\n"
        let result = try Self.profile(text, JSONLinesOptions(maximumLineBytes: 10_000, blockSize: blockSize))
        #expect(result.rowCount == 2)
        #expect(result.malformedLines.map(\.kind) == [.tooLong])
        #expect(result.malformedLines.first?.line == 2)
        #expect(result.profile.columns["a"]?.counts?.n == 2)
    }

    @Test func moreColumnsThanTheLimitIsAnErrorNamingTheLine() throws {
        let text = (0..<30).map { "{\"c\($0 % 12)\": 1, \"d\": \($0)}" }.joined(separator: "\n")
        for threads in [1, 3] {
            let error = #expect(throws: JSONLinesError.self) {
                _ = try Self.profile(text, JSONLinesOptions(maximumColumns: 10, blockSize: 4096, threadCount: threads))
            }
            #expect(error?.code == .tooManyColumns)
            #expect(error?.line == 10)
            #expect(error?.description.contains("--max-columns") == true)
        }
        #expect(try Self.profile(text, JSONLinesOptions(maximumColumns: 13)).profile.columns.count == 13)
    }

    @Test func selectedAndTextColumns() throws {
        let text = """
            {"a": 1, "b": {"c": "Hello world."}, "z": 2}
            {"a": 2, "b": {"c": 5}}
            """
        let result = try Self.profile(text, JSONLinesOptions(columns: ["a"], textColumns: ["b.c"]))
        let names = Set(result.profile.columns.keys)
        #expect(names.contains("a") && names.contains("b.c") && !names.contains("z"))
        #expect(names.contains("b.c.word_count"))
        #expect(result.profile.columns["b.c.word_count"]?.ints?.max == 2)
        #expect(result.profile.columns["b.c"]?.columnType == .string)
    }

    /// Every prefix of a valid input profiles without a crash: the complete lines are rows, and at
    /// most the cut last line is malformed.
    @Test func everyTruncationOfAValidInputIsHandled() throws {
        let text = Array(
            """
            {"a": 1, "s": "caf\u{e9} \\u00e9 \\ud83d\\ude00", "n": {"x": [1, 2.5e3, true, null]}}
            {"a": -2.5, "s": "x", "n": {"x": []}, "t": [{"k": "v"}]}
            {"a": NaN, "b": -Infinity, "c": 123456789012345678901}

            """.utf8)
        let options = JSONLinesOptions(blockSize: 4096, threadCount: 1)
        for length in 0...text.count {
            let prefix = Array(text[..<length])
            let result = try JSONLinesProfiler(options: options).profile(bytes: prefix)
            let completeLines = prefix.filter { $0 == UInt8(ascii: "\n") }.count
            #expect(result.rowCount >= Int64(completeLines), "cut at \(length)")
            #expect(result.rowCount <= Int64(completeLines) + 1, "cut at \(length)")
            #expect(result.malformedLineCount <= 1, "cut at \(length)")
        }
    }

    @Test func seededRandomBytesNeverCrash() throws {
        let seed: UInt64 = 0x4A53_4F4E
        var random = SplitMix64(seed: seed)
        let alphabet = Array(#"{}[]":,.-+0123456789eEtrufalsnNIy\ ab"#.utf8) + [0x0A, 0xC3, 0xA9, 0xFF]
        for round in 0..<300 {
            let count = Int(random.next() % 200)
            let bytes = (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let result = try JSONLinesProfiler(options: JSONLinesOptions(threadCount: 1)).profile(bytes: bytes)
            #expect(result.lineCount >= 0, "seed \(seed), round \(round)")
        }
    }
}
