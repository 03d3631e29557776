import Foundation
import ProfileArrow
import Profiles
import SketchbookTestSupport
import Testing

/// Bad Arrow input gets a typed ``ArrowError`` naming what and where, never a trap, a hang or an
/// unbounded allocation: every truncation of a stream and a file, seeded bit flips, the budgets of
/// ``ArrowReadLimits``, compressed bodies, skipped types.
@Suite struct ArrowHostileInputTests {
    static func bytes(_ name: String) throws -> [UInt8] { try Fixtures.bytes("arrow/" + name) }

    static func profile(
        _ bytes: [UInt8], _ options: ArrowOptions = ArrowOptions(threadCount: 1)
    ) throws(ArrowError)
        -> ArrowProfileResult
    {
        try ArrowProfiler(options: options).profile(bytes: bytes)
    }

    /// Every profiled column counts each row once.
    static func checkCounts(_ result: ArrowProfileResult, _ place: String) {
        for column in result.columns where column.skipReason == nil {
            #expect(result.profile.columns[column.name]?.counts?.n == result.rowCount, "\(place) \(column.name)")
        }
    }

    @Test(arguments: [
        "small.arrows", "one_batch_file.arrow", "empty.arrows", "dictionary_changes.arrows", "compressed_lz4.arrows",
        "compressed_zstd.arrows",
    ])
    func everyTruncationIsATypedErrorOrAnEarlierEndOfStream(_ name: String) throws {
        let whole = try Self.bytes(name)
        let full = try Self.profile(whole)
        var accepted = 0
        for cut in 0..<whole.count {
            do {
                let result = try Self.profile(Array(whole.prefix(cut)))
                // A stream may end at a message boundary without its end marker (spec §2.1).
                #expect(!name.hasSuffix(".arrow"), "\(name) cut at \(cut): a file prefix was accepted")
                #expect(result.rowCount <= full.rowCount, "\(name) cut at \(cut)")
                Self.checkCounts(result, "\(name) cut at \(cut)")
                accepted += 1
            } catch {
                #expect(error.offset.map { $0 <= Int64(cut) } ?? true, "\(name) cut at \(cut): \(error)")
                #expect(!error.description.isEmpty)
            }
        }
        #expect(accepted < 16, "\(name): \(accepted) prefixes accepted")
    }

    @Test(arguments: ["small.arrows", "one_batch_file.arrow", "compressed_lz4.arrows", "compressed_zstd.arrows"])
    func bitFlipsAreTypedErrorsOrConsistentProfiles(_ name: String) throws {
        let whole = try Self.bytes(name)
        let seed: UInt64 = 20_261_207
        var random = SplitMix64(seed: seed)
        for position in 0..<whole.count {
            var bytes = whole
            bytes[position] ^= UInt8(1) << UInt8(random.next() % 8)
            // Two threads on every eighth input: the same answers, whatever the timing.
            for threads in position % 8 == 0 ? [1, 2] : [1] {
                do {
                    let result = try Self.profile(bytes, ArrowOptions(threadCount: threads))
                    Self.checkCounts(result, "\(name) seed \(seed) flip at \(position), \(threads) threads")
                } catch {
                    #expect(!error.field.isEmpty, "seed \(seed) flip at \(position)")
                }
            }
        }
    }

    @Test func notArrowIsSaidSo() {
        for bytes in [[], Array("a,b,c\n1,2,3\n".utf8), Array("ARROW".utf8)] as [[UInt8]] {
            #expect(throws: ArrowError.self) { try Self.profile(bytes) }
        }
        do {
            _ = try Self.profile(Array("a,b,c\n1,2,3\n".utf8))
        } catch {
            #expect(error.code == .notArrow)
            #expect(error.offset == 0)
        }
    }

    @Test(arguments: [
        ("maximumMetadataBytes", ArrowReadLimits(maximumMetadataBytes: 64)),
        ("maximumBodyBytes", ArrowReadLimits(maximumBodyBytes: 64)),
        ("maximumColumns", ArrowReadLimits(maximumColumns: 5)),
        ("maximumDictionaryBytes", ArrowReadLimits(maximumDictionaryBytes: 40)),
    ])
    func eachBudgetIsNamedWhenExceeded(_ limit: String, _ limits: ArrowReadLimits) throws {
        let bytes = try Self.bytes("small.arrows")
        do {
            _ = try Self.profile(bytes, ArrowOptions(threadCount: 1, limits: limits))
            Issue.record("\(limit): accepted")
        } catch {
            #expect(error.code == .limitExceeded, "\(limit): \(error)")
            #expect(error.field.contains(limit), "\(limit): \(error)")
        }
    }

    @Test(arguments: ["compressed_lz4.arrows", "compressed_zstd.arrows"])
    func compressedBodiesAreDecompressed(_ name: String) throws {
        let result = try Self.profile(try Self.bytes(name))
        #expect(result.rowCount == 4)
        #expect(result.profile.columns["n"]?.counts?.null == 1)
        #expect(result.profile.columns["n"]?.ints?.max == 4)
        #expect(result.profile.columns["s"]?.counts?.null == 1)
        #expect(result.profile.columns["s"]?.types?.string == 3)
    }

    @Test func aDecompressedSizeOverTheBudgetIsRefusedBeforeItIsAllocated() throws {
        // Each batch is about 18 kB compressed and 33 kB decompressed.
        let bytes = try Self.bytes("types_zstd.arrows")
        do {
            _ = try Self.profile(
                bytes, ArrowOptions(threadCount: 1, limits: ArrowReadLimits(maximumBodyBytes: 24_000)))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .limitExceeded, "\(error)")
            #expect(error.field.contains("uncompressed length (maximumBodyBytes)"), "\(error)")
        }
    }

    @Test(arguments: [
        ("compressed_zstd.arrows", [0x28, 0xB5, 0x2F, 0xFD] as [UInt8]),
        ("compressed_lz4.arrows", [0x04, 0x22, 0x4D, 0x18]),
    ])
    func aDeclaredLengthNoFrameCouldReachIsRefusedBeforeItIsAllocated(_ name: String, magic: [UInt8]) throws {
        // The first compressed buffer's frame, its declared length raised to 1 GiB: within the
        // 2 GiB body budget, but far beyond what a frame of a few bytes can decompress to.
        var bytes = try Self.bytes(name)
        let frame = try #require(
            (8...(bytes.count - magic.count)).first { Array(bytes[$0..<$0 + magic.count]) == magic },
            "no frame magic in \(name)")
        for byte in 0..<8 { bytes[frame - 8 + byte] = UInt8(truncatingIfNeeded: (1 << 30) >> (8 * byte)) }
        do {
            _ = try Self.profile(bytes, ArrowOptions(threadCount: 1))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .malformedBody, "\(error)")
            #expect(error.field.contains("compression ratio"), "\(error)")
        }
    }

    @Test func typesThatCannotBeProfiledAreSkippedAndNamed() throws {
        let result = try Self.profile(try Self.bytes("skipped_types.arrows"))
        #expect(result.profile.columns.keys.sorted() == ["after", "n"])
        let skipped = Dictionary(uniqueKeysWithValues: result.unsupportedColumns.map { ($0.name, $0.skipReason ?? "") })
        #expect(skipped["tags"] == "type list")
        #expect(skipped["point"] == "type struct")
        #expect(skipped["t"] == "type time32")
        #expect(skipped["span"] == "type duration")
        #expect(skipped["cat_int"] == "dictionary of int64 values")
        #expect(result.profile.columns["after"]?.counts?.null == 1)
        #expect(result.profile.columns["n"]?.counts?.n == 4)
        let bytes = try Self.bytes("skipped_types.arrows")
        do {
            _ = try Self.profile(bytes, ArrowOptions(isStrict: true, threadCount: 1))
            Issue.record("strict: accepted")
        } catch {
            #expect(error.code == .unsupportedType)
            #expect(error.field == "column 'tags'")
        }
    }

    @Test func uint64AboveInt64MaxIsLoggedAsFloats() throws {
        let result = try Self.profile(try Self.bytes("uint64_big.arrows"))
        let column = try #require(result.profile.columns["u"])
        #expect(column.types?.integral == 2)
        #expect(column.types?.fractional == 2)
        #expect(column.counts?.null == 1)
        #expect(result.profile.summary().first { $0.column == "u" }?["distribution/n"] == .int(4))
        #expect(column.ints?.max == 3)
    }

    @Test func dictionariesAreReplacedAndExtended() throws {
        let result = try Self.profile(try Self.bytes("dictionary_changes.arrows"))
        let items = result.profile.summary().first { $0.column == "c" }?["frequent_items/frequent_strings"]
        guard case .frequentItems(let rows)? = items else {
            Issue.record("no frequent items")
            return
        }
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.value, $0.estimate) })
        #expect(counts == ["a": 1, "b": 2, "z": 3, "y": 1, "x": 1])
        #expect(result.profile.columns["c"]?.counts?.null == 1)
    }

    @Test func optionsNameUnknownAndNonStringColumns() throws {
        let bytes = try Self.bytes("small.arrows")
        #expect(throws: ArrowError.self) { try Self.profile(bytes, ArrowOptions(columns: ["nope"])) }
        do {
            _ = try Self.profile(bytes, ArrowOptions(textColumns: ["i8"]))
        } catch {
            #expect(error.code == .invalidOption)
        }
        let some = try Self.profile(bytes, ArrowOptions(columns: ["s", "i8"], textColumns: ["s"], threadCount: 1))
        #expect(some.profile.columns["i8"] != nil)
        #expect(some.profile.columns["f64"] == nil)
        #expect(some.profile.columns.keys.contains { $0.hasPrefix("s.") })
        #expect(some.unsupportedColumns.isEmpty)
    }
}
