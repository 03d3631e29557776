/// How `pandas.read_csv` (C engine, default options) reads one field's text as a number, a boolean
/// or a missing value. Every rule here was checked against pandas 2.2 (the version whylogs 1.6.4
/// runs with); the CSV profiler uses them so that a profile equals
/// `why.log(pandas.read_csv(path))`.
///
/// - Missing values: the field equals one of pandas' default NA strings exactly (no trimming):
///   `""`, `#N/A`, `#N/A N/A`, `#NA`, `-1.#IND`, `-1.#QNAN`, `-NaN`, `-nan`, `1.#IND`, `1.#QNAN`,
///   `<NA>`, `N/A`, `NA`, `NULL`, `NaN`, `None`, `n/a`, `nan`, `null`.
/// - Integers: optional ASCII whitespace, an optional sign, at least one digit, optional
///   whitespace; nothing else. A value outside `Int64` is an overflow, not a failure.
/// - Floats (pandas' "high precision" converter): whitespace, sign, digits, an optional `.` and
///   digits, an optional exponent with at least one digit, whitespace. Only the first 17
///   significant digits count (a leading zero counts as one): they accumulate in a `Double`
///   (`number * 10 + digit`) that is then multiplied or divided by the correctly rounded power of
///   ten; an exponent above 308, or a result of ±∞, is a failure. The words `inf`, `+inf`,
///   `-inf`, `infinity`, `+infinity`, `-infinity` (any case, nothing around them) are ±∞.
/// - Booleans: `true` or `false` in any case.
///
/// Whitespace is ASCII space, tab, LF, VT, FF and CR.
package enum _PandasValueParsing {
    /// The outcome of reading a field as an `Int64`.
    package enum IntegerParse: Equatable {
        case value(Int64)
        /// Not an integer (no digits, or other characters).
        case invalid
        /// An integer outside `Int64`.
        case overflow
    }

    /// The outcome of reading a field as a `Double`.
    package struct FloatParse {
        /// The value, or `nil` when the field is not a float.
        package var value: Double?
        /// Whether the text is an integer literal (no decimal point, no exponent, not an
        /// infinity word).
        package var isIntegerLiteral: Bool
        /// The number of digits before the decimal point (all of them, leading zeros included).
        package var integerDigits: Int

        @inlinable
        package init(value: Double?, isIntegerLiteral: Bool, integerDigits: Int) {
            self.value = value
            self.isIntegerLiteral = isIntegerLiteral
            self.integerDigits = integerDigits
        }
    }

    @inlinable @inline(__always)
    package static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte &- 0x09) < 5
    }

    @inlinable @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool {
        (byte &- 0x30) < 10
    }

    // MARK: - Missing values

    @inline(__always)
    @inlinable static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        for index in bytes.indices.reversed() { word = word << 8 | UInt64(bytes[index]) }
        return word
    }

    /// Whether the field is one of pandas' default missing-value strings.
    ///
    /// - Complexity: O(1): a number is rejected on its first two bytes; otherwise the field, at
    ///   most 8 bytes, is compared as one little-endian word with the NA strings of its length.
    @inlinable @inline(__always)
    package static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        if count == 0 { return true }
        if count > 8 { return false }
        // Every NA string starts with `#`, `-`, `1`, `<`, `N` or `n`; those starting with `-` or
        // `1` continue with `1`, `N`, `n` or `.`, which no number does after a `-` or a `1`
        // but `-1` (`-1.#IND`) and `1.` (`1.#IND`): check their `#`.
        switch bytes[0] {
        case UInt8(ascii: "#"), UInt8(ascii: "<"), UInt8(ascii: "N"), UInt8(ascii: "n"):
            break
        case UInt8(ascii: "-"):
            guard count >= 4 else { return false }
            let second = bytes[1]
            guard second == UInt8(ascii: "N") || second == UInt8(ascii: "n") || bytes[3] == UInt8(ascii: "#")
            else { return false }
        case UInt8(ascii: "1"):
            guard count >= 6, bytes[2] == UInt8(ascii: "#") else { return false }
        default:
            return false
        }
        return isMissingWord(pack(bytes), count: count)
    }

    /// Whether a packed field of `count` bytes is an NA string (the words are the strings'
    /// UTF-8 bytes, little-endian).
    @inlinable static func isMissingWord(_ word: UInt64, count: Int) -> Bool {
        switch count {
        case 2: word == 0x414e  // NA
        case 3:
            // #NA N/A NaN n/a nan
            word == 0x414e23 || word == 0x412f4e || word == 0x4e614e || word == 0x612f6e || word == 0x6e616e
        case 4:
            // #N/A -NaN -nan <NA> NULL None null
            word == 0x412f4e23 || word == 0x4e614e2d || word == 0x6e616e2d || word == 0x3e414e3c
                || word == 0x4c4c554e || word == 0x656e6f4e || word == 0x6c6c756e
        case 6: word == 0x444e49232e31  // 1.#IND
        case 7: word == 0x444e49232e312d || word == 0x4e414e51232e31  // -1.#IND 1.#QNAN
        case 8: word == 0x412f4e20412f4e23 || word == 0x4e414e51232e312d  // #N/A N/A -1.#QNAN
        default: false
        }
    }

    // MARK: - Booleans

    /// The field as a boolean (`true`/`false`, any case), or `nil`.
    @inlinable @inline(__always)
    package static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if bytes.count == 4, pack(bytes) | 0x2020_2020 == packed("true") { return true }
        if bytes.count == 5 {
            let low =
                UInt64(bytes[0]) | UInt64(bytes[1]) << 8 | UInt64(bytes[2]) << 16
                | UInt64(bytes[3]) << 24 | UInt64(bytes[4]) << 32
            if low | 0x20_2020_2020 == packed("false") { return false }
        }
        return nil
    }

    @inlinable static func packed(_ word: StaticString) -> UInt64 {
        word.withUTF8Buffer { pack($0) }
    }

    // MARK: - Integers

    /// Reads the field as pandas reads an `int64` column's value.
    @inlinable package static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> IntegerParse {
        var index = 0
        let end = bytes.count
        while index < end, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end, isDigit(bytes[index]) else { return .invalid }
        // Like the C parser, stop at the first digit that would leave the range and report an
        // overflow, whatever follows.
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        var magnitude: UInt64 = 0
        while index < end, isDigit(bytes[index]) {
            let digit = UInt64(bytes[index] &- 0x30)
            if magnitude > (limit - digit) / 10 { return .overflow }
            magnitude = magnitude * 10 + digit
            index += 1
        }
        while index < end, isSpace(bytes[index]) { index += 1 }
        guard index == end else { return .invalid }
        if negative { return .value(magnitude == limit ? .min : -Int64(magnitude)) }
        return .value(Int64(magnitude))
    }

    // MARK: - Floats

    /// 10^0 … 10^308, each correctly rounded.
    @usableFromInline static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)")! }

    /// Calls `body` with the table of 10^0 … 10^308 (hoist it out of loops over values).
    @inlinable @inline(__always)
    package static func withPowersOfTen<R>(_ body: (UnsafePointer<Double>) -> R) -> R {
        powersOfTen.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Reads the field as pandas' default float converter does (see the type's documentation).
    @inlinable package static func float(_ bytes: UnsafeBufferPointer<UInt8>) -> FloatParse {
        withPowersOfTen { float(bytes, powers: $0) }
    }

    /// Reads the field as pandas' default float converter does, with the table of
    /// ``withPowersOfTen(_:)``.
    ///
    /// The common case, an optional `-`, at most 17 digits with an optional `.`, and a value
    /// below 2^53, takes a fast path: the digits accumulate exactly in an integer, which is what
    /// pandas' `Double` accumulation gives for such values.
    @inlinable @inline(__always)
    package static func float(_ bytes: UnsafeBufferPointer<UInt8>, powers: UnsafePointer<Double>) -> FloatParse {
        let end = bytes.count
        var index = 0
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        while index < end {
            let digit = bytes[index] &- 0x30
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            digits += 1
            index += 1
        }
        let integerDigits = digits
        var decimals = 0
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end {
                let digit = bytes[index] &- 0x30
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                decimals += 1
                index += 1
            }
        }
        guard index == end, digits > 0, digits <= 17, mantissa <= 1 << 53 else {
            return preciseFloat(bytes, powers: powers)
        }
        var number = Double(mantissa)
        if negative { number = -number }
        number /= powers[decimals]
        return FloatParse(
            value: number, isIntegerLiteral: decimals == 0 && bytes[end - 1] != UInt8(ascii: "."),
            integerDigits: integerDigits)
    }

    /// The full converter: whitespace, signs, exponents, more than 17 digits.
    @usableFromInline static func preciseFloat(
        _ bytes: UnsafeBufferPointer<UInt8>, powers powersOfTen: UnsafePointer<Double>
    )
        -> FloatParse
    {
        let maxDigits = 17
        var index = 0
        let end = bytes.count
        while index < end, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var number = 0.0
        var exponent = 0
        var digits = 0
        var integerDigits = 0
        var isIntegerLiteral = true
        while index < end, isDigit(bytes[index]) {
            if digits < maxDigits {
                number = number * 10 + Double(bytes[index] &- 0x30)
                digits += 1
            } else {
                exponent += 1
            }
            integerDigits += 1
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isIntegerLiteral = false
            index += 1
            var decimals = 0
            while digits < maxDigits, index < end, isDigit(bytes[index]) {
                number = number * 10 + Double(bytes[index] &- 0x30)
                digits += 1
                decimals += 1
                index += 1
            }
            while index < end, isDigit(bytes[index]) { index += 1 }
            exponent -= decimals
        }
        guard digits > 0 else { return infinityWord(bytes) }
        if negative { number = -number }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isIntegerLiteral = false
            index += 1
            var negativeExponent = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negativeExponent = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            var value = 0
            while exponentDigits < maxDigits, index < end, isDigit(bytes[index]) {
                value = value * 10 + Int(bytes[index] &- 0x30)
                exponentDigits += 1
                index += 1
            }
            // An exponent marker without digits leaves the marker unread, so the field fails.
            guard exponentDigits > 0 else { return infinityWord(bytes) }
            exponent += negativeExponent ? -value : value
        }
        if exponent > 308 { return infinityWord(bytes) }
        if exponent > 0 {
            number *= powersOfTen[exponent]
        } else if exponent < -308 {
            if exponent < -616 {
                number = 0
            } else {
                number /= powersOfTen[-308 - exponent]
                number /= powersOfTen[308]
            }
        } else {
            number /= powersOfTen[-exponent]
        }
        if number.isInfinite { return infinityWord(bytes) }
        while index < end, isSpace(bytes[index]) { index += 1 }
        guard index == end else { return infinityWord(bytes) }
        return FloatParse(value: number, isIntegerLiteral: isIntegerLiteral, integerDigits: integerDigits)
    }

    /// The fallback for a field the converter rejects: the infinity words, else not a float.
    @usableFromInline static func infinityWord(_ bytes: UnsafeBufferPointer<UInt8>) -> FloatParse {
        var result = FloatParse(value: nil, isIntegerLiteral: false, integerDigits: 0)
        guard (3...9).contains(bytes.count) else { return result }
        var lowered = [UInt8](repeating: 0, count: bytes.count)
        for index in bytes.indices {
            let byte = bytes[index]
            lowered[index] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
        }
        switch String(decoding: lowered, as: UTF8.self) {
        case "inf", "+inf", "infinity", "+infinity": result.value = .infinity
        case "-inf", "-infinity": result.value = -.infinity
        default: break
        }
        return result
    }
}
