import Profiles

/// Reading one column's values out of a body (spec §6), for the layouts the profiler logs.
enum _ArrowColumnDecoding {
    /// Loads value `index` of a fixed-width buffer as a little-endian integer.
    @inline(__always) static func load<T: FixedWidthInteger>(
        _ data: UnsafeRawBufferPointer, _ index: Int, as _: T.Type
    ) -> T {
        T(littleEndian: data.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
    }

    /// The integer at `index` of a buffer of `bitWidth`-bit ints, widened to `Int64` (uint64 as
    /// its bit pattern).
    @inline(__always) static func integer(
        _ data: UnsafeRawBufferPointer, _ index: Int, bitWidth: Int, signed: Bool
    ) -> Int64 {
        switch (bitWidth, signed) {
        case (8, true): Int64(load(data, index, as: Int8.self))
        case (8, false): Int64(load(data, index, as: UInt8.self))
        case (16, true): Int64(load(data, index, as: Int16.self))
        case (16, false): Int64(load(data, index, as: UInt16.self))
        case (32, true): Int64(load(data, index, as: Int32.self))
        case (32, false): Int64(load(data, index, as: UInt32.self))
        default: load(data, index, as: Int64.self)
        }
    }

    /// The strings of a utf8 or large utf8 column (spec §6.3), `nil` for nulls; invalid UTF-8 is
    /// replaced by U+FFFD and counted.
    static func strings(
        body: _ArrowBody, firstBuffer: Int, length: Int, nullCount: Int, large: Bool, column: String,
        invalidUTF8: inout Int
    ) throws(ArrowError) -> [String?] {
        let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: column)
        let data = try body.buffer(firstBuffer + 2, column: column, what: "data")
        let offsets = try body.offsets(
            firstBuffer + 1, length: length, width: large ? 8 : 4, dataCount: data.count, column: column)
        var result: [String?] = []
        result.reserveCapacity(length)
        for row in 0..<length {
            if let validity, !validity.isValid(row) {
                result.append(nil)
                continue
            }
            let bytes = UnsafeRawBufferPointer(rebasing: data[offsets[row]..<offsets[row + 1]])
            let units = bytes.bindMemory(to: UInt8.self)
            // `String(validating:as:)` is generic and slow per value; validate, then decode
            // (which repairs invalid bytes with U+FFFD).
            if !_UTF8Validation.isValid(units) { invalidUTF8 += 1 }
            result.append(String(decoding: units, as: UTF8.self))
        }
        return result
    }

    /// The bytes of a binary or large binary column, `nil` for nulls.
    static func binaries(
        body: _ArrowBody, firstBuffer: Int, length: Int, nullCount: Int, large: Bool, column: String
    ) throws(ArrowError) -> [[UInt8]?] {
        let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: column)
        let data = try body.buffer(firstBuffer + 2, column: column, what: "data")
        let offsets = try body.offsets(
            firstBuffer + 1, length: length, width: large ? 8 : 4, dataCount: data.count, column: column)
        return (0..<length).map { row in
            if let validity, !validity.isValid(row) { return nil }
            return Array(data[offsets[row]..<offsets[row + 1]])
        }
    }

    /// A decimal's value as a double, rounded correctly from its exact decimal value (as Python's
    /// `float(Decimal)`): the two's-complement integer of `words` (least significant first)
    /// scaled by 10^−scale.
    static func decimal(words: [UInt64], scale: Int) -> Double {
        let negative = (words.last ?? 0) >> 63 == 1
        var magnitude = words
        if negative {
            // Two's complement negation.
            var carry: UInt64 = 1
            for index in magnitude.indices {
                let (sum, overflow) = (~magnitude[index]).addingReportingOverflow(carry)
                magnitude[index] = sum
                carry = overflow ? 1 : 0
            }
        }
        // Decimal digits by repeated division by 10^18.
        var chunks: [UInt64] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in magnitude.indices.reversed() {
                let (quotient, rest) = UInt64(1_000_000_000_000_000_000).dividingFullWidth(
                    (remainder, magnitude[index]))
                magnitude[index] = quotient
                remainder = rest
            }
            chunks.append(remainder)
        }
        var digits = chunks.last.map { String($0) } ?? "0"
        for chunk in chunks.dropLast().reversed() {
            let text = String(chunk)
            digits += String(repeating: "0", count: 18 - text.count) + text
        }
        return Double("\(negative ? "-" : "")\(digits)e\(-scale)") ?? .nan
    }

    /// A half-precision float's value (IEEE 754 binary16), exactly.
    static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits >> 15 == 1 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
