import ProfileImages
import Profiles

extension FuzzTarget {
    /// The pixel limit of the image targets: 2^20, below the decoder's default so that each run
    /// stays fast; the limit check itself is the same code at any value.
    static let maxPixelCount = 1 << 20

    /// The signature an image target's inputs get if they lack it, so that mutations stay in one
    /// decoder (PNM has four signatures, left to the fuzzer).
    var imagePrefix: [UInt8] {
        switch self {
        case .pngDecoder: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .jpegDecoder: [0xFF, 0xD8, 0xFF]
        default: []
        }
    }

    /// Decodes an image (after ``imagePrefix``, if the input does not start with it); an accepted
    /// image must be within the pixel limit, hold exactly width × height × channels samples, and
    /// give the image-metadata features.
    func decodeImage(_ bytes: [UInt8]) throws(FuzzFailure) {
        let input = bytes.starts(with: imagePrefix) ? bytes : imagePrefix + bytes
        guard let image = try? ImageDecoder(maxPixelCount: Self.maxPixelCount).decode(input) else { return }
        guard image.width > 0, image.height > 0, image.width * image.height <= Self.maxPixelCount else {
            throw FuzzFailure(
                self, "accepted a \(image.width)×\(image.height) image (limit \(Self.maxPixelCount) pixels)")
        }
        let pixels = image.width * image.height
        let (samples, expected) =
            image.mode.isWide
            ? (image.wideSamples.count, pixels) : (image.samples.count, pixels * image.mode.channelCount)
        guard samples == expected else {
            throw FuzzFailure(
                self, "a \(image.width)×\(image.height) \(image.mode) image holds \(samples) samples, not \(expected)"
            )
        }
        let features = ImageMetadata.features(of: image)
        guard features.count > 0 else { throw FuzzFailure(self, "no image-metadata features") }
    }
}
