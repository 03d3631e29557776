/// The one definition of the characters that act on a terminal or on the layout of a line, shared
/// by every module that writes text from the data (the CLI's outputs, the server hook's labels,
/// log lines and metadata), and a JSON string literal that escapes them.
///
/// Column names, values, constraint names and file names come from outside: a control in one
/// could move a terminal's cursor, forge a log line, or make a label read otherwise than it sorts.
package enum _TextSafety {
    /// Whether `scalar` can act on a terminal or on the layout of a line: C0 controls (line feed,
    /// carriage return and tab included), DEL, C1 controls, the bidirectional marks, embeddings,
    /// overrides and isolates, and the line and paragraph separators.
    @inline(__always)
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }

    /// Appends `text` as a JSON string literal: quotes and backslashes escaped, `\n`, `\r`, `\t`
    /// by name, and every other control (``isControl(_:)``; C0 must be escaped in JSON, the rest
    /// are legal raw but act on a terminal or a JavaScript parser) as `\uXXXX`.
    package static func appendJSONQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where isControl(control):
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `text` as a JSON string literal (see ``appendJSONQuoted(_:to:)``).
    package static func jsonQuoted(_ text: String) -> String {
        var out = ""
        appendJSONQuoted(text, to: &out)
        return out
    }
}
