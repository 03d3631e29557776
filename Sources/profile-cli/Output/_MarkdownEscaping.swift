/// Text for a Markdown (GitHub-flavoured) document, inside a table cell or a paragraph.
///
/// Works per Unicode scalar. `<`, `>` and `&` become character references, so no raw HTML can
/// form; the punctuation that starts code, emphasis, links, strikethrough, math or a cell break is
/// backslash-escaped (but not `_` inside a word, where it cannot); controls (line breaks
/// included) become visible escapes, whose backslash is escaped in turn, so a name stays on its
/// row.
enum _MarkdownEscaping {
    /// Whether the scalar at `index` is an `_` between two ASCII letters or digits: CommonMark
    /// never opens or closes emphasis there, so `fixed_acidity` stays as it is.
    static func isIntraword(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
        return scalars[index] == "_" && index > 0 && index + 1 < scalars.count && isAlphanumeric(scalars[index - 1])
            && isAlphanumeric(scalars[index + 1])
    }

    /// Punctuation with a meaning inside a line of Markdown.
    static let punctuation: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "|", "~", "$", "!"]

    /// `text`, inert in a Markdown line.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if _TerminalEscaping.isControl(scalar) {
                    out += "\\" + _TerminalEscaping.visible(scalar)
                } else {
                    if punctuation.contains(scalar) && !isIntraword(scalars, at: index) { out += "\\" }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
