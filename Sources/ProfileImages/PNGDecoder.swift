internal import CZlib
import Profiles

/// The PNG reader behind ``ImageDecoder``.
struct PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Adam7 passes: x0, y0, dx, dy.
    static let adam7: [(Int, Int, Int, Int)] = [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ]

    let bytes: [UInt8]
    let maxPixelCount: Int

    struct Header {
        var width = 0, height = 0, depth = 0, colorType = 0, interlaced = false
        var channels: Int {
            switch colorType {
            case 2: 3
            case 4: 2
            case 6: 4
            default: 1
            }
        }
    }

    func decode() throws(ProfileError) -> DecodedImage {
        var offset = Self.signature.count
        var header: Header?
        var palette: [UInt8] = []
        var inflater: Inflater?
        var sawIDAT = false
        var idatEnded = false

        while true {
            guard offset + 8 <= bytes.count else {
                return try ImageDecoder.fail(
                    .truncated, "PNG chunk header", expected: "8 bytes", actual: "\(bytes.count - offset)",
                    offset: offset)
            }
            let length = Int(readUInt32(offset))
            let type = Array(bytes[(offset + 4)..<(offset + 8)])
            let name = String(decoding: type, as: UTF8.self)
            guard length <= 0x7FFF_FFFF else {
                return try ImageDecoder.fail(
                    .invalidValue, "PNG \(name) length", expected: "< 2^31", actual: "\(length)", offset: offset)
            }
            let dataStart = offset + 8
            guard bytes.count - dataStart >= length + 4 else {
                return try ImageDecoder.fail(
                    .truncated, "PNG \(name) chunk", expected: "\(length + 4) bytes of data and CRC",
                    actual: "\(bytes.count - dataStart)", offset: offset)
            }
            let crcStored = readUInt32(dataStart + length)
            let crcActual = bytes.withUnsafeBufferPointer { buffer in
                UInt32(crc32(0, buffer.baseAddress! + offset + 4, UInt32(length + 4)))
            }
            guard crcStored == crcActual else {
                return try ImageDecoder.fail(
                    .invalidValue, "PNG \(name) CRC", expected: hex(crcActual), actual: hex(crcStored),
                    offset: dataStart + length)
            }
            if header == nil && name != "IHDR" {
                return try ImageDecoder.fail(
                    .invalidValue, "PNG first chunk", expected: "IHDR", actual: name, offset: offset)
            }
            if sawIDAT && name != "IDAT" { idatEnded = true }
            switch name {
            case "IHDR":
                guard header == nil else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG IHDR", expected: "one IHDR", actual: "a second one", offset: offset)
                }
                let parsed = try parseHeader(at: dataStart, length: length)
                header = parsed
                inflater = try Inflater(expectedCount: rawByteCount(parsed))
            case "PLTE":
                guard length % 3 == 0, length > 0, length <= 768 else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG PLTE length", expected: "a multiple of 3 in 3…768",
                        actual: "\(length)", offset: offset)
                }
                palette = Array(bytes[dataStart..<(dataStart + length)])
            case "IDAT":
                guard !idatEnded else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG IDAT", expected: "consecutive IDAT chunks",
                        actual: "IDAT after another chunk", offset: offset)
                }
                sawIDAT = true
                try inflater?.feed(bytes, range: dataStart..<(dataStart + length), offset: dataStart)
            case "IEND":
                guard let header, let inflater, sawIDAT else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG IDAT", expected: "at least one IDAT chunk", actual: "none",
                        offset: offset)
                }
                let raw = try inflater.finish(offset: offset)
                if header.colorType == 3 && palette.isEmpty {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG PLTE", expected: "a palette for colour type 3", actual: "none")
                }
                return try expand(raw, header: header, palette: palette)
            default:
                // Unknown critical chunks (upper-case first letter) cannot be skipped.
                if type[0] & 0x20 == 0 {
                    return try ImageDecoder.fail(
                        .unsupported, "PNG chunk", expected: "a known critical chunk", actual: name,
                        offset: offset)
                }
            }
            offset = dataStart + length + 4
        }
    }

    private func readUInt32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    private func parseHeader(at start: Int, length: Int) throws(ProfileError) -> Header {
        guard length == 13 else {
            return try ImageDecoder.fail(
                .invalidValue, "PNG IHDR length", expected: "13", actual: "\(length)", offset: start - 8)
        }
        var h = Header()
        h.width = Int(readUInt32(start))
        h.height = Int(readUInt32(start + 4))
        h.depth = Int(bytes[start + 8])
        h.colorType = Int(bytes[start + 9])
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[h.colorType], depths.contains(h.depth) else {
            return try ImageDecoder.fail(
                .invalidValue, "PNG IHDR colour type / bit depth", expected: "a combination the PNG standard allows",
                actual: "colour type \(h.colorType), depth \(h.depth)", offset: start + 8)
        }
        guard bytes[start + 10] == 0, bytes[start + 11] == 0, bytes[start + 12] <= 1 else {
            return try ImageDecoder.fail(
                .invalidValue, "PNG IHDR methods", expected: "compression 0, filter 0, interlace 0 or 1",
                actual: "\(bytes[start + 10]), \(bytes[start + 11]), \(bytes[start + 12])", offset: start + 10)
        }
        h.interlaced = bytes[start + 12] == 1
        guard h.width <= 0x7FFF_FFFF, h.height <= 0x7FFF_FFFF else {
            return try ImageDecoder.fail(
                .invalidValue, "PNG IHDR size", expected: "width and height < 2^31",
                actual: "\(h.width) × \(h.height)", offset: start)
        }
        try ImageDecoder.checkSize(
            width: h.width, height: h.height, limit: maxPixelCount, field: "PNG IHDR size", offset: start)
        return h
    }

    /// The passes of an image: (x0, y0, dx, dy, width, height) of each non-empty pass.
    private func passes(_ h: Header) -> [(x0: Int, y0: Int, dx: Int, dy: Int, w: Int, h: Int)] {
        if !h.interlaced { return [(0, 0, 1, 1, h.width, h.height)] }
        return Self.adam7.compactMap { (x0, y0, dx, dy) in
            let w = (h.width - x0 + dx - 1) / dx
            let ph = (h.height - y0 + dy - 1) / dy
            return w > 0 && ph > 0 ? (x0, y0, dx, dy, w, ph) : nil
        }
    }

    private func rowBytes(_ width: Int, _ h: Header) -> Int { (width * h.channels * h.depth + 7) / 8 }

    /// Filtered bytes the header promises: per pass, rows × (1 + row bytes).
    private func rawByteCount(_ h: Header) -> Int {
        passes(h).reduce(0) { $0 + $1.h * (1 + rowBytes($1.w, h)) }
    }

    /// Unfilters every pass and scatters its samples into PIL's layout.
    private func expand(_ raw: [UInt8], header h: Header, palette: [UInt8]) throws(ProfileError) -> DecodedImage {
        let mode: DecodedImage.Mode =
            switch (h.colorType, h.depth) {
            case (0, 1): .bilevel
            case (0, 16): .integer16
            case (0, _): .luminance
            case (2, _): .rgb
            case (3, _): .palette
            case (4, 8): .luminanceAlpha
            case (4, _): .rgba
            default: .rgba
            }
        let outChannels = mode.channelCount
        var samples = [UInt8](repeating: 0, count: mode.isWide ? 0 : h.width * h.height * outChannels)
        var wide = [Int32](repeating: 0, count: mode.isWide ? h.width * h.height : 0)
        let bpp = max(1, h.channels * h.depth / 8)
        var cursor = 0
        for pass in passes(h) {
            let stride = rowBytes(pass.w, h)
            var previous = [UInt8](repeating: 0, count: stride)
            var row = [UInt8](repeating: 0, count: stride)
            for y in 0..<pass.h {
                let filter = raw[cursor]
                guard filter <= 4 else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNG filter type", expected: "0…4", actual: "\(filter)")
                }
                for i in 0..<stride { row[i] = raw[cursor + 1 + i] }
                cursor += 1 + stride
                Self.unfilter(&row, previous: previous, type: filter, bpp: bpp)
                let outY = pass.y0 + y * pass.dy
                for x in 0..<pass.w {
                    let pixel = outY * h.width + pass.x0 + x * pass.dx
                    for c in 0..<h.channels {
                        let v = Self.sample(row, index: x * h.channels + c, depth: h.depth)
                        switch mode {
                        case .integer16: wide[pixel] = Int32(v)
                        case .bilevel: samples[pixel] = v == 0 ? 0 : 255
                        case .palette: samples[pixel] = UInt8(v)
                        case .luminance: samples[pixel] = UInt8(v * (255 / ((1 << h.depth) - 1)))
                        case .rgba where h.colorType == 4:  // 16-bit LA becomes RGBA in PIL
                            let byte = UInt8(v >> 8)
                            if c == 0 {
                                samples[pixel * 4] = byte
                                samples[pixel * 4 + 1] = byte
                                samples[pixel * 4 + 2] = byte
                            } else {
                                samples[pixel * 4 + 3] = byte
                            }
                        default: samples[pixel * outChannels + c] = UInt8(h.depth == 16 ? v >> 8 : v)
                        }
                    }
                }
                swap(&row, &previous)
            }
        }
        return DecodedImage(
            mode: mode, format: .png, width: h.width, height: h.height, samples: samples, wideSamples: wide,
            palette: mode == .palette ? palette : [])
    }

    @inline(__always)
    private static func sample(_ row: [UInt8], index: Int, depth: Int) -> Int {
        switch depth {
        case 8: return Int(row[index])
        case 16: return Int(row[2 * index]) << 8 | Int(row[2 * index + 1])
        default:
            let bit = index * depth
            let shift = 8 - depth - bit % 8
            return Int(row[bit / 8] >> UInt8(shift)) & ((1 << depth) - 1)
        }
    }

    private static func unfilter(_ row: inout [UInt8], previous: [UInt8], type: UInt8, bpp: Int) {
        let n = row.count
        switch type {
        case 1:
            for i in bpp..<max(bpp, n) { row[i] &+= row[i - bpp] }
        case 2:
            for i in 0..<n { row[i] &+= previous[i] }
        case 3:
            for i in 0..<n {
                let left = i >= bpp ? Int(row[i - bpp]) : 0
                row[i] &+= UInt8((left + Int(previous[i])) / 2)
            }
        case 4:
            for i in 0..<n {
                let a = i >= bpp ? Int(row[i - bpp]) : 0
                let b = Int(previous[i])
                let c = i >= bpp ? Int(previous[i - bpp]) : 0
                let p = a + b - c
                let pa = abs(p - a)
                let pb = abs(p - b)
                let pc = abs(p - c)
                let predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                row[i] &+= UInt8(predictor)
            }
        default:
            break
        }
    }
}
