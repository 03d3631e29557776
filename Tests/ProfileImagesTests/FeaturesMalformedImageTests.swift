import Foundation
import ProfileImages
import Profiles
import SketchbookTestSupport
import Testing

/// Corrupt, truncated, oversized and hostile images: always a typed ``ProfileError``, never a trap,
/// with bounded time and memory.
@Suite struct FeaturesMalformedImageTests {
    static let fixtureNames: [String] = {
        let folder = Fixtures.url("images")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { [".png", ".ppm", ".pgm", ".jpg"].contains(where: $0.hasSuffix) && !$0.hasPrefix("bad_") }
            .sorted()
    }()

    /// A small pixel limit keeps corrupted headers from asking for large (if legal) buffers.
    static let fuzzDecoder = ImageDecoder(maxPixelCount: 1 << 16)

    static func decode(_ bytes: [UInt8], _ decoder: ImageDecoder = fuzzDecoder) -> Result<DecodedImage, ProfileError> {
        Result { () throws(ProfileError) in try decoder.decode(bytes) }
    }

    /// CRC-32 (ISO-HDLC), to repair chunk CRCs after a deliberate change.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The (start, length) of each PNG chunk's type+data region.
    static func pngChunks(_ bytes: [UInt8]) -> [(start: Int, length: Int)] {
        var chunks: [(Int, Int)] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
                | Int(bytes[offset + 3])
            guard offset + 12 + length <= bytes.count else { break }
            chunks.append((offset + 4, length + 4))
            offset += 12 + length
        }
        return chunks
    }

    static func fixCRC(_ bytes: inout [UInt8], chunk: (start: Int, length: Int)) {
        let crc = crc32(bytes[chunk.start..<(chunk.start + chunk.length)])
        for i in 0..<4 { bytes[chunk.start + chunk.length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
    }

    @Test func everyFixtureIsCovered() {
        #expect(Self.fixtureNames.count >= 58)
    }

    @Test(arguments: fixtureNames)
    func truncationAtEveryOffsetIsATypedError(_ name: String) throws {
        let bytes = try Fixtures.bytes("images/\(name)")
        let isASCII = bytes.starts(with: Array("P2".utf8)) || bytes.starts(with: Array("P3".utf8))
        // An ASCII PNM cut inside its last number is still a valid (different) image, as for PIL.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A }
        let lastDigit = bytes.lastIndex { !isSpace($0) } ?? 0
        let lastToken = (bytes[..<lastDigit].lastIndex(where: isSpace) ?? 0) + 1
        for length in 0..<bytes.count {
            if case .success = Self.decode(Array(bytes[..<length])) {
                #expect(isASCII && length > lastToken, "\(name) cut to \(length) bytes decoded")
            }
        }
    }

    @Test(arguments: fixtureNames)
    func randomByteChangesNeverTrap(_ name: String) throws {
        let seed: UInt64 = 0x5EED_0000 &+ UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF)
        var random = SplitMix64(seed: seed)
        let original = try Fixtures.bytes("images/\(name)")
        let chunks = name.hasSuffix(".png") ? Self.pngChunks(original) : []
        let start = ContinuousClock.now
        for trial in 0..<300 {
            var bytes = original
            let flips = Int.random(in: 1...3, using: &random)
            if !chunks.isEmpty && trial % 2 == 0 {
                // Change chunk contents and repair the CRC, so the change reaches the decoder proper.
                let chunk = chunks[Int.random(in: 0..<chunks.count, using: &random)]
                guard chunk.length > 4 else { continue }
                for _ in 0..<flips {
                    bytes[chunk.start + Int.random(in: 4..<chunk.length, using: &random)] = UInt8.random(
                        in: 0...255, using: &random)
                }
                Self.fixCRC(&bytes, chunk: chunk)
            } else {
                for _ in 0..<flips {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                }
            }
            switch Self.decode(bytes) {
            case .success(let image):
                #expect(image.pixelCount <= 1 << 16, "\(name) seed \(seed) trial \(trial)")
            case .failure(let error):
                #expect(!error.field.isEmpty, "\(name) seed \(seed) trial \(trial): \(error)")
            }
        }
        #expect(ContinuousClock.now - start < .seconds(20), "\(name) seed \(seed)")
    }

    @Test func hugeClaimedDimensionsAreRejectedBeforeAllocating() throws {
        let png = try Fixtures.bytes("images/bad_huge_dims.png")
        guard case .failure(let error) = Self.decode(png, ImageDecoder()) else {
            Issue.record("2^20 × 2^20 PNG decoded")
            return
        }
        #expect(error.code == .unsupported)
        #expect(error.field == "PNG IHDR size")

        let pgm = Array("P5\n100000 100000\n255\n".utf8) + [1, 2, 3]
        guard case .failure(let pnmError) = Self.decode(pgm, ImageDecoder()) else {
            Issue.record("huge PGM decoded")
            return
        }
        #expect(pnmError.code == .unsupported)

        // Patch the JPEG's SOF0 frame size to 60000 × 60000.
        var jpeg = try Fixtures.bytes("images/jpeg_baseline_420.jpg")
        let sof = try #require((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        for (i, byte) in [UInt8(0xEA), 0x60, 0xEA, 0x60].enumerated() { jpeg[sof + 5 + i] = byte }
        guard case .failure(let jpegError) = Self.decode(jpeg, ImageDecoder()) else {
            Issue.record("huge JPEG decoded")
            return
        }
        #expect(jpegError.code == .unsupported)
        #expect(jpegError.actual == "60000 × 60000")
    }

    @Test func theLimitIsConfigurable() throws {
        let bytes = try Fixtures.bytes("images/png_c2_d8.png")  // 13 × 11 = 143 pixels
        guard case .failure(let error) = Self.decode(bytes, ImageDecoder(maxPixelCount: 142)) else {
            Issue.record("limit ignored")
            return
        }
        #expect(error.code == .unsupported)
        #expect(throws: Never.self) { try ImageDecoder(maxPixelCount: 143).decode(bytes) }
    }

    @Test func aBadCRCIsReportedWithItsChunk() throws {
        var bytes = try Fixtures.bytes("images/png_c2_d8.png")
        bytes[29] ^= 0x01  // the IHDR CRC (8 signature + 8 header + 13 data)
        guard case .failure(let error) = Self.decode(bytes) else {
            Issue.record("bad CRC accepted")
            return
        }
        #expect(error.code == .invalidValue)
        #expect(error.field == "PNG IHDR CRC")
        #expect(error.offset == 29)
    }

    @Test func aDecompressionBombStopsAtTheHeaderSize() throws {
        let bytes = try Fixtures.bytes("images/bad_bomb_idat.png")  // 16 × 16, IDAT inflates to 64 MiB
        let start = ContinuousClock.now
        guard case .failure(let error) = Self.decode(bytes, ImageDecoder()) else {
            Issue.record("bomb decoded")
            return
        }
        #expect(error.code == .decompressionLimitExceeded)
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test(arguments: [
        ([UInt8](), "no bytes"),
        (Array("GIF89a".utf8), "GIF"),
        (Array("P1\n2 2\n0 1 1 0\n".utf8), "PBM"),
        ([0x42, 0x4D, 0, 0], "BMP"),
    ])
    func otherFormatsAreUnsupported(_ bytes: [UInt8], _ label: String) {
        guard case .failure(let error) = Self.decode(bytes) else {
            Issue.record("\(label) decoded")
            return
        }
        #expect(error.code == .unsupported, "\(label)")
    }

    @Test func cmykJPEGIsUnsupported() throws {
        guard case .failure(let error) = Self.decode(try Fixtures.bytes("images/bad_cmyk.jpg")) else {
            Issue.record("CMYK decoded")
            return
        }
        #expect(error.code == .unsupported)
    }

    @Test func asciiSamplesAboveMaxvalAreInvalid() {
        guard case .failure(let error) = Self.decode(Array("P2\n2 1\n15\n3 16\n".utf8)) else {
            Issue.record("decoded")
            return
        }
        #expect(error.code == .invalidValue)
    }

    @Test func imageMetadataReportsTheDecodingError() throws {
        #expect(throws: ProfileError.self) { try ImageMetadata.features(ofEncodedImage: [0x89, 0x50, 0x4E, 0x47]) }
    }
}
