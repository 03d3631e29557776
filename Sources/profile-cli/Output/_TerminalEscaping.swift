import Profiles

/// Text made safe for a terminal, and the one definition of the control characters every output
/// format of the CLI neutralises.
///
/// Column names, values and file names come from the data: an escape sequence in one could move
/// the cursor, recolour or clear the screen, ring the bell, or start a line that forges a summary
/// line. Each such scalar is replaced by a visible escape (`\x1b`, `\u{202e}`). The work is done
/// per Unicode scalar, never per `Character`: a control followed by a combining mark is one
/// `Character` that equals no control.
enum _TerminalEscaping {
    /// Whether `scalar` can act on a terminal or on the layout of a line: C0 controls (line feed,
    /// carriage return and tab included), DEL, C1 controls, the bidirectional marks, embeddings,
    /// overrides and isolates, and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { _TextSafety.isControl(scalar) }

    /// The visible form of a control scalar: `\x1b` below U+0100, `\u{202e}` above.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
        return "\\u{" + hex + "}"
    }

    /// `text` with every control scalar (see ``isControl(_:)``) replaced by its visible form.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += visible(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
