import Foundation
import SketchbookTestSupport
import Testing

@testable import ProfileImages
@testable import Profiles

/// Swift's decoding and statistics against PIL's answers in `fixtures/images/expected.json`
/// (written by `fixtures/images/make_image_fixtures.py`).
@Suite struct FeaturesImageTests {
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var mode: String
        var width: Int
        var height: Int
        var pixels: String
        var palette: String?
        var hsvMean: [Double]
        var hsvStddev: [Double]
        var rgbMean: [Double]
        var entropy: Double
        var description: String { file }
    }

    static let expected: [Expected] = {
        guard let root = try? Fixtures.json("images/expected.json") as? [String: Any],
            let files = root["files"] as? [String: [String: Any]]
        else { return [] }
        return files.keys.sorted().map { name in
            let e = files[name]!
            return Expected(
                file: name, mode: e["mode"] as! String, width: e["width"] as! Int, height: e["height"] as! Int,
                pixels: e["pixels"] as! String, palette: e["palette"] as? String,
                hsvMean: doubles(e["hsv_mean"]), hsvStddev: doubles(e["hsv_stddev"]),
                rgbMean: doubles(e["rgb_mean"]), entropy: Double(e["entropy"] as! String)!)
        }
    }()

    /// Floats are stored as Python `repr` strings: `Double(String)` reads them exactly.
    static func doubles(_ value: Any?) -> [Double] {
        (value as! [String]).map { Double($0)! }
    }

    static var exactFixtures: [Expected] { expected.filter { !$0.file.hasPrefix("jpeg") } }
    static var jpegFixtures: [Expected] { expected.filter { $0.file.hasPrefix("jpeg") } }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The image's samples laid out as PIL's `tobytes()` (I;16 and I little-endian).
    static func pilBytes(_ image: DecodedImage) -> [UInt8] {
        switch image.mode {
        case .integer16: image.wideSamples.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .integer32: image.wideSamples.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        default: image.samples
        }
    }

    static func bytes(from hex: String) -> [UInt8] {
        let chars = Array(hex.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: chars.count, by: 2).map { nibble(chars[$0]) << 4 | nibble(chars[$0 + 1]) }
    }

    @Test func fixturesArePresent() {
        #expect(Self.expected.count >= 58)
    }

    @Test(arguments: exactFixtures)
    func pngAndPNMDecodeExactlyAsPIL(_ e: Expected) throws {
        let image = try ImageDecoder().decode(try Fixtures.bytes("images/\(e.file)"))
        #expect(image.mode.rawValue == e.mode, "\(e)")
        #expect(image.width == e.width && image.height == e.height, "\(e)")
        #expect(Self.hex(Self.pilBytes(image)) == e.pixels, "\(e)")
        if let palette = e.palette {
            let entries = image.palette.count
            #expect(Self.hex(image.palette) == String(palette.prefix(entries * 2)), "\(e)")
        }
    }

    @Test(arguments: exactFixtures)
    func statisticsEqualPILsToTheBit(_ e: Expected) throws {
        let image = try ImageDecoder().decode(try Fixtures.bytes("images/\(e.file)"))
        let stats = ImageStatistics(image)
        #expect(stats.hsvMean == e.hsvMean, "\(e)")
        #expect(stats.hsvStddev == e.hsvStddev, "\(e)")
        #expect(stats.rgbMean == e.rgbMean, "\(e)")
        #expect(stats.entropy == e.entropy, "\(e)")
    }

    /// libjpeg-turbo through TurboJPEG (accurate integer IDCT, fancy upsampling) against Pillow's bundled
    /// libjpeg-turbo with the same defaults. Pixel differences are bounded by `maxPixelDifference`; the
    /// HSV means can then differ by at most that bound in V, and H/S by at most the same number of
    /// 8-bit levels times the share of differing pixels, so the statistics are compared with a
    /// tolerance derived from the measured pixel difference (zero when the pixels agree). With Debian
    /// 12's libjpeg-turbo 2.1.5 and Pillow 13.0.0's wheel every fixture decodes to identical samples,
    /// so the exact branch is the one that runs; the tolerance covers other libjpeg-turbo builds.
    static let maxPixelDifference = 1

    @Test(arguments: jpegFixtures)
    func jpegDecodesAsPILWithinTolerance(_ e: Expected) throws {
        let image = try ImageDecoder().decode(try Fixtures.bytes("images/\(e.file)"))
        #expect(image.mode.rawValue == e.mode, "\(e)")
        #expect(image.width == e.width && image.height == e.height, "\(e)")
        let pil = Self.bytes(from: e.pixels)
        try #require(pil.count == image.samples.count)
        var worst = 0
        var differing = 0
        for (a, b) in zip(pil, image.samples) where a != b {
            worst = max(worst, abs(Int(a) - Int(b)))
            differing += 1
        }
        #expect(worst <= Self.maxPixelDifference, "\(e): max pixel difference \(worst)")
        let stats = ImageStatistics(image)
        if differing == 0 {
            #expect(stats.hsvMean == e.hsvMean && stats.hsvStddev == e.hsvStddev, "\(e)")
            #expect(stats.entropy == e.entropy && stats.rgbMean == e.rgbMean, "\(e)")
        } else {
            // A hue can jump far when one channel changes by 1 near grey, so H gets a wide bound.
            let share = Double(differing) / Double(pil.count)
            for band in 0..<3 {
                let bound = band == 0 ? 255 * share : Double(worst) * 4 * share + 1e-9
                #expect(abs(stats.hsvMean[band] - e.hsvMean[band]) <= bound, "\(e) band \(band)")
                #expect(abs(stats.rgbMean[band] - e.rgbMean[band]) <= Double(worst) * share + 1e-9, "\(e)")
            }
            #expect(abs(stats.entropy - e.entropy) <= 0.5, "\(e)")
        }
    }

    @Test func hsvConversionMatchesPILOnAllColours() throws {
        let table = try #require(try Fixtures.json("images/hsv_table.json") as? [String: Any])
        let expectedChecksum = try #require(UInt64(table["checksum"] as! String))
        var checksum: UInt64 = 0
        for index in 0..<(1 << 24) {
            let (h, s, v) = PILColor.hsv(UInt8(index >> 16), UInt8((index >> 8) & 255), UInt8(index & 255))
            let packed = UInt64(h) | UInt64(s) << 8 | UInt64(v) << 16
            checksum &+= packed &* (UInt64(index) &* 2 &+ 1)
        }
        for (key, value) in table["samples"] as! [String: [Int]] {
            let index = Int(key)!
            let (h, s, v) = PILColor.hsv(UInt8(index >> 16), UInt8((index >> 8) & 255), UInt8(index & 255))
            #expect([Int(h), Int(s), Int(v)] == value, "colour \(index)")
        }
        #expect(checksum == expectedChecksum)
    }

    /// 1024 × 1024 images from a formula shared with the fixture script: the squared sums exceed 2^53,
    /// so the variance needs Python's correctly rounded big-integer division to match.
    @Test(arguments: ["rgb_1024", "l_1024"])
    func largeImageStatisticsEqualPILs(_ name: String) throws {
        let root = try #require(try Fixtures.json("images/expected.json") as? [String: Any])
        let e = try #require((root["synthetic"] as? [String: [String: Any]])?[name])
        var rgb = [UInt8](repeating: 0, count: 1024 * 1024 * 3)
        for y in 0..<1024 {
            for x in 0..<1024 {
                let i = 3 * (y * 1024 + x)
                rgb[i] = UInt8((x * 7 + y * 3) % 256)
                rgb[i + 1] = UInt8((x * y) % 256)
                rgb[i + 2] = UInt8((x ^ y) & 255)
            }
        }
        let image =
            name == "rgb_1024"
            ? DecodedImage(mode: .rgb, format: .png, width: 1024, height: 1024, samples: rgb)
            : DecodedImage(
                mode: .luminance, format: .png, width: 1024, height: 1024,
                samples: stride(from: 1, to: rgb.count, by: 3).map { rgb[$0] })
        let stats = ImageStatistics(image)
        #expect(stats.hsvMean == Self.doubles(e["hsv_mean"]), "\(name)")
        #expect(stats.hsvStddev == Self.doubles(e["hsv_stddev"]), "\(name)")
        #expect(stats.rgbMean == Self.doubles(e["rgb_mean"]), "\(name)")
        #expect(stats.entropy == Double(e["entropy"] as! String)!, "\(name)")
    }

    /// PIL: `Image.open(BytesIO(b"P2\\n3 2\\n1000\\n7 7 7 7 7 7\\n"))` is mode I with pixels 459 and
    /// `entropy()` NaN (its histogram is empty when all pixels are equal, and 0 / 0 is summed).
    @Test func constantWideImageHasPILsNaNEntropy() throws {
        let image = try ImageDecoder().decode(Array("P2\n3 2\n1000\n7 7 7 7 7 7\n".utf8))
        #expect(image.mode == .integer32)
        #expect(image.wideSamples == [459, 459, 459, 459, 459, 459])
        #expect(ImageStatistics(image).entropy.isNaN)
    }

    @Test func featuresHaveWhylogsNamesAndTypes() throws {
        let features = try ImageMetadata.features(ofEncodedImage: try Fixtures.bytes("images/png_c2_d8.png"))
        #expect(features.map(\.name) == ImageMetadata.featureNames)
        let byName = Dictionary(uniqueKeysWithValues: features.map { ($0.name, $0.value) })
        #expect(byName["ImagePixelWidth"] == .int(13))
        #expect(byName["ImagePixelHeight"] == .int(11))
        #expect(byName["Colorspace"] == .string("RGB"))
        #expect(byName["aspect_ratio"] == .double(13.0 / 11.0))
        let e = try #require(Self.expected.first { $0.file == "png_c2_d8.png" })
        #expect(byName["Brightness.mean"] == .double(e.hsvMean[2]))
        #expect(byName["Hue.stddev"] == .double(e.hsvStddev[0]))
        #expect(byName["entropy"] == .double(e.entropy))
        #expect(byName["mean_G"] == .double(e.rgbMean[1]))
    }

    @Test func quotientIsCorrectlyRoundedLikePythonIntDivision() {
        // 2^60 + 1 over 3 and large squares: compare with exact rational checks.
        let a = UInt128(1) << 70 + 12345
        let b: UInt128 = 3
        let q = ImageStatistics.correctlyRoundedQuotient(a, b)
        // q must be the double nearest to a / b: |q·b − a| ≤ half an ulp of q times b.
        let qInt = UInt128(q)
        let ulp = UInt128(q.ulp)
        let low = qInt * b > a ? qInt * b - a : a - qInt * b
        #expect(low * 2 <= ulp * b)
        #expect(ImageStatistics.correctlyRoundedQuotient(100, 4) == 25)
        #expect(ImageStatistics.correctlyRoundedQuotient(1, 3) == 1.0 / 3.0)
    }
}
