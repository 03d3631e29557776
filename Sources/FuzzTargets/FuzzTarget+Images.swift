import Profiles

extension FuzzTarget {
    /// The pixel limit of the image targets: 2^20, below the decoder's default so that each run
    /// stays fast; the limit check itself is the same code at any value.
    static let maxPixelCount = 1 << 20

    /// Decodes an image (after `prefix`, if the input does not start with it); an accepted image
    /// must be within the pixel limit, hold exactly width × height × channels samples, and give
    /// the image-metadata features.
    static func decodeImage(_ bytes: [UInt8], prefix: [UInt8]) throws(FuzzFailure) {
        let input = bytes.starts(with: prefix) ? bytes : prefix + bytes
        guard let image = try? ImageDecoder(maxPixelCount: maxPixelCount).decode(input) else { return }
        let target: FuzzTarget = prefix.count == 8 ? .pngDecoder : prefix.isEmpty ? .pnmDecoder : .jpegDecoder
        guard image.width > 0, image.height > 0, image.width * image.height <= maxPixelCount else {
            throw FuzzFailure(target, "accepted a \(image.width)×\(image.height) image (limit \(maxPixelCount) pixels)")
        }
        let pixels = image.width * image.height
        let (samples, expected) =
            image.mode.isWide
            ? (image.wideSamples.count, pixels) : (image.samples.count, pixels * image.mode.channelCount)
        guard samples == expected else {
            throw FuzzFailure(
                target, "a \(image.width)×\(image.height) \(image.mode) image holds \(samples) samples, not \(expected)"
            )
        }
        let features = ImageMetadata.features(of: image)
        guard features.count > 0 else { throw FuzzFailure(target, "no image-metadata features") }
    }
}
