import Profiles

/// JSON lines that cannot be profiled: an input that cannot be read, too many columns, an invalid
/// option, or (with ``JSONLinesOptions/isStrict``) a malformed line.
///
/// Every error names what is wrong and where: the input, the line and byte offset when the error
/// is in the data, the expected and actual values.
public struct JSONLinesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CustomStringConvertible {
        /// The input could not be opened or read.
        case ioFailure = "I/O failure"
        /// A line is not one JSON object (``JSONLinesOptions/isStrict``).
        case malformedLine = "malformed line"
        /// The lines name more distinct columns than ``JSONLinesOptions/maximumColumns``, or their
        /// names take more than ``JSONLinesOptions/maximumColumnNameBytes``.
        case tooManyColumns = "too many columns"
        /// A model column (``JSONLinesOptions/modelColumns``) whose values cannot give performance
        /// metrics: text where numbers are needed, or more labels than a confusion matrix holds.
        case modelColumn = "model column"
        /// An option that cannot be used.
        case invalidOption = "invalid option"

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The input (a path, or `-` for standard input).
    public var input: String
    /// What is wrong, in words (the line, column or option concerned).
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
    ///   - input: the input's name.
    ///   - field: what is wrong.
    ///   - expected: what was expected.
    ///   - actual: what was found.
    ///   - line: the 1-based line, for an error in the data.
    ///   - offset: the byte offset in the input, for an error in the data.
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
