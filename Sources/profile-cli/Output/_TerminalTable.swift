/// The CLI's terminal tables (`diff`, `check`): cells padded to their column's width, two spaces
/// apart, trailing spaces trimmed, a rule under the header, and one column of each row wrapped in
/// that row's colour when it has one.
enum _TerminalTable {
    /// The header, the rule and the rows, each line ending in a line break.
    ///
    /// - Parameters:
    ///   - header: the column titles.
    ///   - rows: the cells, as many per row as titles (already escaped for a terminal).
    ///   - colouredColumn: the column a row's colour applies to.
    ///   - colours: per row, the escape sequence that starts its colour, or `nil` for none.
    static func render(header: [String], rows: [[String]], colouredColumn: Int, colours: [String?]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String], colour: String?) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padded = cell + String(repeating: " ", count: widths[index] - cell.count)
                if index == colouredColumn, let colour {
                    parts.append(colour + padded + "\u{1B}[0m")
                } else {
                    parts.append(padded)
                }
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = line(header, colour: nil) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for (row, colour) in zip(rows, colours) { out += line(row, colour: colour) + "\n" }
        return out
    }
}
