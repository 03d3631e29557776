/// Metadata features of one text value, logged as derived columns `<column>.<feature>`.
///
/// All counts are over the string's **Unicode scalars** (code points), the unit Python's `len(str)`
/// and whylogs' `unicode_range` string lengths use, so `char_count` equals whylogs' string length.
/// The text is read in one pass; no Foundation and no regular expressions. Latin-1 scalars are
/// classified from a table, others from Unicode properties remembered in a small stack cache
/// (about 3–4 ns per scalar with `-O` on the development machine, ASCII or mixed scripts).
///
/// Definitions (the classes below are Unicode properties of a scalar):
/// - `char_count`: the number of Unicode scalars.
/// - `word_count`: the number of *words*: maximal runs of word scalars — alphabetic scalars
///   (`Alphabetic`), decimal digits (general category `Nd`), combining marks (`Mn`, `Mc`, `Me`) and the
///   apostrophes U+0027 `'` and U+2019 `’` — that contain at least one alphabetic scalar or digit.
///   (`"don't"` is one word, `"3.14"` two, `"''"` none.)
/// - `sentence_count`: the number of *sentences*: the text is cut after every `.`, `!` or `?` (and at
///   its end); each piece that contains at least one word is a sentence. (`"Hi!! Ok"` has two;
///   `"..."` none; `"e.g. this"` two — the rule is deliberately simple.)
/// - `avg_word_length`: the number of scalars inside words divided by `word_count`; 0 when there are
///   no words.
/// - `digit_count`: scalars of general category `Nd` (decimal digits in any script).
/// - `alpha_count`: scalars with the `Alphabetic` property.
/// - `upper_count`: scalars with the `Uppercase` property.
/// - `whitespace_count`: scalars with the `White_Space` property.
/// - `special_count`: scalars that are neither alphabetic, nor a decimal digit, nor white space
///   (punctuation, symbols, controls, non-alphabetic marks…).
/// - `non_ascii_share`: the fraction of scalars above U+007F; 0 for an empty text.
///
/// The counts are ``FeatureValue/int(_:)`` values; `avg_word_length` and `non_ascii_share` are
/// ``FeatureValue/double(_:)``.
public struct TextMetadata: Sendable, Hashable {
    /// The feature names, in the order ``features`` lists them: the suffixes of the derived columns.
    public static let featureNames: [String] = [
        "char_count", "word_count", "sentence_count", "avg_word_length", "digit_count", "alpha_count",
        "upper_count", "whitespace_count", "special_count", "non_ascii_share",
    ]

    /// Unicode scalars.
    public var charCount: Int
    /// Words (see the type's documentation).
    public var wordCount: Int
    /// Sentences that contain at least one word.
    public var sentenceCount: Int
    /// Scalars inside words.
    public var wordScalarCount: Int
    /// Decimal digits (`Nd`).
    public var digitCount: Int
    /// Alphabetic scalars.
    public var alphaCount: Int
    /// Uppercase scalars.
    public var upperCount: Int
    /// White-space scalars.
    public var whitespaceCount: Int
    /// Scalars that are not alphabetic, digits or white space.
    public var specialCount: Int
    /// Scalars above U+007F.
    public var nonASCIICount: Int

    /// Scalars inside words per word; 0 when there are no words.
    public var averageWordLength: Double {
        wordCount == 0 ? 0 : Double(wordScalarCount) / Double(wordCount)
    }

    /// The fraction of scalars above U+007F; 0 for an empty text.
    public var nonASCIIShare: Double {
        charCount == 0 ? 0 : Double(nonASCIICount) / Double(charCount)
    }

    /// Measures a text.
    ///
    /// - Parameter text: Any string.
    /// - Complexity: O(*n*) in the number of Unicode scalars, one pass.
    public init(of text: String) {
        var chars = 0
        var words = 0
        var sentences = 0
        var wordScalars = 0
        var digits = 0
        var alphas = 0
        var uppers = 0
        var spaces = 0
        var specials = 0
        var nonASCII = 0
        var runLength = 0  // scalars in the current run of word scalars
        var runHasCore = false  // the run holds a letter or digit
        var wordsInSentence = 0

        func endRun() {
            if runHasCore {
                words += 1
                wordScalars += runLength
                wordsInSentence += 1
            }
            runLength = 0
            runHasCore = false
        }

        // Classes of scalars above U+00FF come from Unicode property lookups (tens of ns each), so
        // they are remembered in a small direct-mapped cache on the stack, filled on first use.
        let latin1 = Self.latin1Kinds
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.cacheSize) { cache in
            var cacheReady = false
            for scalar in text.unicodeScalars {
                chars += 1
                let kind: ScalarKind
                if scalar.value < 0x100 {
                    kind = latin1[Int(scalar.value)]
                } else {
                    if !cacheReady {
                        cache.initialize(repeating: 0)
                        cacheReady = true
                    }
                    let slot = Int(scalar.value) & (Self.cacheSize - 1)
                    let entry = cache[slot]
                    if entry >> 8 == UInt64(scalar.value) {
                        kind = ScalarKind(rawValue: UInt8(truncatingIfNeeded: entry))
                    } else {
                        kind = Self.classify(scalar)
                        cache[slot] = UInt64(scalar.value) << 8 | UInt64(kind.rawValue)
                    }
                }
                if scalar.value > 0x7F { nonASCII += 1 }
                if kind.contains(.alphabetic) { alphas += 1 }
                if kind.contains(.digit) { digits += 1 }
                if kind.contains(.uppercase) { uppers += 1 }
                if kind.contains(.whitespace) { spaces += 1 }
                if !kind.contains(.alphabetic) && !kind.contains(.digit) && !kind.contains(.whitespace) {
                    specials += 1
                }
                if kind.contains(.wordPart) {
                    runLength += 1
                    if kind.contains(.alphabetic) || kind.contains(.digit) { runHasCore = true }
                } else {
                    endRun()
                    if kind.contains(.terminator) {
                        if wordsInSentence > 0 { sentences += 1 }
                        wordsInSentence = 0
                    }
                }
            }
        }
        endRun()
        if wordsInSentence > 0 { sentences += 1 }

        charCount = chars
        wordCount = words
        sentenceCount = sentences
        wordScalarCount = wordScalars
        digitCount = digits
        alphaCount = alphas
        upperCount = uppers
        whitespaceCount = spaces
        specialCount = specials
        nonASCIICount = nonASCII
    }

    /// The features as (name, value) pairs, in the order of ``featureNames``.
    public var features: [(name: String, value: FeatureValue)] {
        [
            ("char_count", .int(Int64(charCount))),
            ("word_count", .int(Int64(wordCount))),
            ("sentence_count", .int(Int64(sentenceCount))),
            ("avg_word_length", .double(averageWordLength)),
            ("digit_count", .int(Int64(digitCount))),
            ("alpha_count", .int(Int64(alphaCount))),
            ("upper_count", .int(Int64(upperCount))),
            ("whitespace_count", .int(Int64(whitespaceCount))),
            ("special_count", .int(Int64(specialCount))),
            ("non_ascii_share", .double(nonASCIIShare)),
        ]
    }

    /// The features of a text as (name, value) pairs, in the order of ``featureNames``.
    ///
    /// - Parameter text: Any string.
    /// - Returns: Ten features; names are the suffixes of the derived columns `<column>.<name>`.
    /// - Complexity: O(*n*) in the number of Unicode scalars.
    public static func features(of text: String) -> [(name: String, value: FeatureValue)] {
        TextMetadata(of: text).features
    }
}

extension TextMetadata {
    struct ScalarKind: OptionSet {
        let rawValue: UInt8
        static let alphabetic = ScalarKind(rawValue: 1)
        static let digit = ScalarKind(rawValue: 2)
        static let uppercase = ScalarKind(rawValue: 4)
        static let whitespace = ScalarKind(rawValue: 8)
        static let wordPart = ScalarKind(rawValue: 16)
        static let terminator = ScalarKind(rawValue: 32)
    }

    static let cacheSize = 256

    /// The classes of U+0000…U+00FF, computed once.
    static let latin1Kinds: [ScalarKind] = (0..<256).map { classify(Unicode.Scalar(UInt8($0))) }

    /// The classes of one scalar; ASCII without a property lookup.
    static func classify(_ scalar: Unicode.Scalar) -> ScalarKind {
        let v = scalar.value
        if v < 0x80 {
            switch v {
            case 0x41...0x5A: return [.alphabetic, .uppercase, .wordPart]
            case 0x61...0x7A: return [.alphabetic, .wordPart]
            case 0x30...0x39: return [.digit, .wordPart]
            case 0x09...0x0D, 0x20: return .whitespace
            case 0x27: return .wordPart
            case 0x21, 0x2E, 0x3F: return .terminator
            default: return []
            }
        }
        let properties = scalar.properties
        var kind: ScalarKind = []
        if properties.isAlphabetic { kind.insert([.alphabetic, .wordPart]) }
        if properties.isUppercase { kind.insert(.uppercase) }
        if properties.isWhitespace { kind.insert(.whitespace) }
        switch properties.generalCategory {
        case .decimalNumber: kind.insert([.digit, .wordPart])
        case .nonspacingMark, .spacingMark, .enclosingMark: kind.insert(.wordPart)
        default: break
        }
        if v == 0x2019 { kind.insert(.wordPart) }
        return kind
    }
}
