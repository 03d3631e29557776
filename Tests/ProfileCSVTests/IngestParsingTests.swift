import Testing

@testable import ProfileCSV
@testable import Profiles

/// pandas' value rules (`_PandasValueParsing`) and tokenizer rules (`_CSVTokenizer`), case by
/// case; every expected value here is what pandas 2.2's `read_csv` gives.
@Suite
struct IngestParsingTests {
    static func parse<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @Test(arguments: [
        "", "NA", "N/A", "n/a", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "<NA>",
        "NULL", "null", "NaN", "-NaN", "nan", "-nan", "None",
    ])
    func pandasMissingValueStringsAreMissing(_ text: String) {
        #expect(Self.parse(text, _PandasValueParsing.isMissing))
    }

    @Test(arguments: [" NA", "NA ", "na", "Null", "none", "NAN", "1", "-1", "#", "N", "1.#INDX", "0"])
    func otherStringsAreNotMissing(_ text: String) {
        #expect(!Self.parse(text, _PandasValueParsing.isMissing))
    }

    @Test func integersFollowPandas() {
        let cases: [(String, _PandasValueParsing.IntegerParse)] = [
            ("0", .value(0)), ("+5", .value(5)), ("-7", .value(-7)), (" 7 ", .value(7)), ("\t9", .value(9)),
            ("9223372036854775807", .value(.max)), ("-9223372036854775808", .value(.min)),
            ("9223372036854775808", .overflow), ("-9223372036854775809", .overflow),
            ("99999999999999999999abc", .overflow), ("1.0", .invalid), ("1e3", .invalid), ("", .invalid),
            ("-", .invalid), ("0x10", .invalid), ("1 2", .invalid), ("007", .value(7)),
        ]
        for (text, expected) in cases {
            #expect(Self.parse(text, _PandasValueParsing.integer) == expected, "\(text)")
        }
    }

    @Test func floatsFollowPandasHighPrecisionConverter() {
        let cases: [(String, Double?)] = [
            ("1e3", 1000), ("2.5E-3", 0.0025), ("-4e+2", -400), ("1.", 1), (".5", 0.5), ("-.25", -0.25),
            (" 7.5 ", 7.5), ("+1.5", 1.5),
            // Only 17 significant digits count, a leading zero included.
            ("0.30000000000000004", 0.3), ("1.0000000000000002", 1.0000000000000002),
            ("123456789012345678901234", 1.2345678901234569e23),
            ("inf", .infinity), ("-Infinity", -.infinity), ("+INF", .infinity), ("infinity", .infinity),
            ("1e400", nil), ("9e308", nil), ("1e", nil), ("1e+", nil), ("", nil), ("abc", nil), ("0x10", nil),
            ("1.2.3", nil), ("- 1", nil), (" inf", nil), ("1e-400", 0),
            ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("1.7976931348623157e308", 1.7976931348623157e308),
        ]
        for (text, expected) in cases {
            let parsed = Self.parse(text, _PandasValueParsing.float)
            #expect(parsed.value == expected, "\(text): \(String(describing: parsed.value))")
        }
        #expect(Self.parse("-0", _PandasValueParsing.float).value?.sign == .minus)
        #expect(Self.parse("12", _PandasValueParsing.float).isIntegerLiteral)
        #expect(!Self.parse("12.", _PandasValueParsing.float).isIntegerLiteral)
        #expect(!Self.parse("1e2", _PandasValueParsing.float).isIntegerLiteral)
        #expect(!Self.parse("inf", _PandasValueParsing.float).isIntegerLiteral)
    }

    @Test func booleansAreTrueAndFalseInAnyCase() {
        for text in ["true", "True", "TRUE", "tRuE"] { #expect(Self.parse(text, _PandasValueParsing.boolean) == true) }
        for text in ["false", "False", "FALSE", "fALSe"] {
            #expect(Self.parse(text, _PandasValueParsing.boolean) == false)
        }
        for text in ["t", "1", "yes", " true", "truee", "fals", "TRUE "] {
            #expect(Self.parse(text, _PandasValueParsing.boolean) == nil, "\(text)")
        }
    }

    // MARK: - Tokenizer

    /// The rows of `text` (fields unescaped), tokenized in one piece, or byte by byte with
    /// restarts (as a block reader extends its buffer).
    static func rows(
        _ text: String, delimiter: Character = ",", byteByByte: Bool = false
    ) -> (rows: [[String]], lines: Int, unterminated: [Int]) {
        let bytes = Array(text.utf8)
        let tokenizer = _CSVTokenizer(delimiter: delimiter.asciiValue!)
        var rows: [[String]] = []
        var unterminated: [Int] = []
        var lines = 0
        var start = 0
        var available = byteByByte ? min(1, bytes.count) : bytes.count
        while true {
            let outcome = Array(bytes[..<available]).withUnsafeBufferPointer { buffer -> _CSVTokenizer.Outcome in
                var collector = _CSVRowCollector(buffer: buffer)
                let outcome = tokenizer.tokenize(
                    buffer, from: start, stopAt: .max, isEndOfInput: available == bytes.count, lines: &lines,
                    sink: &collector)
                if collector.done {
                    rows.append(collector.fields.map { String(decoding: $0, as: UTF8.self) })
                    if collector.unterminatedQuote { unterminated.append(collector.line) }
                }
                return outcome
            }
            switch outcome {
            case .stopped(let at):
                start = at
            case .finished:
                return (rows, lines, unterminated)
            case .needsMoreInput(let rowStart, let linesAtRow):
                start = rowStart
                lines = linesAtRow
                available += 1
            }
        }
    }

    @Test(arguments: [false, true])
    func rowsAndFieldsSplitAsPandasSplitsThem(byteByByte: Bool) {
        let cases: [(String, [[String]])] = [
            ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
            ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
            ("a,b\r1,2\r", [["a", "b"], ["1", "2"]]),
            ("a,b\n1,2", [["a", "b"], ["1", "2"]]),
            ("a,b\n\n\n1,2\n", [["a", "b"], ["1", "2"]]),
            ("a,b\n \t \n1,2\n", [["a", "b"], ["1", "2"]]),
            ("a,b\n  1,2\n", [["a", "b"], ["  1", "2"]]),
            ("a,b\n1,\n", [["a", "b"], ["1", ""]]),
            ("a,b\n1,", [["a", "b"], ["1", ""]]),
            ("\"a,b\",\"c\"\"d\"\n", [["a,b", "c\"d"]]),
            ("\"two\nlines\",x\n", [["two\nlines", "x"]]),
            ("\"x\"y,1\n", [["xy", "1"]]),
            ("\"x\" ,1\n", [["x ", "1"]]),
            ("ab\"c,2\n", [["ab\"c", "2"]]),
            ("\"\",1\n", [["", "1"]]),
            ("\"a\"\"\",1\n", [["a\"", "1"]]),
            ("x\"\"y\"z,1\n", [["x\"\"y\"z", "1"]]),
        ]
        for (text, expected) in cases {
            #expect(Self.rows(text, byteByByte: byteByByte).rows == expected, "\(text.debugDescription)")
        }
    }

    @Test func tabsAndSpacesAreDataWhenTheyAreTheDelimiter() {
        #expect(Self.rows("a\tb\n\t\n1\t2\n", delimiter: "\t").rows == [["a", "b"], ["", ""], ["1", "2"]])
    }

    @Test(arguments: [false, true])
    func lineBreaksAreCountedEverywhere(byteByByte: Bool) {
        let text = "a,b\r\n\"1\r\n2\",x\n\n\"3\r4\",y\r5,z"
        let result = Self.rows(text, byteByByte: byteByByte)
        #expect(result.rows == [["a", "b"], ["1\r\n2", "x"], ["3\r4", "y"], ["5", "z"]])
        #expect(result.lines == 6)
    }

    @Test func anUnclosedQuoteEndsTheInputOnItsRow() {
        let result = Self.rows("a,b\n1,2\n3,\"open\n4,5\n")
        #expect(result.rows.count == 3)
        #expect(result.unterminated == [2])
    }

    @Test func headerNamesArePandasNames() {
        #expect(_CSVPreamble.pandasNames(["a", "a", "", "b", "a.1"]) == ["a", "a.2", "Unnamed: 2", "b", "a.1"])
        #expect(_CSVPreamble.pandasNames(["x", "x", "x"]) == ["x", "x.1", "x.2"])
        #expect(_CSVPreamble.pandasNames(["", ""]) == ["Unnamed: 0", "Unnamed: 1"])
    }

    @Test func theDelimiterIsDetected() {
        func detect(_ text: String) -> Character {
            Character(UnicodeScalar(_CSVPreamble.detectDelimiter(in: Array(text.utf8), from: 0, isWhole: true)))
        }
        #expect(detect("a,b,c\n1,2,3\n") == ",")
        #expect(detect("\"a\";\"b, c\"\n1,5;2\n") == ";")
        #expect(detect("a\tb\n1\t2\n") == "\t")
        #expect(detect("a|b|c\n1|2|3\n") == "|")
        #expect(detect("single\n1\n2\n") == ",")
        // `;` splits every row in two; `,` only the first two.
        #expect(detect("a;b,c\n1;2,3\n4;5\n") == ";")
    }
}
