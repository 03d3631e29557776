import Profiles
import SketchbookTestSupport
import Testing

@Suite struct FeaturesTextTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        /// chars, words, sentences, digits, alpha, upper, whitespace, special, non-ASCII
        var counts: [Int]
        var averageWordLength: Double
        var description: String { "\"\(text)\"" }
    }

    static let cases: [Case] = [
        Case(text: "", counts: [0, 0, 0, 0, 0, 0, 0, 0, 0], averageWordLength: 0),
        Case(text: "Hello world.", counts: [12, 2, 1, 0, 10, 1, 1, 1, 0], averageWordLength: 5),
        Case(text: "Hi!! Ok", counts: [7, 2, 2, 0, 4, 2, 1, 2, 0], averageWordLength: 2),
        Case(text: "...", counts: [3, 0, 0, 0, 0, 0, 0, 3, 0], averageWordLength: 0),
        Case(text: "don't stop", counts: [10, 2, 1, 0, 8, 0, 1, 1, 0], averageWordLength: 4.5),
        Case(text: "pi is 3.14?", counts: [11, 4, 2, 3, 4, 0, 2, 2, 0], averageWordLength: 1.75),
        Case(text: "''", counts: [2, 0, 0, 0, 0, 0, 0, 2, 0], averageWordLength: 0),
        Case(text: "Ünïcödé wörds", counts: [13, 2, 1, 0, 12, 1, 1, 0, 5], averageWordLength: 6),
        Case(text: "e\u{301}t\u{e9}", counts: [4, 1, 1, 0, 3, 0, 0, 1, 2], averageWordLength: 4),
        Case(text: "٣ apples\tand\n2 pears", counts: [20, 5, 1, 2, 14, 0, 4, 0, 1], averageWordLength: 3.2),
        Case(text: "日本語のテキスト。", counts: [9, 1, 1, 0, 8, 0, 0, 1, 9], averageWordLength: 8),
        Case(text: "A-B C", counts: [5, 3, 1, 0, 3, 3, 1, 1, 0], averageWordLength: 1),
        Case(text: "Emoji 👍 ok!", counts: [11, 2, 1, 0, 7, 1, 2, 2, 1], averageWordLength: 3.5),
    ]

    @Test(arguments: cases)
    func countsFollowTheDocumentedDefinitions(_ c: Case) {
        let m = TextMetadata(of: c.text)
        let actual = [
            m.charCount, m.wordCount, m.sentenceCount, m.digitCount, m.alphaCount, m.upperCount, m.whitespaceCount,
            m.specialCount, m.nonASCIICount,
        ]
        #expect(actual == c.counts, "\(c)")
        #expect(m.averageWordLength == c.averageWordLength, "\(c)")
        #expect(m.nonASCIIShare == (m.charCount == 0 ? 0 : Double(m.nonASCIICount) / Double(m.charCount)))
    }

    @Test func featureListHasTheDocumentedNamesOrderAndTypes() {
        let features = TextMetadata.features(of: "Two words. Three more words!")
        #expect(features.map(\.name) == TextMetadata.featureNames)
        for (name, value) in features {
            switch name {
            case "avg_word_length", "non_ascii_share":
                guard case .double = value else {
                    Issue.record("\(name) should be a double")
                    continue
                }
            default:
                guard case .int = value else {
                    Issue.record("\(name) should be an int")
                    continue
                }
            }
        }
        #expect(features[2].value == .int(2))
        #expect(features[1].value == .int(5))
    }

    @Test func charCountIsUnicodeScalarsLikePythonLen() {
        // "👨‍👩‍👧" is one grapheme cluster but five scalars; Python's len() says 5.
        #expect(TextMetadata(of: "👨‍👩‍👧").charCount == 5)
    }

    /// Per-scalar counts are additive, so a long random text (many scalars sharing cache slots) must
    /// count exactly as the sum of its scalars counted one by one.
    @Test func perScalarCountsAreAdditiveAcrossCacheCollisions() {
        let seed: UInt64 = 0x7E47
        var random = SplitMix64(seed: seed)
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x24F, 0x300...0x36F, 0x391...0x3C9, 0x400...0x4FF,
            0x660...0x669, 0x3040...0x30FF, 0x4E00...0x4E80, 0x1F600...0x1F64F, 0x2000...0x206F,
        ]
        var scalars: [Unicode.Scalar] = []
        while scalars.count < 5_000 {
            let range = ranges[Int.random(in: 0..<ranges.count, using: &random)]
            if let s = Unicode.Scalar(UInt32.random(in: range, using: &random)) { scalars.append(s) }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        let whole = TextMetadata(of: text)
        var sums = [Int](repeating: 0, count: 7)
        for s in scalars {
            let m = TextMetadata(of: String(s))
            let parts = [
                m.charCount, m.digitCount, m.alphaCount, m.upperCount, m.whitespaceCount, m.specialCount,
                m.nonASCIICount,
            ]
            for i in 0..<7 { sums[i] += parts[i] }
        }
        let actual = [
            whole.charCount, whole.digitCount, whole.alphaCount, whole.upperCount, whole.whitespaceCount,
            whole.specialCount, whole.nonASCIICount,
        ]
        #expect(actual == sums, "seed \(seed)")
    }

    @Test func longTextIsCountedInOnePass() {
        let text = String(repeating: "The quick brown fox jumps over 13 lazy dogs. ", count: 20_000)
        let m = TextMetadata(of: text)
        #expect(m.wordCount == 180_000)
        #expect(m.sentenceCount == 20_000)
        #expect(m.digitCount == 40_000)
        #expect(m.upperCount == 20_000)
    }
}
