import Profiles

/// A decoded image as PIL would hold it after `Image.open(…).load()`: its mode, size and samples.
///
/// 8-bit modes (`1`, `L`, `LA`, `RGB`, `RGBA`, `P`) keep one byte per channel, interleaved, rows top
/// to bottom, in ``samples``; mode `1` stores 0 or 255 per pixel (PIL's `convert("L")` of it), `P`
/// stores palette indices with the colours in ``palette``. The wide integer modes PIL uses for
/// 16-bit greyscale PNG (`I;16`) and for PGM with a maxval above 255 (`I`) keep their values in
/// ``wideSamples`` instead, one per pixel.
public struct DecodedImage: Sendable, Hashable {
    /// The PIL mode of an image (`img.mode`).
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Bilevel (1-bit greyscale PNG); samples are 0 or 255.
        case bilevel = "1"
        /// 8-bit greyscale.
        case luminance = "L"
        /// 8-bit greyscale with alpha.
        case luminanceAlpha = "LA"
        /// 8-bit RGB.
        case rgb = "RGB"
        /// 8-bit RGB with alpha.
        case rgba = "RGBA"
        /// Palette indices.
        case palette = "P"
        /// 16-bit unsigned greyscale (16-bit greyscale PNG).
        case integer16 = "I;16"
        /// 32-bit signed greyscale (PGM with maxval above 255).
        case integer32 = "I"

        /// Channels per pixel.
        public var channelCount: Int {
            switch self {
            case .bilevel, .luminance, .palette, .integer16, .integer32: 1
            case .luminanceAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }

        /// Whether samples live in ``DecodedImage/wideSamples`` rather than ``DecodedImage/samples``.
        public var isWide: Bool { self == .integer16 || self == .integer32 }
    }

    /// The encoded format the image was read from (PIL's `img.format`).
    public enum Format: String, Sendable, Hashable {
        /// PNG.
        case png = "PNG"
        /// PPM or PGM (netpbm), which PIL names `PPM` for both.
        case ppm = "PPM"
        /// JPEG (JFIF/EXIF), baseline or progressive.
        case jpeg = "JPEG"
    }

    /// The PIL mode.
    public var mode: Mode
    /// The source format.
    public var format: Format
    /// Width in pixels (≥ 1).
    public var width: Int
    /// Height in pixels (≥ 1).
    public var height: Int
    /// 8-bit samples, `width × height × mode.channelCount`, interleaved; empty for wide modes.
    public var samples: [UInt8]
    /// Wide samples (`I;16`, `I`), `width × height`; empty otherwise.
    public var wideSamples: [Int32]
    /// For `P`: the palette as RGB triples (up to 256 entries); empty otherwise. Indices past the end
    /// read as black, as in PIL.
    public var palette: [UInt8]

    /// Creates an image; the sample count must match the size and mode.
    public init(
        mode: Mode, format: Format, width: Int, height: Int, samples: [UInt8] = [], wideSamples: [Int32] = [],
        palette: [UInt8] = []
    ) {
        precondition(width > 0 && height > 0, "an image has at least one pixel")
        if mode.isWide {
            precondition(wideSamples.count == width * height && samples.isEmpty, "wide sample count")
        } else {
            precondition(samples.count == width * height * mode.channelCount && wideSamples.isEmpty, "sample count")
        }
        self.mode = mode
        self.format = format
        self.width = width
        self.height = height
        self.samples = samples
        self.wideSamples = wideSamples
        self.palette = palette
    }

    /// The pixel count.
    public var pixelCount: Int { width * height }
}
