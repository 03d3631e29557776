/// Fields of the CSV the CLI writes (RFC 4180, quoted only when needed), safe to open in a
/// spreadsheet.
///
/// A text cell that begins with `=`, `+`, `-`, `@`, tab or carriage return would be read as a
/// formula by Excel, LibreOffice or Google Sheets; it gets a leading `'`, as OWASP recommends.
/// Numbers the program formats itself are written as they are, so negative numbers stay numbers.
/// Controls in text become visible escapes (``_TerminalEscaping``). All checks are per Unicode
/// scalar: `,` or `"` followed by a combining mark is still quoted.
enum _CSVEscaping {
    /// The first scalars that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell (a name, a path, a value from the data): controls made visible, a formula
    /// neutralised with a leading `'`, quoted when needed.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    static func text(_ text: String) -> String {
        var cell = _TerminalEscaping.escape(text)
        // The original's first scalar decides: a leading tab or carriage return is made visible,
        // but the cell is still marked as text.
        if let first = text.unicodeScalars.first, formulaStarts.contains(first) { cell = "'" + cell }
        return quoted(cell)
    }

    /// A cell the program formatted itself (a number): only quoted when needed.
    static func number(_ text: String) -> String { quoted(text) }

    /// `cell`, in double quotes with `"` doubled when it holds a delimiter, a quote or a line break.
    static func quoted(_ cell: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
        guard cell.unicodeScalars.contains(where: special.contains) else { return cell }
        var out = "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { out += "\"" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
