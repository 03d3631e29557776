extension FrequentItemsMetric {
    /// A double as C's `printf("%f")` (and so C++ `std::to_string`) prints it with glibc: the
    /// exact binary value rounded half-to-even to six decimals, every integer digit written
    /// (`1e300` gives 301 digits), `-` for every negative value including `-0.0` and values that
    /// round to zero, `inf`/`-inf`, and `nan`/`-nan` by the sign bit.
    ///
    /// - Parameter value: the double.
    /// - Returns: the formatted string, e.g. `"2.500000"`, `"-0.000000"`, `"0.100000"`.
    /// - Complexity: O(digits²) for huge values; O(1) for values below 2^64.
    public static func cFormat(_ value: Double) -> String {
        let sign = value.sign == .minus ? "-" : ""
        if value.isNaN { return sign + "nan" }
        if value.isInfinite { return sign + "inf" }
        let magnitude = value.magnitude
        if magnitude == 0 { return sign + "0.000000" }
        // magnitude = significand · 2^exponent with an integer significand < 2^53.
        let exponent = Int(magnitude.exponent) - 52
        var significand = UInt64(magnitude.significandBitPattern)
        var shift = exponent
        if magnitude.isSubnormal {
            shift = -1074
        } else {
            significand |= 1 << 52
        }
        if shift >= 0 {
            return sign + decimalDigits(significand: significand, shift: shift) + ".000000"
        }
        // Fractional: millionths = round_half_even(significand · 10^6 / 2^-shift).
        let down = -shift
        if down >= 74 {
            // significand · 10^6 < 2^73 ≤ half a unit: rounds to zero.
            return sign + "0.000000"
        }
        let scaled = UInt128(significand) * 1_000_000
        var millionths = scaled >> down
        let remainder = scaled - (millionths << down)
        let half = UInt128(1) << (down - 1)
        if remainder > half || (remainder == half && millionths & 1 == 1) { millionths += 1 }
        let integerPart = millionths / 1_000_000
        let fraction = String(UInt64(millionths % 1_000_000))
        let padded = String(repeating: "0", count: 6 - fraction.count) + fraction
        return sign + String(integerPart) + "." + padded
    }

    /// The decimal digits of `significand · 2^shift`.
    private static func decimalDigits(significand: UInt64, shift: Int) -> String {
        if shift <= 11 { return String(UInt64(significand) << UInt64(shift)) }
        // Little-endian 32-bit limbs.
        var limbs: [UInt32] = [UInt32(truncatingIfNeeded: significand), UInt32(truncatingIfNeeded: significand >> 32)]
        let wordShift = shift / 32
        let bitShift = shift % 32
        if bitShift > 0 {
            var carry: UInt32 = 0
            for index in limbs.indices {
                let wide = (UInt64(limbs[index]) << UInt64(bitShift)) | UInt64(carry)
                limbs[index] = UInt32(truncatingIfNeeded: wide)
                carry = UInt32(truncatingIfNeeded: wide >> 32)
            }
            if carry != 0 { limbs.append(carry) }
        }
        limbs.insert(contentsOf: repeatElement(0, count: wordShift), at: 0)
        // Repeated division by 10^9.
        var groups: [UInt32] = []
        while !(limbs.count == 1 && limbs[0] == 0) && !limbs.isEmpty {
            var remainder: UInt64 = 0
            for index in limbs.indices.reversed() {
                let current = (remainder << 32) | UInt64(limbs[index])
                limbs[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            groups.append(UInt32(remainder))
            while limbs.count > 1 && limbs[limbs.count - 1] == 0 { limbs.removeLast() }
        }
        var text = String(groups.last ?? 0)
        for group in groups.dropLast().reversed() {
            let digits = String(group)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
