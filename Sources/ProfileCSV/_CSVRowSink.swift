import Profiles

/// Receives the rows the tokenizer finds, field by field.
///
/// A row may be started again: when the input ends in the middle of a row the tokenizer returns
/// ``_CSVTokenizer/Outcome/needsMoreInput(rowStart:lines:)`` and is later run again from that row's
/// start, so ``beginRow()`` must forget any fields of an unfinished row.
protocol _CSVRowSink {
    /// A row begins.
    mutating func beginRow()
    /// One field of the current row: bytes `[start, end)` of the buffer. When `needsUnescaping`, the
    /// range is the raw text from the opening quote (doubled quotes, text after the closing quote);
    /// otherwise it is the field's content (quotes of a simple quoted field excluded).
    mutating func field(_ index: Int, start: Int, end: Int, needsUnescaping: Bool)
    /// The current row ended.
    ///
    /// - Parameters:
    ///   - fieldCount: the number of fields.
    ///   - line: the 0-based line (counted from where tokenizing began) on which the row starts.
    ///   - rowStart: the buffer offset of the row's first byte.
    ///   - rowEnd: the buffer offset after the row's line break.
    ///   - unterminatedQuote: the input ended inside a quoted field of this row.
    /// - Returns: `false` to stop after this row.
    mutating func endRow(fieldCount: Int, line: Int, rowStart: Int, rowEnd: Int, unterminatedQuote: Bool) -> Bool
}
