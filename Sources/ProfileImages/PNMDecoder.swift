import Profiles

/// The PPM/PGM (`P2`, `P3`, `P5`, `P6`) reader behind ``ImageDecoder``, following PIL's rules:
/// greyscale with maxval ≤ 255 is `L`, above 255 is `I` (scaled to 0…65535 unless maxval is
/// 65535 in binary); colour is `RGB` scaled to 0…255. Scaling is `round(v / maxval × out)` with
/// Python's round-half-to-even; binary samples above maxval are clamped, ASCII ones are errors.
struct PNMDecoder {
    let bytes: [UInt8]
    let maxPixelCount: Int

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    func decode() throws(ProfileError) -> DecodedImage {
        let magic = bytes[1]
        let ascii = magic == UInt8(ascii: "2") || magic == UInt8(ascii: "3")
        let channels = magic == UInt8(ascii: "3") || magic == UInt8(ascii: "6") ? 3 : 1
        var cursor = 2
        guard cursor < bytes.count, Self.isSpace(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "#") else {
            return try ImageDecoder.fail(
                .invalidMagic, "PNM magic", expected: "P2, P3, P5 or P6 then white space", actual: "other bytes",
                offset: 0)
        }
        var header: [Int] = []
        while header.count < 3 {
            header.append(try headerNumber(&cursor))
        }
        let (width, height, maxval) = (header[0], header[1], header[2])
        guard (1...65535).contains(maxval) else {
            return try ImageDecoder.fail(
                .invalidValue, "PNM maxval", expected: "1…65535", actual: "\(maxval)", offset: cursor)
        }
        try ImageDecoder.checkSize(width: width, height: height, limit: maxPixelCount, field: "PNM size")
        // Exactly one white-space byte separates the header from binary data.
        guard cursor < bytes.count, Self.isSpace(bytes[cursor]) else {
            return try ImageDecoder.fail(
                .truncated, "PNM header", expected: "white space after maxval", actual: "end of data",
                offset: cursor)
        }
        cursor += 1
        let wide = channels == 1 && maxval > 255
        let outMax = wide ? 65535 : 255
        let count = width * height * channels
        var values = [Int](repeating: 0, count: count)
        if ascii {
            for i in 0..<count {
                let v = try dataNumber(&cursor)
                guard v <= maxval else {
                    return try ImageDecoder.fail(
                        .invalidValue, "PNM sample", expected: "≤ maxval \(maxval)", actual: "\(v)", offset: cursor)
                }
                values[i] = Self.scale(v, maxval: maxval, outMax: outMax)
            }
        } else {
            let size = maxval > 255 ? 2 : 1
            guard (bytes.count - cursor) / size >= count else {
                return try ImageDecoder.fail(
                    .truncated, "PNM pixel data", expected: "\(count * size) bytes",
                    actual: "\(bytes.count - cursor)", offset: cursor)
            }
            let raw = maxval == outMax  // PIL's raw decoder: no scaling, no clamping
            for i in 0..<count {
                let at = cursor + i * size
                let v = size == 2 ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at])
                values[i] = raw ? v : min(outMax, Self.scale(v, maxval: maxval, outMax: outMax))
            }
        }
        if wide {
            return DecodedImage(
                mode: .integer32, format: .ppm, width: width, height: height, wideSamples: values.map { Int32($0) })
        }
        return DecodedImage(
            mode: channels == 3 ? .rgb : .luminance, format: .ppm, width: width, height: height,
            samples: values.map { UInt8($0) })
    }

    /// Python's `round(v / maxval * outMax)`.
    private static func scale(_ v: Int, maxval: Int, outMax: Int) -> Int {
        if maxval == outMax { return v }
        return Int((Double(v) / Double(maxval) * Double(outMax)).rounded(.toNearestOrEven))
    }

    /// A decimal number in the header, skipping white space and `#` comments.
    private func headerNumber(_ cursor: inout Int) throws(ProfileError) -> Int {
        while cursor < bytes.count {
            if Self.isSpace(bytes[cursor]) {
                cursor += 1
            } else if bytes[cursor] == UInt8(ascii: "#") {
                while cursor < bytes.count && bytes[cursor] != 0x0A && bytes[cursor] != 0x0D { cursor += 1 }
            } else {
                break
            }
        }
        return try digits(&cursor, field: "PNM header")
    }

    /// A decimal number in ASCII pixel data.
    private func dataNumber(_ cursor: inout Int) throws(ProfileError) -> Int {
        while cursor < bytes.count && Self.isSpace(bytes[cursor]) { cursor += 1 }
        return try digits(&cursor, field: "PNM sample")
    }

    private func digits(_ cursor: inout Int, field: String) throws(ProfileError) -> Int {
        guard cursor < bytes.count else {
            return try ImageDecoder.fail(
                .truncated, field, expected: "a decimal number", actual: "end of data", offset: cursor)
        }
        let start = cursor
        var value = 0
        while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) {
            value = value * 10 + Int(bytes[cursor] - 0x30)
            cursor += 1
            guard cursor - start <= 9 else {
                return try ImageDecoder.fail(
                    .invalidValue, field, expected: "a number below 10^9", actual: "more digits", offset: start)
            }
        }
        guard cursor > start, cursor == bytes.count || Self.isSpace(bytes[cursor]) || bytes[cursor] == 0x23 else {
            let actual = cursor < bytes.count ? "byte 0x\(String(bytes[cursor], radix: 16))" : "end of data"
            return try ImageDecoder.fail(
                .invalidValue, field, expected: "a decimal number", actual: actual, offset: cursor)
        }
        return value
    }
}
