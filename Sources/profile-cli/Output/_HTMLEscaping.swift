/// Text for HTML and SVG: element content and double- or single-quoted attribute values.
///
/// Escapes per Unicode scalar, never per `Character`: `"` followed by a combining mark is one
/// `Character` that is not equal to `"`, and copying it raw would close an attribute. Controls
/// become visible escapes (``_TerminalEscaping``), so a name cannot reorder the page's text either.
enum _HTMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references and controls made visible.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    static func escape(_ text: String) -> String {
        escape(text, apostrophe: "&#39;", makingVisible: _TerminalEscaping.isControl)
    }

    /// The markup escaping HTML and XML share: `&`, `<`, `>`, `"` and `'` (as `apostrophe`) as
    /// character references, and every scalar `makingVisible` names as a visible escape.
    static func escape(
        _ text: String, apostrophe: String, makingVisible: (Unicode.Scalar) -> Bool
    ) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += apostrophe
            default:
                if makingVisible(scalar) {
                    out += _TerminalEscaping.visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
