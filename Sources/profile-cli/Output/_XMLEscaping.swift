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
        _HTMLEscaping.escape(text, apostrophe: "&apos;") { scalar in
            _TerminalEscaping.isControl(scalar) || scalar == "\u{FFFE}" || scalar == "\u{FFFF}"
        }
    }
}
