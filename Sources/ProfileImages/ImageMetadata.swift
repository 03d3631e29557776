public import Profiles

/// Metadata features of one encoded image, logged as derived columns `<column>.<feature>`.
///
/// The names and values are those of whylogs' image metric (`whylogs.extras.image_metric`, which
/// uses PIL), plus three Sketchbook additions:
///
/// | Feature | Value |
/// |---|---|
/// | `ImagePixelWidth`, `ImagePixelHeight` | `img.width`, `img.height` (ints) |
/// | `Colorspace` | `img.mode` (`1`, `L`, `LA`, `RGB`, `RGBA`, `P`, `I;16`, `I`) |
/// | `entropy` | `img.entropy()`: Shannon entropy in bits of the histogram over all bands |
/// | `Hue.mean`, `Hue.stddev`, `Saturation.mean`, `Saturation.stddev`, `Brightness.mean`, `Brightness.stddev` | `ImageStat.Stat(img.convert("HSV"))` mean and population standard deviation of H, S and V (each 0…255) |
/// | `aspect_ratio` | width ÷ height (Sketchbook) |
/// | `mean_R`, `mean_G`, `mean_B` | `ImageStat.Stat(img.convert("RGB")).mean` (Sketchbook) |
///
/// PIL's arithmetic is reproduced exactly: the RGB→HSV conversion with its single-precision
/// intermediates and truncation, the histogram-based sums, and the entropy's summation order.
/// Modes convert as PIL converts them: greyscale to (0, 0, v); `I;16` and `I` clip to 0…255; `P`
/// through its palette; alpha is ignored. Transparency (`tRNS`) does not change the mode or the
/// statistics, as in PIL. EXIF is not read.
public enum ImageMetadata {
    /// The feature names, in the order ``features(of:)`` lists them.
    public static let featureNames: [String] = [
        "ImagePixelWidth", "ImagePixelHeight", "Colorspace", "entropy", "Hue.mean", "Hue.stddev",
        "Saturation.mean", "Saturation.stddev", "Brightness.mean", "Brightness.stddev", "aspect_ratio", "mean_R",
        "mean_G", "mean_B",
    ]

    /// Decodes an image and computes its features.
    ///
    /// - Parameters:
    ///   - bytes: A whole PNG, PPM/PGM or JPEG file.
    ///   - decoder: The decoder (and its pixel limit) to use.
    /// - Returns: The features in the order of ``featureNames``: ints for the dimensions, a string for
    ///   `Colorspace`, doubles for the rest.
    /// - Throws: `ProfileError` when the image cannot be decoded (see ``ImageDecoder``).
    /// - Complexity: O(*n* + *w* × *h*).
    public static func features(
        ofEncodedImage bytes: [UInt8], decoder: ImageDecoder = ImageDecoder()
    ) throws(ProfileError) -> [(name: String, value: FeatureValue)] {
        features(of: try decoder.decode(bytes))
    }

    /// Computes the features of a decoded image.
    ///
    /// - Parameter image: A decoded image.
    /// - Returns: The features in the order of ``featureNames``.
    /// - Complexity: O(*w* × *h*).
    public static func features(of image: DecodedImage) -> [(name: String, value: FeatureValue)] {
        let stats = ImageStatistics(image)
        return [
            ("ImagePixelWidth", .int(Int64(image.width))),
            ("ImagePixelHeight", .int(Int64(image.height))),
            ("Colorspace", .string(image.mode.rawValue)),
            ("entropy", .double(stats.entropy)),
            ("Hue.mean", .double(stats.hsvMean[0])),
            ("Hue.stddev", .double(stats.hsvStddev[0])),
            ("Saturation.mean", .double(stats.hsvMean[1])),
            ("Saturation.stddev", .double(stats.hsvStddev[1])),
            ("Brightness.mean", .double(stats.hsvMean[2])),
            ("Brightness.stddev", .double(stats.hsvStddev[2])),
            ("aspect_ratio", .double(Double(image.width) / Double(image.height))),
            ("mean_R", .double(stats.rgbMean[0])),
            ("mean_G", .double(stats.rgbMean[1])),
            ("mean_B", .double(stats.rgbMean[2])),
        ]
    }
}
