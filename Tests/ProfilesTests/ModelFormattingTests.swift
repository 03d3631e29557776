import Profiles
import Testing

@Suite struct ModelFormattingTests {
    /// Expected strings from Python `'%f' % x` (correctly rounded, as glibc's printf), checked
    /// against glibc for the ties.
    static let cFormatCases: [(Double, String)] = [
        (-0.0, "-0.000000"),
        (0.0, "0.000000"),
        (
            1e300,
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"
        ),
        (0.1, "0.100000"),
        (2.5, "2.500000"),
        (1e-7, "0.000000"),
        (5e-7, "0.000000"),
        (-5e-7, "-0.000000"),
        (1.0000005, "1.000001"),
        (0.0078125, "0.007812"),
        (0.0234375, "0.023438"),
        (-1e-9, "-0.000000"),
        (123456789.123456789, "123456789.123457"),
        (9007199254740993.0, "9007199254740992.000000"),
        (
            1.7976931348623157e308,
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000"
        ),
        (Double.leastNonzeroMagnitude, "0.000000"),
        (-2.0000015, "-2.000002"),
        (42.0, "42.000000"),
        (-3.25, "-3.250000"),
        (1e20, "100000000000000000000.000000"),
        (3.14159265358979, "3.141593"),
        (0.5, "0.500000"),
        (1e-6, "0.000001"),
        (-999999.9999995, "-999999.999999"),
        (0x1p-20, "0.000001"),
        (9223372036854775808.0, "9223372036854775808.000000"),
        (1e22, "10000000000000000000000.000000"),
        (123.4567895, "123.456789"),
    ]

    @Test func doublesAreFormattedLikeCPrintfPercentF() {
        for (value, expected) in Self.cFormatCases {
            #expect(FrequentItemsMetric.cFormat(value) == expected, "value \(value)")
        }
    }

    @Test func nonFiniteDoublesAreFormattedLikeGlibc() {
        #expect(FrequentItemsMetric.cFormat(.infinity) == "inf")
        #expect(FrequentItemsMetric.cFormat(-.infinity) == "-inf")
        #expect(FrequentItemsMetric.cFormat(.nan) == "nan")
        #expect(FrequentItemsMetric.cFormat(-Double.nan) == "-nan")
    }

    @Test func hugeDoublesPrintEveryIntegerDigit() {
        #expect(FrequentItemsMetric.cFormat(1e300).count == 308)
        #expect(FrequentItemsMetric.cFormat(-Double.greatestFiniteMagnitude).count == 317)
    }

    @Test func frequentItemStringsAreCutToTheirFirst128UnicodeScalars() {
        let short = String(repeating: "a", count: 128)
        #expect(FrequentItemsMetric.truncated(short) == short)
        #expect(FrequentItemsMetric.truncated(short + "b") == short)
        let accented = String(repeating: "é", count: 130)  // 2 UTF-8 bytes per scalar
        #expect(FrequentItemsMetric.truncated(accented) == String(repeating: "é", count: 128))
        // "e" + combining acute: 2 scalars per Character; Python slices scalars.
        let combining = String(repeating: "e\u{301}", count: 100)
        let cut = FrequentItemsMetric.truncated(combining)
        #expect(cut.unicodeScalars.count == 128)
        #expect(cut.count == 64)
        let emoji = String(repeating: "😀", count: 64)  // 4 bytes each, 64 scalars
        #expect(FrequentItemsMetric.truncated(emoji) == emoji)
    }
}
