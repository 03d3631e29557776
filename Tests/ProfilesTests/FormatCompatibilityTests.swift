import Profiles
import Testing

/// Layouts the Python writer does not produce but its reader accepts (spec §1.2, §1.3, §1.5, §1.7).
@Suite struct FormatCompatibilityTests {
    @Test func aNonDelimitedV0MessageReadsLikeTheDelimitedOne() throws {
        let delimited = try FormatFixtures.bytes("v0_converted")
        var start = 0
        while delimited[start] & 0x80 != 0 { start += 1 }
        let bare = Array(delimited[(start + 1)...])
        let a = try ProfileFile(serializedBytes: delimited)
        let b = try ProfileFile(serializedBytes: bare)
        #expect(a.sourceFormat == .v0)
        #expect(b.isIdentical(to: a))
    }

    @Test func unpackedOffsetsAndSeveralChunksPerColumnAreUnioned() throws {
        // Chunk 1: {0: {n: 5}}; chunk 2: {1: {n: 1}}.
        let message1: [UInt8] = [0x0a, 0x06, 0x08, 0x00, 0x12, 0x02, 0x10, 0x05]
        let message2: [UInt8] = [0x0a, 0x06, 0x08, 0x01, 0x12, 0x02, 0x10, 0x01]
        let chunk1: [UInt8] = [4, 0x08, 0x02, 0x18, UInt8(message1.count)] + message1
        let chunk2: [UInt8] = [4, 0x08, 0x02, 0x18, UInt8(message2.count)] + message2
        // Written in reverse order: offsets need not be ascending or contiguous with the order.
        let region = chunk2 + chunk1
        let offsets: [UInt8] = [0x08, UInt8(chunk2.count), 0x08, 0x00]  // unpacked repeated uint64
        let columnEntry: [UInt8] = [0x0a, 0x01, 0x63, 0x12, UInt8(offsets.count)] + offsets
        let path0: [UInt8] = [0x08, 0x00, 0x12, 0x08] + Array("counts/n".utf8)
        let path1: [UInt8] = [0x08, 0x01, 0x12, 0x0b] + Array("counts/null".utf8)
        var header: [UInt8] = [0x12, UInt8(columnEntry.count)] + columnEntry
        header += [0x20, UInt8(region.count)]
        header += [0x2a, UInt8(path0.count)] + path0 + [0x2a, UInt8(path1.count)] + path1
        // Trailing bytes after the region are ignored (the segmented writer leaves some).
        let file = [0x57, 0x48, 0x59, 0x31, 0x00, UInt8(header.count)] + header + region + [0xde, 0xad]
        let profile = try ProfileFile(serializedBytes: file)
        #expect(
            profile.columns == [
                "c": ["counts/n": MetricComponent(.integer(5)), "counts/null": MetricComponent(.integer(1))]
            ])
        #expect(profile.datasetTimestampMilliseconds == 0)
    }

    @Test func v0ModelProfilesAreReadWithTheirModelMetrics() throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes("v0_classification"))
        #expect(file.sourceFormat == .v0)
        #expect(file.columns.keys.sorted() == ["prediction", "score", "target"])
        let matrix = try #require(file.modelPerformance?.confusionMatrix)
        #expect(!matrix.labels.isEmpty)
        #expect(matrix.cells.count == matrix.labels.count * matrix.labels.count)
        #expect(file.modelPerformance?.modelType == .classification)
        // Written back, it is a v0 file again (as whylogs writes profiles with model metrics),
        // and it keeps them.
        let bytes = file.serializedBytes()
        #expect(Array(bytes.prefix(4)) != Array("WHY1".utf8))
        #expect(try ProfileFile(serializedBytes: bytes).modelPerformance == file.modelPerformance)
    }
}
