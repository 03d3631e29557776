import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

/// A profile file of a few kilobytes must not decode to gigabytes: chunk offsets are unique and
/// chunks do not overlap, sketches allocate by content, and the whole file is held to the
/// budgets of ``ProfileReadLimits``.
@Suite struct FormatDecodingBudgetTests {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }

    static func delimited(_ tag: UInt8, _ bytes: [UInt8]) -> [UInt8] { [tag] + varint(UInt64(bytes.count)) + bytes }

    /// A chunk (varint header length, ChunkHeader COLUMN, ChunkMessage) holding `counts/n` = 5
    /// under path index 0, with `extra` bytes of an unknown field appended to the message.
    static func countsChunk(unknownField extra: [UInt8] = []) -> [UInt8] {
        var message: [UInt8] = [0x0a, 0x06, 0x08, 0x00, 0x12, 0x02, 0x10, 0x05]
        if !extra.isEmpty { message += delimited(0x7a, extra) }  // field 15, length-delimited
        let header: [UInt8] = [0x08, 0x02, 0x18] + varint(UInt64(message.count))
        return varint(UInt64(header.count)) + header + message
    }

    /// A v1 file whose header maps each column to its chunk offsets, over `region`, with path
    /// index 0 = `counts/n`.
    static func v1File(columns: [(name: String, offsets: [UInt64])], region: [UInt8]) -> [UInt8] {
        var header: [UInt8] = []
        for (name, offsets) in columns {
            let packed = offsets.flatMap { varint($0) }
            let entry = delimited(0x0a, Array(name.utf8)) + delimited(0x12, delimited(0x0a, packed))
            header += delimited(0x12, entry)
        }
        header += [0x20] + varint(UInt64(region.count))
        header += delimited(0x2a, [0x08, 0x00] + delimited(0x12, Array("counts/n".utf8)))
        return Array("WHY1".utf8) + [0x00] + varint(UInt64(header.count)) + header + region
    }

    static func error(_ body: () throws(ProfileError) -> Void) -> ProfileError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func distinctColumnsWithTheirOwnChunksRead() throws {
        let chunk = Self.countsChunk()
        let file = Self.v1File(
            columns: [("a", [0]), ("b", [UInt64(chunk.count)])], region: chunk + chunk)
        let read = try ProfileFile(serializedBytes: file)
        #expect(read.columns["a"]?["counts/n"] == MetricComponent(.integer(5)))
        #expect(read.columns["b"]?["counts/n"] == MetricComponent(.integer(5)))
    }

    @Test func aChunkOffsetSharedByTwoColumnsIsATypedError() {
        let file = Self.v1File(columns: [("a", [0]), ("b", [0])], region: Self.countsChunk())
        let error = Self.error { () throws(ProfileError) in _ = try ProfileFile(serializedBytes: file) }
        #expect(error?.code == .invalidValue, "\(String(describing: error))")
        #expect(error?.field.contains("column_offsets") == true, "\(String(describing: error))")
        #expect(error?.description.contains("\"b\"") == true, "\(String(describing: error))")
    }

    @Test func anOffsetRepeatedWithinAColumnIsATypedError() {
        let file = Self.v1File(columns: [("a", [0, 0])], region: Self.countsChunk())
        let error = Self.error { () throws(ProfileError) in _ = try ProfileFile(serializedBytes: file) }
        #expect(error?.code == .invalidValue, "\(String(describing: error))")
    }

    @Test func aChunkInsideAnotherChunkIsATypedError() {
        // Column "a"'s chunk carries, in an unknown field, a whole valid chunk that column "b"
        // points into.
        let inner = Self.countsChunk()
        let outer = Self.countsChunk(unknownField: inner)
        let innerOffset = UInt64(outer.count - inner.count)
        let file = Self.v1File(columns: [("a", [0]), ("b", [innerOffset])], region: outer)
        let error = Self.error { () throws(ProfileError) in _ = try ProfileFile(serializedBytes: file) }
        #expect(error?.code == .invalidValue, "\(String(describing: error))")
        #expect(error?.description.contains("overlap") == true, "\(String(describing: error))")
    }

    @Test func sixtyThousandNamesSharingOneOffsetFailInBoundedTime() {
        let names = (0..<60_000).map { (name: "c\($0)", offsets: [UInt64(0)]) }
        let file = Self.v1File(columns: names, region: Self.countsChunk())
        let started = ContinuousClock.now
        let error = Self.error { () throws(ProfileError) in _ = try ProfileFile(serializedBytes: file) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .invalidValue, "\(String(describing: error))")
        #expect(elapsed < .seconds(10), "took \(elapsed) for a \(file.count)-byte file")
    }

    /// A profile of `columns` columns, each with a frequent-items image claiming `2^20` map slots
    /// (empty in even columns, one item in odd ones) and an empty KLL image with k = 65535.
    static func claimedSizesProfile(columns: Int) -> [UInt8] {
        let emptyItems: [UInt8] = [0x01, 0x01, 0x0a, 20, 20, 0x05, 0x00, 0x00]
        var oneItem: [UInt8] = [0x04, 0x01, 0x0a, 20, 20, 0x00, 0x00, 0x00, 1, 0, 0, 0, 0, 0, 0, 0]
        oneItem +=
            [3, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0] + [3, 0, 0, 0, 0, 0, 0, 0] + [1, 0, 0, 0, 0x61]
        let emptyKLL: [UInt8] = [0x02, 0x01, 0x0f, 0x01, 0xff, 0xff, 0x08, 0x00]
        var file = ProfileFile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        for index in 0..<columns {
            file.columns["c\(index)"] = [
                "frequent_items/frequent_strings": MetricComponent(
                    .frequentItems(index.isMultiple(of: 2) ? emptyItems : oneItem)),
                "distribution/kll": MetricComponent(.kll(emptyKLL)),
                "distribution/mean": MetricComponent(.double(0)),
                "distribution/m2": MetricComponent(.double(0)),
            ]
        }
        return file.serializedBytes()
    }

    @Test func aFewKilobytesOfClaimedSketchSizesDecodeInBoundedMemory() throws {
        let bytes = Self.claimedSizesProfile(columns: 200)
        #expect(bytes.count < 24 << 10, "\(bytes.count) bytes")
        let peakBefore = ProcessMemory.peakResidentBytes()
        let profile = try DatasetProfile(file: ProfileFile(serializedBytes: bytes))
        let growth = ProcessMemory.peakResidentBytes() - peakBefore
        #expect(profile.columns.count == 200)
        // Allocating the claimed sizes would take 200 × 36 MB + 200 × 512 KiB.
        #expect(growth < 128 << 20, "peak resident memory grew by \(growth >> 20) MiB")
        // The claims are kept: the file writes back byte for byte.
        #expect(profile.file.serializedBytes() == bytes)
    }

    @Test func theDefaultGzipLimitIs256MiBAndItsErrorNamesIt() {
        #expect(ProfileReadLimits.default.maxDecompressedBytes == 256 << 20)
        let bomb = FormatHostileInputTests.gzipBomb(megabytes: 300)
        let error = Self.error { () throws(ProfileError) in _ = try ProfileFile(serializedBytes: bomb) }
        #expect(error?.code == .decompressionLimitExceeded, "\(String(describing: error))")
        #expect(error?.description.contains("maxDecompressedBytes") == true, "\(String(describing: error))")
        #expect(error?.description.contains("268435456") == true, "\(String(describing: error))")
    }

    @Test func theColumnCapIsEnforcedAndNamed() throws {
        let chunk = Self.countsChunk()
        let columns = (0..<11).map { (name: "c\($0)", offsets: [UInt64($0 * chunk.count)]) }
        let file = Self.v1File(columns: columns, region: Array((0..<11).map { _ in chunk }.joined()))
        #expect(try ProfileFile(serializedBytes: file, limits: ProfileReadLimits(maxColumns: 11)).columns.count == 11)
        let error = Self.error { () throws(ProfileError) in
            _ = try ProfileFile(serializedBytes: file, limits: ProfileReadLimits(maxColumns: 10))
        }
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
        #expect(error?.description.contains("ProfileReadLimits.maxColumns") == true, "\(String(describing: error))")
        #expect(error?.description.contains("11 columns") == true, "\(String(describing: error))")
    }

    @Test func componentBytesAreBudgetedOverTheWholeFile() throws {
        let bytes = Self.claimedSizesProfile(columns: 20)
        // 20 columns × (8 or 45 bytes of frequent items + 8 of KLL).
        #expect(throws: Never.self) {
            try ProfileFile(serializedBytes: bytes, limits: ProfileReadLimits(maxComponentBytes: 700))
        }
        let error = Self.error { () throws(ProfileError) in
            _ = try ProfileFile(serializedBytes: bytes, limits: ProfileReadLimits(maxComponentBytes: 600))
        }
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
        #expect(error?.description.contains("maxComponentBytes") == true, "\(String(describing: error))")
    }

    @Test func decodedSketchSlotsAreBudgetedOverTheWholeFile() throws {
        let file = try ProfileFile(serializedBytes: Self.claimedSizesProfile(columns: 20))
        // Ten one-item columns hold 1,024 slots each (the most whylogs uses), ten empty ones 8.
        #expect(throws: Never.self) {
            try DatasetProfile(file: file, limits: ProfileReadLimits(maxFrequentItemsSlots: 10 * 1024 + 10 * 8))
        }
        let error = Self.error { () throws(ProfileError) in
            _ = try DatasetProfile(file: file, limits: ProfileReadLimits(maxFrequentItemsSlots: 10 * 1024))
        }
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
        #expect(error?.description.contains("maxFrequentItemsSlots") == true, "\(String(describing: error))")
        #expect(error?.field.contains("frequent_items/frequent_strings") == true, "\(String(describing: error))")

        // KLL: a full sketch of k = 256 has a buffer of its levels' capacity.
        var distribution = DistributionMetric(k: 256)
        for i in 0..<10_000 { distribution.update(Double(i)) }
        var column = ColumnProfile()
        column.distribution = distribution
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        for i in 0..<4 { profile.columns["c\(i)"] = column }
        let slots = distribution.kll.allocatedItemCount
        #expect(throws: Never.self) {
            try DatasetProfile(file: profile.file, limits: ProfileReadLimits(maxKLLItems: 4 * slots))
        }
        let kllError = Self.error { () throws(ProfileError) in
            _ = try DatasetProfile(file: profile.file, limits: ProfileReadLimits(maxKLLItems: 4 * slots - 1))
        }
        #expect(kllError?.code == .limitExceeded, "\(String(describing: kllError))")
        #expect(kllError?.description.contains("maxKLLItems") == true, "\(String(describing: kllError))")
    }

    @Test func theDefaultsAdmitTenThousandColumnsOfFullSketches() throws {
        // The largest whylogs fixture's columns, each copied under many names.
        let source = try ProfileFile(serializedBytes: try FormatFixtures.bytes("large_100k"))
        var file = ProfileFile(datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 1)
        let names = source.columns.keys.sorted()
        for index in 0..<10_000 {
            file.columns["c\(index)"] = source.columns[names[index % names.count]]
        }
        let bytes = file.serializedBytes()
        let profile = try DatasetProfile(file: ProfileFile(serializedBytes: bytes))
        #expect(profile.columns.count == 10_000, "\(bytes.count) bytes")
    }

    @Test func countsBeyondWhatAStreamReachesAreRejected() throws {
        for value: Int64 in [-1, (1 << 53) + 1, .max] {
            let file = ProfileFile(
                datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0,
                columns: [
                    "c": Dictionary(
                        uniqueKeysWithValues: ["n", "null", "nan", "inf", "true"].map {
                            ("counts/\($0)", MetricComponent(.integer($0 == "null" ? value : 0)))
                        })
                ])
            let error = Self.error { () throws(ProfileError) in _ = try DatasetProfile(file: file) }
            #expect(error?.code == .invalidValue, "\(value): \(String(describing: error))")
            #expect(error?.field == "\"c\" counts/null", "\(value): \(String(describing: error))")
        }
    }

    @Test func mergingPastTheCountBoundIsACountOverflow() throws {
        var counts = CountsMetric()
        counts.n = ColumnProfile.maximumCount
        var column = ColumnProfile()
        column.counts = counts
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.columns["c"] = column
        let error = Self.error { () throws(ProfileError) in try profile.checkMergeable(profile) }
        #expect(error?.code == .countOverflow, "\(String(describing: error))")
        #expect(error?.field == "\"c\" counts/n", "\(String(describing: error))")
        var half = profile
        half.columns["c"]?.counts?.n = ColumnProfile.maximumCount / 2
        #expect(throws: Never.self) { try half.checkMergeable(half) }
    }
}
