import CZlib
import Profiles
import SketchbookTestSupport
import Testing

@Suite struct FormatHostileInputTests {
    private func code(of body: () throws(ProfileError) -> ProfileFile) -> ProfileError.Code? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: ["ints", "booleans", "mixed", "segmented", "empty"])
    func everyTruncationThrowsOrReadsTheSameProfile(name: String) throws {
        let bytes = try FormatFixtures.bytes(name)
        let full = try ProfileFile(serializedBytes: bytes)
        for length in 0..<bytes.count {
            do {
                let file = try ProfileFile(serializedBytes: Array(bytes.prefix(length)))
                // Only the segmented writer's trailer (after the chunk region) may be cut.
                #expect(file.isIdentical(to: full), "\(name) cut at \(length) read as a different profile")
                #expect(name == "segmented", "\(name) cut at \(length) did not throw")
            } catch {
                #expect(error.code != .invalidSketch, "\(name) cut at \(length): \(error)")
            }
        }
    }

    @Test(arguments: ["v0_converted", "v0_classification"])
    func everyTruncationOfAV0FileIsHandled(name: String) throws {
        // v0 has no magic or length checks beyond protobuf's own: a cut may still parse (as the
        // whole-input fallback), but it must never trap, and an error must be a ProfileError.
        let bytes = try FormatFixtures.bytes(name)
        var failures = 0
        for length in 0..<bytes.count {
            do {
                _ = try ProfileFile(serializedBytes: Array(bytes.prefix(length)))
            } catch {
                failures += 1
            }
        }
        #expect(failures > bytes.count / 2, "\(name): most cuts are errors (\(failures) of \(bytes.count))")
    }

    @Test(arguments: ["ints", "booleans", "segmented"])
    func everyTruncationOfAGzipFileThrows(name: String) throws {
        let compressed = try ProfileFile(serializedBytes: try FormatFixtures.bytes(name)).gzipSerializedBytes()
        for length in 2..<compressed.count {
            #expect(throws: ProfileError.self, "\(name).gz cut at \(length)") {
                try ProfileFile(serializedBytes: Array(compressed.prefix(length)))
            }
        }
    }

    @Test func lengthsLargerThanTheInputAreTypedErrors() {
        let magic: [UInt8] = [0x57, 0x48, 0x59, 0x31]
        // Segment header length 2^40.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: magic + [0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 2])
            } == .truncated)
        // Profile header length 0x0FFFFFFF with 3 bytes left.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: magic + [0x00, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])
            } == .truncated)
        // A varint that never ends.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: magic + [0x00] + [UInt8](repeating: 0xff, count: 11))
            } == .invalidMessage)
        // A header whose map entry claims 2^28 bytes (inside the protobuf message).
        let header: [UInt8] = [0x2a, 0x80, 0x80, 0x80, 0x80, 0x01, 0x08, 0x00]
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: magic + [0x00, UInt8(header.count)] + header)
            } == .invalidMessage)
        // An empty profile header.
        #expect(
            code { () throws(ProfileError) in try ProfileFile(serializedBytes: magic + [0x00, 0x00]) }
                == .invalidMessage)
    }

    /// A v1 file with one column "c" whose header has the given region length, column offset and
    /// chunk bytes (varint header length, header, message).
    private func handmade(length: UInt64, offset: UInt64, region: [UInt8], pathIndex: UInt8 = 0) -> [UInt8] {
        func varint(_ v: UInt64) -> [UInt8] {
            var v = v
            var out: [UInt8] = []
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            return out + [UInt8(v)]
        }
        let offsets: [UInt8] = [0x0a] + varint(UInt64(varint(offset).count)) + varint(offset)  // ChunkOffsets
        let columnEntry: [UInt8] = [0x0a, 0x01, 0x63, 0x12, UInt8(offsets.count)] + offsets
        let pathEntry: [UInt8] = [0x08, pathIndex, 0x12, 0x08] + Array("counts/n".utf8)
        var header: [UInt8] = [0x12, UInt8(columnEntry.count)] + columnEntry
        header += [0x20] + varint(length)
        header += [0x2a, UInt8(pathEntry.count)] + pathEntry
        return [0x57, 0x48, 0x59, 0x31, 0x00] + varint(UInt64(header.count)) + header + region
    }

    @Test func chunkOffsetsLengthsAndTypesAreValidated() {
        // ChunkMessage {1: {key 0, value {n: 5}}} = 0a 06 08 00 12 02 10 05
        let message: [UInt8] = [0x0a, 0x06, 0x08, 0x00, 0x12, 0x02, 0x10, 0x05]
        let chunkHeader: [UInt8] = [0x08, 0x02, 0x18, UInt8(message.count)]
        let good = [UInt8(chunkHeader.count)] + chunkHeader + message
        let valid = handmade(length: UInt64(good.count), offset: 0, region: good)
        #expect(throws: Never.self) { try ProfileFile(serializedBytes: valid) }
        #expect((try? ProfileFile(serializedBytes: valid))?.columns["c"]?["counts/n"] == MetricComponent(.integer(5)))
        // Offset past the region.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: handmade(length: UInt64(good.count), offset: 1000, region: good))
            } == .invalidValue)
        // Region length past the end of the file.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: handmade(length: 1 << 40, offset: 0, region: good))
            } == .truncated)
        // ChunkHeader.length past the region.
        let long: [UInt8] = [0x08, 0x02, 0x18, 0xff, 0xff, 0x03]
        let region = [UInt8(long.count)] + long + message
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: handmade(length: UInt64(region.count), offset: 0, region: region))
            } == .truncated)
        // Chunk type DATASET.
        let dataset: [UInt8] = [0x18, UInt8(message.count)]
        let datasetRegion = [UInt8(dataset.count)] + dataset + message
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(
                    serializedBytes: handmade(length: UInt64(datasetRegion.count), offset: 0, region: datasetRegion))
            } == .invalidValue)
        // A component index missing from the path table.
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(
                    serializedBytes: handmade(length: UInt64(good.count), offset: 0, region: good, pathIndex: 7))
            } == .invalidValue)
        // A component with no value: {1: {key 0, value {}}}.
        let noValue: [UInt8] = [0x0a, 0x04, 0x08, 0x00, 0x12, 0x00]
        let noValueRegion = [4, 0x08, 0x02, 0x18, UInt8(noValue.count)] + noValue
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(
                    serializedBytes: handmade(length: UInt64(noValueRegion.count), offset: 0, region: noValueRegion))
            } == .invalidValue)
    }

    @Test func invalidUTF8InNamesIsATypedErrorAndNULIsAName() throws {
        let message: [UInt8] = [0x0a, 0x06, 0x08, 0x00, 0x12, 0x02, 0x10, 0x05]
        let region = [4, 0x08, 0x02, 0x18, UInt8(message.count)] + message
        let valid = handmade(length: UInt64(region.count), offset: 0, region: region)
        let columnName = try #require(valid.firstIndex(of: 0x63))  // "c"
        let path = try #require(Self.firstIndex(of: Array("counts/n".utf8), in: valid))
        for (index, what) in [(columnName, "column name"), (path + 2, "metric path")] {
            var broken = valid
            broken[index] = 0xFF
            let error = #expect(throws: ProfileError.self, "\(what) with byte FF") {
                try ProfileFile(serializedBytes: broken)
            }
            #expect(error?.code == .invalidMessage, "\(what): \(String(describing: error))")
        }
        // NUL is valid UTF-8: a column named "\0" reads, and writes back the same.
        var nul = valid
        nul[columnName] = 0x00
        let file = try ProfileFile(serializedBytes: nul)
        #expect(file.columns["\u{0}"]?["counts/n"] == MetricComponent(.integer(5)))
        #expect(try ProfileFile(serializedBytes: file.serializedBytes()) == file)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test func wrongMagicIsInvalidMagic() {
        #expect(
            code { () throws(ProfileError) in try ProfileFile(serializedBytes: Array("not a profile at all".utf8)) }
                == .invalidMagic)
        #expect(code { () throws(ProfileError) in try ProfileFile(serializedBytes: []) } == .invalidMagic)
        #expect(code { () throws(ProfileError) in try ProfileFile(serializedBytes: [0x57, 0x48, 0x59]) } == .truncated)
        #expect(
            code { () throws(ProfileError) in try ProfileFile(serializedBytes: [0x57, 0x48, 0x59, 0x32, 0, 0]) }
                == .invalidMagic)
    }

    @Test func corruptGzipIsDecompressionFailed() throws {
        var compressed = try ProfileFile(serializedBytes: try FormatFixtures.bytes("ints")).gzipSerializedBytes()
        compressed[12] ^= 0xff
        compressed[13] ^= 0xff
        #expect(throws: ProfileError.self) { try ProfileFile(serializedBytes: compressed) }
        #expect(
            code { () throws(ProfileError) in
                try ProfileFile(serializedBytes: [0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9])
            } == .decompressionFailed)
    }

    /// `megabytes` MiB of zeros, gzip-compressed at test time in 1 MiB steps (about 1 KB of output
    /// a MiB).
    static func gzipBomb(megabytes: Int) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var zeros = [UInt8](repeating: 0, count: 1 << 20)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var output: [UInt8] = []
        for step in 0..<megabytes {
            let flush = step == megabytes - 1 ? Z_FINISH : Z_NO_FLUSH
            zeros.withUnsafeMutableBufferPointer { input in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        _ = deflate(&stream, flush)
                        output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                    }
                } while stream.avail_out == 0 || stream.avail_in > 0
            }
        }
        return output
    }

    @Test func aGzipBombThrowsWithinTheLimit() {
        let bomb = Self.gzipBomb(megabytes: 1024)
        #expect(bomb.count < 2 << 20, "the bomb is small: \(bomb.count) bytes")
        let limits = ProfileReadLimits(maxDecompressedBytes: 8 << 20)
        #expect(
            code { () throws(ProfileError) in try ProfileFile(serializedBytes: bomb, limits: limits) }
                == .decompressionLimitExceeded)
        // The ratio limit alone also stops it (1000:1 past 1 MiB).
        let ratioOnly = ProfileReadLimits(maxDecompressedBytes: .max, maxCompressionRatio: 4)
        #expect(
            code { () throws(ProfileError) in try ProfileFile(serializedBytes: bomb, limits: ratioOnly) }
                == .decompressionLimitExceeded)
    }
}
