import Foundation
import Testing

@testable import profile_cli

/// The escapers of every output format, scalar by scalar: each special character followed by
/// each combining mark, and each control character.
@Suite struct OutputEscapingTests {
    static let specials: [Unicode.Scalar] = ["\"", "'", "<", ">", "&", "|", "`", "*", "_", "[", "]", ",", "\\", "~"]
    static let marks: [Unicode.Scalar] = ["\u{301}", "\u{338}", "\u{20DD}", "\u{FE0F}", "\u{200D}", "\u{E0100}"]
    static let controls: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\u{8}", "\t", "\n", "\u{B}", "\u{C}", "\r", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}",
        "\u{85}", "\u{9B}", "\u{9F}", "\u{61C}", "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{202A}",
        "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
    ]
    static var pairs: [(Unicode.Scalar, Unicode.Scalar)] { specials.flatMap { s in marks.map { (s, $0) } } }

    static func text(_ scalars: Unicode.Scalar...) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// Whether `scalar` appears in `text` not preceded by a backslash.
    static func hasUnescaped(_ scalar: Unicode.Scalar, in text: String) -> Bool {
        var escaped = false
        for candidate in text.unicodeScalars {
            if !escaped && candidate == scalar { return true }
            escaped = !escaped && candidate == "\\"
        }
        return false
    }

    @Test(arguments: pairs)
    func htmlEscapesEachSpecialCharacterFollowedByAMark(special: Unicode.Scalar, mark: Unicode.Scalar) {
        let escaped = _HTMLEscaping.escape(Self.text("a", special, mark, "b"))
        let scalars = Set(escaped.unicodeScalars)
        for raw in ["\"", "'", "<", ">"] as [Unicode.Scalar] {
            #expect(!scalars.contains(raw), "\(escaped)")
        }
        #expect(escaped.unicodeScalars.contains(mark), "the mark is kept")
        if special == "&" { #expect(escaped.unicodeScalars.starts(with: "a&amp;".unicodeScalars)) }
    }

    @Test(arguments: pairs)
    func markdownEscapesEachSpecialCharacterFollowedByAMark(special: Unicode.Scalar, mark: Unicode.Scalar) {
        let escaped = _MarkdownEscaping.escape(Self.text("a", special, mark, "b"))
        for raw in ["<", ">"] as [Unicode.Scalar] { #expect(!escaped.unicodeScalars.contains(raw), "\(escaped)") }
        for scalar in ["|", "`", "*", "_", "[", "]", "~"] as [Unicode.Scalar] {
            #expect(!Self.hasUnescaped(scalar, in: escaped), "\(escaped)")
        }
    }

    @Test(arguments: pairs)
    func csvQuotesEachSpecialCharacterFollowedByAMark(special: Unicode.Scalar, mark: Unicode.Scalar) {
        let field = _CSVEscaping.text(Self.text("a", special, mark, "b"))
        if special == "," || special == "\"" {
            #expect(field.hasPrefix("\"") && field.hasSuffix("\""), "\(field)")
            let inner = field.unicodeScalars.dropFirst().dropLast()
            var quotes = 0
            for scalar in inner {
                if scalar == "\"" { quotes += 1 } else if quotes % 2 == 1 { Issue.record("a lone quote in \(field)") }
            }
        }
        let json = JSONValue.string(Self.text("a", special, mark, "b")).rendered()
        let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded.map { Array($0.unicodeScalars) } == Array(Self.text("a", special, mark, "b").unicodeScalars))
    }

    @Test(arguments: controls)
    func everyFormatShowsControlsVisibly(control: Unicode.Scalar) {
        let input = Self.text("a", control, "\u{301}", "b")
        for (format, output) in [
            ("terminal", _TerminalEscaping.escape(input)), ("html", _HTMLEscaping.escape(input)),
            ("markdown", _MarkdownEscaping.escape(input)), ("csv", _CSVEscaping.text(input)),
            ("json", JSONValue.string(input).rendered()),
        ] {
            #expect(!output.unicodeScalars.contains(control), "\(format): \(output.debugDescription)")
            if format != "json" {  // JSON writes \n, \r and \t by name
                // By scalar: the mark after the escape would join its last digit in a Character.
                let hex = String(control.value, radix: 16)
                #expect(
                    String(String.UnicodeScalarView(output.unicodeScalars.filter { $0 != "\u{301}" })).contains(hex),
                    "\(format) names the scalar: \(output)")
            }
        }
        let json = JSONValue.string(input).rendered()
        let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded.map { Array($0.unicodeScalars) } == Array(input.unicodeScalars), "JSON reads back: \(json)")
    }

    @Test(arguments: ["=1+1", "+1", "-1+1", "@A1", "\t=1", "\r=1", "=\u{301}1"])
    func csvTextCellsThatSpreadsheetsRunAreNeutralised(_ cell: String) {
        let field = _CSVEscaping.text(cell)
        #expect(field.hasPrefix("'") || field.hasPrefix("\"'"), "\(field)")
    }

    @Test func csvNumbersAndPlainTextAreUnchanged() {
        #expect(_CSVEscaping.number("-1.5") == "-1.5")
        #expect(_CSVEscaping.text("alcohol") == "alcohol")
        #expect(_CSVEscaping.text("a b") == "a b")
    }

    @Test func markdownKeepsUnderscoresInsideWordsOnly() {
        #expect(_MarkdownEscaping.escape("fixed_acidity_2") == "fixed_acidity_2")
        #expect(_MarkdownEscaping.escape("_em_ a_ _b") == "\\_em\\_ a\\_ \\_b")
        #expect(_MarkdownEscaping.escape("a_\u{301}b").unicodeScalars.contains("\\"))
    }

    @Test func htmlAnchorsOfDifferentNamesDiffer() {
        let names = ["a_b", "a\u{5fb}", "a_5fb", "a b", "a\u{20}b", "a\u{2}0b", "_", "__", "\u{5f}\u{5f}", ""]
        let anchors = names.map(DriftHTML.anchor)
        #expect(Set(anchors).count == Set(names).count, "\(anchors)")
        #expect(DriftHTML.anchor("fixed_acidity 2") == "col-fixed_5f_acidity_20_2")
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".unicodeScalars)
        #expect(anchors.allSatisfy { $0.unicodeScalars.allSatisfy(allowed.contains) })
    }

    @Test func plainTextIsUnchangedEverywhere() {
        let text = "fixed acidity (g/dm³) ± 0.1 – ünïcödé 漢字 🙂"
        #expect(_TerminalEscaping.escape(text) == text)
        #expect(_HTMLEscaping.escape(text) == text)
        #expect(_MarkdownEscaping.escape(text) == text)
    }
}
