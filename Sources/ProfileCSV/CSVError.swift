import Profiles

/// A CSV input that cannot be profiled: a file that cannot be read, an input with no header, a
/// row over the size limit, a header over the column limit, an unknown column, a model column that cannot give metrics, or (with ``CSVOptions/isStrict``) a malformed row.
///
/// Every error names what is wrong and where: the input, the line and byte offset when the error
/// is in the data, the expected and actual values.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CustomStringConvertible {
        /// The input could not be opened or read.
        case ioFailure = "I/O failure"
        /// The input has no header row (it is empty, or blank).
        case emptyInput = "empty input"
        /// A row does not fit the header (``CSVOptions/isStrict``).
        case malformedRow = "malformed row"
        /// A row is longer than ``CSVOptions/maximumRowBytes``.
        case rowTooLong = "row too long"
        /// The header (or the first row, without a header) has more fields than
        /// ``CSVOptions/maximumColumns``.
        case tooManyColumns = "too many columns"
        /// A selected or text column is not in the header.
        case unknownColumn = "unknown column"
        /// A model column (``CSVOptions/modelColumns``) whose values cannot give performance
        /// metrics: text where numbers are needed, or more labels than a confusion matrix holds.
        case modelColumn = "model column"
        /// An option that cannot be used (a delimiter that is a quote or a line break…).
        case invalidOption = "invalid option"
        /// More distinct segments than ``CSVOptions/maximumSegments``.
        case tooManySegments = "too many segments"

        /// The code in words (its raw value): "I/O failure", "unknown column", ….
        public var description: String { rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The input (a path, or `-` for standard input).
    public var input: String
    /// What is wrong, in words (the field, row or option concerned).
    public var field: String
    /// What was expected.
    public var expected: String
    /// What was found.
    public var actual: String
    /// The 1-based line, when the error is in the data.
    public var line: Int?
    /// The byte offset in the input, when the error is in the data.
    public var offset: Int64?

    /// An error.
    ///
    /// - Parameters:
    ///   - code: the kind of problem.
    ///   - input: the input (a path, or `-` for standard input).
    ///   - field: what is wrong, in words.
    ///   - expected: what was expected.
    ///   - actual: what was found.
    ///   - line: the 1-based line, when the error is in the data.
    ///   - offset: the byte offset in the input, when the error is in the data.
    public init(
        _ code: Code, input: String, field: String, expected: String, actual: String, line: Int? = nil,
        offset: Int64? = nil
    ) {
        self.code = code
        self.input = input
        self.field = field
        self.expected = expected
        self.actual = actual
        self.line = line
        self.offset = offset
    }

    /// One line: input, place, field, expected and actual values.
    public var description: String {
        _InputErrorDescription.text(
            input: input, line: line, offset: offset, field: field, expected: expected, actual: actual)
    }
}
