/// Text for a Markdown (GitHub-flavoured) document, inside a table cell or a paragraph.
///
/// Works per Unicode scalar. `<`, `>` and `&` become character references, so no raw HTML can
/// form; the punctuation that starts code, emphasis, links, strikethrough, math or a cell break is
/// backslash-escaped; controls (line breaks included) become visible escapes, whose backslash is
/// escaped in turn, so a name stays on its row.
enum _MarkdownEscaping {
    /// Punctuation with a meaning inside a line of Markdown.
    static let punctuation: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "|", "~", "$", "!"]

    /// `text`, inert in a Markdown line.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if _TerminalEscaping.isControl(scalar) {
                    out += "\\" + _TerminalEscaping.visible(scalar)
                } else {
                    if punctuation.contains(scalar) { out += "\\" }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
