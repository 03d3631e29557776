/// The one-line text of an input module's error (`CSVError`, `JSONLinesError`, `ArrowError`):
/// `input:line (byte offset): code: field: expected …, got …`, with the line, the offset and the
/// code only when the error has them. One place, so that every input names a place the same way.
package enum _InputErrorDescription {
    /// The error's text.
    ///
    /// - Parameters:
    ///   - input: the input's name (a path, or `-`).
    ///   - line: the 1-based line, when the error is in the data of a line-based input.
    ///   - offset: the byte offset in the input, when the error is in the data.
    ///   - code: the kind of problem in words, for errors that print it.
    ///   - field: what is wrong.
    ///   - expected: what was expected.
    ///   - actual: what was found.
    /// - Returns: one line.
    package static func text(
        input: String, line: Int? = nil, offset: Int64?, code: String? = nil, field: String, expected: String,
        actual: String
    ) -> String {
        var place = input
        if let line { place += ":\(line)" }
        if let offset { place += " (byte \(offset))" }
        let kind = code.map { "\($0): " } ?? ""
        return "\(place): \(kind)\(field): expected \(expected), got \(actual)"
    }
}
