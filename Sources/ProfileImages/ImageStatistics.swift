import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PIL's statistics of a decoded image: `ImageStat.Stat` of its HSV and RGB conversions and
/// `Image.entropy()`.
public struct ImageStatistics: Sendable, Hashable {
    /// Mean of H, S, V (`ImageStat.Stat(img.convert("HSV")).mean`).
    public var hsvMean: [Double]
    /// Population standard deviation of H, S, V.
    public var hsvStddev: [Double]
    /// Mean of R, G, B (`ImageStat.Stat(img.convert("RGB")).mean`).
    public var rgbMean: [Double]
    /// `img.entropy()`; NaN for an `I` image whose pixels are all equal (PIL divides 0 by 0).
    public var entropy: Double

    /// Computes the statistics of an image.
    ///
    /// - Complexity: O(*w* × *h*).
    public init(_ image: DecodedImage) {
        var hsvHistogram = [Int](repeating: 0, count: 768)
        var rgbHistogram = [Int](repeating: 0, count: 768)
        let table = image.mode == .palette ? Self.paletteTable(image.palette) : []
        for pixel in 0..<image.pixelCount {
            let (r, g, b) = Self.rgb(of: image, pixel: pixel, palette: table)
            rgbHistogram[Int(r)] += 1
            rgbHistogram[256 + Int(g)] += 1
            rgbHistogram[512 + Int(b)] += 1
            let (h, s, v) = PILColor.hsv(r, g, b)
            hsvHistogram[Int(h)] += 1
            hsvHistogram[256 + Int(s)] += 1
            hsvHistogram[512 + Int(v)] += 1
        }
        var means: [Double] = []
        var deviations: [Double] = []
        var rgbMeans: [Double] = []
        for band in 0..<3 {
            let (mean, stddev) = Self.meanAndStddev(hsvHistogram[(band * 256)..<(band * 256 + 256)])
            means.append(mean)
            deviations.append(stddev)
            rgbMeans.append(Self.meanAndStddev(rgbHistogram[(band * 256)..<(band * 256 + 256)]).mean)
        }
        hsvMean = means
        hsvStddev = deviations
        rgbMean = rgbMeans
        entropy = Self.entropy(Self.entropyHistogram(image))
    }

    /// 256 RGB entries; indices past the palette's end are black.
    private static func paletteTable(_ palette: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 768)
        for i in 0..<min(palette.count, 768) { table[i] = palette[i] }
        return table
    }

    @inline(__always)
    private static func rgb(of image: DecodedImage, pixel: Int, palette: [UInt8]) -> (UInt8, UInt8, UInt8) {
        switch image.mode {
        case .bilevel, .luminance:
            let v = image.samples[pixel]
            return (v, v, v)
        case .luminanceAlpha:
            let v = image.samples[2 * pixel]
            return (v, v, v)
        case .rgb:
            return (image.samples[3 * pixel], image.samples[3 * pixel + 1], image.samples[3 * pixel + 2])
        case .rgba:
            return (image.samples[4 * pixel], image.samples[4 * pixel + 1], image.samples[4 * pixel + 2])
        case .palette:
            let i = 3 * Int(image.samples[pixel])
            return (palette[i], palette[i + 1], palette[i + 2])
        case .integer16, .integer32:
            let v = UInt8(clamping: image.wideSamples[pixel])
            return (v, v, v)
        }
    }

    /// `ImageStat.Stat` mean and stddev from one band's 256-bin histogram, with PIL's arithmetic:
    /// integer sums, `sum / n`, and `(sum2 - sum**2 / n) / n` with Python's correctly rounded
    /// integer true division.
    static func meanAndStddev(_ histogram: ArraySlice<Int>) -> (mean: Double, stddev: Double) {
        var count = 0
        var sum = 0
        var sum2 = 0
        for (offset, c) in histogram.enumerated() where c != 0 {
            count += c
            sum += offset * c
            sum2 += offset * offset * c
        }
        guard count > 0 else { return (0, 0) }
        let mean = Double(sum) / Double(count)
        let square = UInt128(sum) * UInt128(sum)
        let variance = (Double(sum2) - correctlyRoundedQuotient(square, UInt128(count))) / Double(count)
        return (mean, variance.squareRoot())
    }

    /// `a / b` rounded to the nearest double, ties to even (Python's `int / int`).
    static func correctlyRoundedQuotient(_ a: UInt128, _ b: UInt128) -> Double {
        guard a != 0 else { return 0 }
        // Scale a so the quotient has at least 64 significant bits, then round once from 62 bits
        // with a sticky bit (62 bits leave 9 guard bits below a double's 53).
        let shift = a.leadingZeroBitCount - 1
        let scaled = a << shift
        let q = scaled / b
        let r = scaled % b
        let drop = (128 - q.leadingZeroBitCount) - 62
        var top = UInt64(truncatingIfNeeded: q >> drop)
        let lost = q & ((1 << drop) - 1)
        if lost != 0 || r != 0 { top |= 1 }
        return Double(sign: .plus, exponent: drop - shift, significand: Double(top))
    }

    /// The histogram PIL's `entropy()` uses for the image's mode.
    static func entropyHistogram(_ image: DecodedImage) -> [Int] {
        switch image.mode {
        case .integer16:
            // PIL reads an I;16 image's rows as 8-bit rows of `width` bytes: the first `width` bytes of
            // each row's little-endian storage.
            var histogram = [Int](repeating: 0, count: 256)
            for y in 0..<image.height {
                for byteIndex in 0..<image.width {
                    let value = image.wideSamples[y * image.width + byteIndex / 2]
                    let byte = byteIndex % 2 == 0 ? value & 0xFF : (value >> 8) & 0xFF
                    histogram[Int(byte)] += 1
                }
            }
            return histogram
        case .integer32:
            // 256 bins spanning the extrema, with PIL's single-precision scale and truncation.
            var histogram = [Int](repeating: 0, count: 256)
            let low = image.wideSamples.min() ?? 0
            let high = image.wideSamples.max() ?? 0
            guard low < high else { return histogram }
            let scale = Float(255) / Float(high - low)
            for value in image.wideSamples {
                let bin = Int(Float(value - low) * scale)
                if (0..<256).contains(bin) { histogram[bin] += 1 }
            }
            return histogram
        default:
            let bands = image.mode.channelCount
            var histogram = [Int](repeating: 0, count: 256 * bands)
            for (i, sample) in image.samples.enumerated() {
                histogram[(i % bands) * 256 + Int(sample)] += 1
            }
            return histogram
        }
    }

    /// PIL's `_entropy`: `-Σ p · log(p) · log2(e)` over the bins, in bin order, `p = count / total`.
    static func entropy(_ histogram: [Int]) -> Double {
        let total = Double(histogram.reduce(0, +))
        var sum = 0.0
        for count in histogram {
            let p = Double(count) / total
            if p != 0 { sum += p * log(p) * 1.4426950408889634074 }
        }
        return -sum
    }
}
