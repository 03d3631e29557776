import Foundation
import ProfileCSV
import Profiles
import SketchbookTestSupport
import Testing

/// `CSVProfiler` behaviour: the same profile whatever the blocks and threads (seams inside quoted
/// fields, columns whose type changes in a late block), malformed rows reported with their line,
/// and typed errors for what cannot be profiled.
@Suite
struct IngestCSVProfilerTests {
    static func profile(_ text: String, _ options: CSVOptions = CSVOptions()) throws(CSVError) -> CSVProfileResult {
        try CSVProfiler(options: options).profile(bytes: Array(text.utf8), name: "test.csv")
    }

    /// Exact statistics of two profiles agree: counts, types, min/max, n; mean and stddev to 1e-12
    /// relative; frequent items equal; cardinality within 2%.
    static func expectSameStatistics(_ a: DatasetProfile, _ b: DatasetProfile, _ place: String) {
        let left = Dictionary(uniqueKeysWithValues: a.summary().map { ($0.column, $0) })
        let right = Dictionary(uniqueKeysWithValues: b.summary().map { ($0.column, $0) })
        #expect(left.keys.sorted() == right.keys.sorted(), "\(place): columns")
        for (column, summary) in left {
            guard let other = right[column] else { continue }
            #expect(summary.keys == other.keys, "\(place) \(column): keys")
            for field in summary.fields {
                guard let value = other[field.key] else { continue }
                let key = field.key
                if key.hasPrefix("distribution/q_") || key == "distribution/median" || key.hasPrefix("cardinality/") {
                    if case .double(let x) = field.value, case .double(let y) = value {
                        #expect(
                            abs(x - y) <= 0.02 * max(abs(x), abs(y)) || key.hasPrefix("distribution"),
                            "\(place) \(column) \(key): \(x) vs \(y)")
                    }
                    continue
                }
                if key == "distribution/mean" || key == "distribution/stddev",
                    case .double(let x) = field.value, case .double(let y) = value
                {
                    #expect(
                        x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y)) || (x.isNaN && y.isNaN),
                        "\(place) \(column) \(key): \(x) vs \(y)")
                    continue
                }
                if case .frequentItems(let x) = field.value, case .frequentItems(let y) = value {
                    #expect(Set(x) == Set(y), "\(place) \(column) \(key)")
                    continue
                }
                if case .double(let x) = field.value, case .double(let y) = value, x.isNaN, y.isNaN { continue }
                #expect(field.value == value, "\(place) \(column) \(key): \(field.value) vs \(value)")
            }
        }
    }

    /// A CSV whose third column is quoted text with commas, `""` and line breaks on every row, so
    /// that small blocks start inside quoted fields.
    static func quotedLinesCSV(rows: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        var text = "id,value,note,flag\n"
        for row in 0..<rows {
            let lines = Int(random.next() % 4)
            var note = "row \(row)"
            for line in 0..<lines { note += ",\n\"quoted\" line \(line)\(random.next() % 2 == 0 ? "\r\n" : "")" }
            let value = Double(random.next() % 100_000) / 100
            text += "\(row),\(value),\"\(note.replacingOccurrences(of: "\"", with: "\"\""))\",\(row % 3 == 0)\n"
        }
        return text
    }

    @Test(arguments: [(4, 1), (4, 2), (8, 2), (64, 2)])
    func smallBlocksGiveTheSameProfileAsOneBlock(blockKiB: Int, threads: Int) throws {
        let seed: UInt64 = 20_261_201
        let text = Self.quotedLinesCSV(rows: 3000, seed: seed)
        let whole = try Self.profile(text, CSVOptions(compactionSeed: 1))
        let blocks = try Self.profile(
            text, CSVOptions(blockSize: blockKiB << 10, threadCount: threads, compactionSeed: 1))
        #expect(whole.rowCount == 3000, "seed \(seed)")
        #expect(blocks.rowCount == 3000, "seed \(seed), \(blockKiB) KiB, \(threads) threads")
        #expect(blocks.malformedRowCount == 0)
        #expect(blocks.columns.map(\.type) == [.int64, .float64, .object, .bool])
        Self.expectSameStatistics(whole.profile, blocks.profile, "seed \(seed), \(blockKiB) KiB, \(threads) threads")
    }

    /// Columns whose type is only settled by the last rows: the early blocks are read again with
    /// the final type.
    @Test(arguments: [1, 2])
    func aTypeSettledInTheLastBlockIsAppliedToEveryBlock(threads: Int) throws {
        var text = "late_string,late_missing,late_float,late_bool_missing,all_missing_then_number,int\n"
        for row in 0..<20_000 {
            text += "\(row),\(row % 7),\(row % 11),\(row % 2 == 0 ? "True" : "false"),,\(row)\n"
        }
        text += "x,,2.5,,3,7\n"
        let whole = try Self.profile(text, CSVOptions(compactionSeed: 3))
        let blocks = try Self.profile(text, CSVOptions(blockSize: 4096, threadCount: threads, compactionSeed: 3))
        let expectedTypes: [CSVColumnType] = [.object, .float64, .float64, .object, .float64, .int64]
        #expect(whole.columns.map(\.type) == expectedTypes)
        #expect(blocks.columns.map(\.type) == expectedTypes)
        Self.expectSameStatistics(whole.profile, blocks.profile, "\(threads) threads")
        let summary = Dictionary(uniqueKeysWithValues: blocks.profile.summary().map { ($0.column, $0) })
        #expect(summary["late_string"]?["types/string"] == .int(20_001))
        #expect(summary["late_missing"]?["counts/null"] == .int(1))
        #expect(summary["late_missing"]?["types/fractional"] == .int(20_000))
        #expect(summary["late_bool_missing"]?["types/boolean"] == .int(20_000))
        #expect(summary["late_bool_missing"]?["counts/nan"] == .int(1))
        #expect(summary["late_bool_missing"]?["ints/max"] == nil)
        #expect(summary["all_missing_then_number"]?["counts/null"] == .int(20_000))
    }

    /// Columns that widen after the first group of rows of a block are read again from the block's
    /// first row: every value is logged once, in the final type.
    @Test func aColumnThatWidensInsideABlockIsReadAgainFromItsStart() throws {
        var text = "a,b,c,d\n"
        var expectedSum = 0.0
        for row in 0..<10_000 {
            let a = row == 7_000 ? "1.5" : "\(row)"
            expectedSum += row == 7_000 ? 1.5 : Double(row)
            let b = row == 5_000 ? "x" : (row % 2 == 0 ? "true" : "False")
            let c = row == 9_000 ? "" : "\(row % 13)"
            let d = row == 2_500 ? "-9223372036854775809" : "\(row)"
            text += "\(a),\(b),\(c),\(d)\n"
        }
        let result = try Self.profile(text, CSVOptions(compactionSeed: 5))
        #expect(result.columns.map(\.type) == [.float64, .object, .float64, .object])
        let summary = Dictionary(uniqueKeysWithValues: result.profile.summary().map { ($0.column, $0) })
        #expect(summary["a"]?["counts/n"] == .int(10_000))
        #expect(summary["a"]?["types/fractional"] == .int(10_000))
        if case .double(let mean)? = summary["a"]?["distribution/mean"] {
            #expect(abs(mean - expectedSum / 10_000) <= 1e-12 * abs(mean))
        } else {
            Issue.record("a: no mean")
        }
        #expect(summary["b"]?["types/string"] == .int(10_000))
        #expect(summary["b"]?["types/boolean"] == .int(0))
        #expect(summary["c"]?["counts/null"] == .int(1))
        #expect(summary["c"]?["types/fractional"] == .int(9_999))
        // An integer overflow first: pandas reads the column as strings.
        #expect(summary["d"]?["types/string"] == .int(10_000))
    }

    @Test func malformedRowsAreReportedWithTheirLineAcrossBlocks() throws {
        var text = "a,b,c\n"
        var line = 2
        var expected: [(Int, CSVMalformedRow.Kind)] = []
        for row in 0..<2000 {
            if row % 97 == 5 {
                text += "1,2\n"
                expected.append((line, .tooFewFields))
                line += 1
            } else if row % 89 == 7 {
                text += "1,2,3,4\n"
                expected.append((line, .tooManyFields))
                line += 1
            } else if row % 13 == 0 {
                text += "\(row),\"two\nlines\",x\n"
                line += 2
            } else {
                text += "\(row),\(row),y\n\n"
                line += 2
            }
        }
        for threads in [1, 2] {
            let result = try Self.profile(text, CSVOptions(blockSize: 4096, threadCount: threads))
            #expect(result.malformedRowCount == expected.count)
            let reported = result.malformedRows.map { ($0.line, $0.kind) }
            #expect(reported.map(\.0) == expected.prefix(100).map(\.0), "\(threads) threads")
            #expect(reported.map(\.1) == expected.prefix(100).map(\.1), "\(threads) threads")
            let tooMany = expected.filter { $0.1 == .tooManyFields }.count
            #expect(result.rowCount == Int64(2000 - tooMany))
        }
    }

    @Test func strictModeStopsAtTheFirstMalformedRow() throws {
        let text = "a,b\n1,2\n\"x\ny\",3\n4,5,6\n7,8\n"
        #expect(throws: CSVError.self) { try Self.profile(text, CSVOptions(isStrict: true)) }
        do {
            _ = try Self.profile(text, CSVOptions(isStrict: true))
        } catch {
            #expect(error.code == .malformedRow)
            #expect(error.line == 5)
            #expect(error.description == "test.csv:5 (byte 16): row: expected 2 fields (--strict), got 3 fields")
        }
        let lenient = try Self.profile(text)
        #expect(lenient.malformedRows.map(\.line) == [5])
        #expect(lenient.malformedRows.first?.description == "line 5: expected 2 fields, got 3; row left out")
    }

    @Test func anUnclosedQuoteIsReportedOnItsRow() throws {
        let result = try Self.profile("a,b\n1,2\n3,\"open\n4,5\n")
        #expect(result.rowCount == 1)
        #expect(result.malformedRows.map(\.kind) == [.unterminatedQuote])
        #expect(result.malformedRows.map(\.line) == [3])
    }

    @Test func errorsNameWhatIsWrong() throws {
        func code(_ text: String, _ options: CSVOptions = CSVOptions()) -> CSVError.Code? {
            do {
                _ = try Self.profile(text, options)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("") == .emptyInput)
        #expect(code("\n\n  \n") == .emptyInput)
        #expect(code("a,b\n1,2\n", CSVOptions(columns: ["a", "z"])) == .unknownColumn)
        #expect(code("a,b\n1,2\n", CSVOptions(textColumns: ["z"])) == .unknownColumn)
        #expect(code("a,b\n1,2\n", CSVOptions(delimiter: UInt8(ascii: "\""))) == .invalidOption)
        #expect(
            code("a,b\n1,\(String(repeating: "x", count: 5000))\n", CSVOptions(maximumRowBytes: 1000)) == .rowTooLong)
        #expect(
            code(
                "a,b\n1,\"\(String(repeating: "x\n", count: 3000))\"\n",
                CSVOptions(maximumRowBytes: 1000, blockSize: 4096))
                == .rowTooLong)
        #expect(code("\"a,b\n1,2\n") == .malformedRow)
        #expect(throws: CSVError.self) { try CSVProfiler().profile(fileAt: "/nonexistent/file.csv") }
        do {
            _ = try CSVProfiler().profile(fileAt: "/nonexistent/file.csv")
        } catch {
            #expect(error.code == .ioFailure)
            #expect(
                error.description == "/nonexistent/file.csv: input: expected to open it, got No such file or directory")
        }
    }

    @Test func columnSelectionAndTextColumns() throws {
        let text = "id,review,score\n1,Great wine. Very fruity!,5\n2,,3\n3,Too sweet,2\n"
        let result = try Self.profile(text, CSVOptions(columns: ["score"], textColumns: ["review"]))
        #expect(result.columns.map(\.name) == ["review", "score"])
        #expect(result.columns.map(\.type) == [.object, .int64])
        let columns = result.profile.columnNames
        #expect(columns.contains("review.word_count"))
        #expect(!columns.contains("id"))
        let summary = Dictionary(uniqueKeysWithValues: result.profile.summary().map { ($0.column, $0) })
        #expect(summary["review"]?["counts/null"] == .int(1))
        #expect(summary["review.word_count"]?["counts/n"] == .int(2))
        #expect(summary["review.word_count"]?["distribution/max"] == .double(4))
    }

    @Test func withoutAHeaderColumnsAreNumbered() throws {
        let result = try Self.profile("1,a\n2,b\n", CSVOptions(hasHeader: false))
        #expect(result.columns.map(\.name) == ["0", "1"])
        #expect(result.rowCount == 2)
    }

    @Test func invalidUTF8IsReplacedAndCounted() throws {
        var bytes = Array("a,b\nx,1\n".utf8)
        bytes += [0xFF, 0xFE, UInt8(ascii: ","), UInt8(ascii: "2"), UInt8(ascii: "\n")]
        let result = try CSVProfiler().profile(bytes: bytes)
        #expect(result.invalidUTF8ValueCount == 1)
        #expect(result.rowCount == 2)
    }

    @Test func theDatasetTimestampIsTheOneGiven() throws {
        let result = try Self.profile("a\n1\n", CSVOptions(datasetTimestampMilliseconds: 1_764_000_000_000))
        #expect(result.profile.datasetTimestampMilliseconds == 1_764_000_000_000)
    }
}
