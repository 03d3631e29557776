public import Profiles

/// Decodes PNG, PPM/PGM and JPEG images into ``DecodedImage`` values as PIL would decode them.
///
/// Memory is bounded: the claimed dimensions are checked against ``maxPixelCount`` before anything
/// is allocated, and a PNG's compressed data is inflated into a buffer sized from its header, so a
/// decompression bomb fails with an error instead of growing. Every failure is a `ProfileError`
/// (`truncated`, `invalidValue`, `invalidMagic`, `decompressionFailed`, `decompressionLimitExceeded` or
/// `unsupported`); nothing traps on outside data. Peak memory is at most about 12 bytes per pixel
/// (a 16-bit RGBA PNG's inflated rows plus the decoded samples), so the default limit of 2^26
/// pixels allows about 800 MB; lower ``maxPixelCount`` where that is too much.
///
/// Supported: PNG (colour types 0, 2, 3, 4, 6; all bit depths; palette and `tRNS`; Adam7 interlacing;
/// all five filters; chunk CRCs checked), PPM/PGM `P2`, `P3`, `P5`, `P6` (maxval 1…65535), and
/// baseline or progressive greyscale/colour JPEG through libjpeg-turbo's TurboJPEG API. CMYK JPEG and
/// other formats are `unsupported`.
public struct ImageDecoder: Sendable {
    /// The default limit on width × height: 2^26 pixels (64 Mi).
    public static let defaultMaxPixelCount = 1 << 26

    /// The largest width × height this decoder accepts.
    public var maxPixelCount: Int

    /// Creates a decoder.
    ///
    /// - Parameter maxPixelCount: The largest width × height to accept; must be positive.
    public init(maxPixelCount: Int = ImageDecoder.defaultMaxPixelCount) {
        precondition(maxPixelCount > 0, "maxPixelCount must be positive")
        self.maxPixelCount = maxPixelCount
    }

    /// Decodes an encoded image, detecting the format from its first bytes.
    ///
    /// - Parameter bytes: A whole PNG, PPM/PGM or JPEG file.
    /// - Returns: The image, in PIL's mode for that file.
    /// - Throws: `ProfileError` for unrecognised, corrupt, truncated or oversized images.
    /// - Complexity: O(*n* + *w* × *h*).
    public func decode(_ bytes: [UInt8]) throws(ProfileError) -> DecodedImage {
        if bytes.starts(with: PNGDecoder.signature) {
            return try PNGDecoder(bytes: bytes, maxPixelCount: maxPixelCount).decode()
        }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"),
            [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6")].contains(bytes[1])
        {
            return try PNMDecoder(bytes: bytes, maxPixelCount: maxPixelCount).decode()
        }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            return try JPEGDecoder(bytes: bytes, maxPixelCount: maxPixelCount).decode()
        }
        let head = bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
        return try Self.fail(
            .unsupported, "image", expected: "a PNG, PPM/PGM (P2, P3, P5, P6) or JPEG signature",
            actual: bytes.isEmpty ? "no bytes" : "bytes \(head)")
    }

    /// Throws a `ProfileError`.
    static func fail<T>(
        _ code: ProfileError.Code, _ field: String, expected: String, actual: String, offset: Int? = nil
    ) throws(ProfileError) -> T {
        throw ProfileError(code, field: field, expected: expected, actual: actual, offset: offset)
    }

    /// Checks claimed dimensions against the limit before any allocation.
    static func checkSize(
        width: Int, height: Int, limit: Int, field: String, offset: Int? = nil
    ) throws(ProfileError) {
        guard width > 0, height > 0 else {
            throw ProfileError(
                .invalidValue, field: field, expected: "width and height ≥ 1", actual: "\(width) × \(height)",
                offset: offset)
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= limit else {
            throw ProfileError(
                .unsupported, field: field, expected: "at most \(limit) pixels",
                actual: "\(width) × \(height)", offset: offset)
        }
    }
}

extension ImageDecoder: _ImageFeatureSource {
    /// The ``ImageMetadata`` features of an encoded image decoded by this decoder.
    package func features(ofEncodedImage bytes: [UInt8]) throws(ProfileError) -> [(name: String, value: FeatureValue)] {
        try ImageMetadata.features(ofEncodedImage: bytes, decoder: self)
    }
}
