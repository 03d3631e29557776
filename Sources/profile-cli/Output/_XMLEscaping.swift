/// Text for XML 1.0 (the JUnit report): element content and double- or single-quoted attribute
/// values.
///
/// Escapes per Unicode scalar: `&`, `<`, `>`, `"` and `'` become character references (so `]]>`
/// cannot close anything and no markup can form), and every scalar XML 1.0 forbids or a terminal
/// acts on (``_TerminalEscaping/isControl(_:)``, U+FFFE, U+FFFF) becomes a visible escape
/// (`\x1b`): XML cannot carry most C0 controls at all, even as character references.
enum _XMLEscaping {
    /// `text`, inert and well-formed inside XML content or a quoted attribute value.
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
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": out += _TerminalEscaping.visible(scalar)
            default:
                if _TerminalEscaping.isControl(scalar) {
                    out += _TerminalEscaping.visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
