import Profiles

/// An Arrow input that cannot be profiled: a file that cannot be read, bytes that are not an
/// Arrow IPC stream or file, metadata or a body that breaks the format's rules, a message over
/// the size limits, a feature this reader does not support, or an option that cannot be used.
///
/// Every error names what is wrong and where: the input, the field (a FlatBuffers table field,
/// a buffer, a column), the expected and actual values, and the byte offset in the input when the
/// error is in the data.
public struct ArrowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CustomStringConvertible {
        /// The input could not be opened or read.
        case ioFailure = "I/O failure"
        /// The input does not start as an Arrow IPC stream or file does (spec §2, §3).
        case notArrow = "not Arrow IPC"
        /// The input ends inside a message, a body or the file footer.
        case truncated = "truncated input"
        /// A FlatBuffers table, vector or string is out of bounds or holds an impossible value
        /// (spec §1, §4, §5).
        case malformedMetadata = "malformed metadata"
        /// A body buffer is out of bounds or its contents break the layout (offsets, validity
        /// bits, dictionary indices; spec §6).
        case malformedBody = "malformed body"
        /// The messages are not in an order the format allows (a record batch before the
        /// schema, a second schema, a dictionary of no field; spec §2).
        case unexpectedMessage = "unexpected message"
        /// A record batch uses a dictionary id that no dictionary batch has defined (spec §7).
        case missingDictionary = "missing dictionary"
        /// A metadata version older than V4, or big-endian data.
        case unsupportedFormat = "unsupported format"
        /// The body buffers are compressed with a codec other than LZ4 frame and ZSTD.
        case unsupportedCompression = "unsupported compression"
        /// A column's type cannot be profiled (with ``ArrowOptions/isStrict``; otherwise the
        /// column is skipped with a warning).
        case unsupportedType = "unsupported type"
        /// A message, a dictionary or the schema is over one of ``ArrowReadLimits``.
        case limitExceeded = "limit exceeded"
        /// A selected or text column is not in the schema, or two columns share a name.
        case unknownColumn = "unknown column"
        /// A model column (``ArrowOptions/modelColumns``) whose values cannot give performance
        /// metrics: text where numbers are needed, binary values, or more labels than a confusion
        /// matrix holds.
        case modelColumn = "model column"
        /// An option that cannot be used (a thread count of zero, a text column that is not a
        /// string column…).
        case invalidOption = "invalid option"

        /// The code's name, as errors print it.
        public var description: String { rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The input (a path, or `-` for standard input).
    public var input: String
    /// What is wrong, in words (the table field, buffer, column or option concerned).
    public var field: String
    /// What was expected.
    public var expected: String
    /// What was found.
    public var actual: String
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
    ///   - offset: the byte offset in the input, when the error is in the data.
    public init(
        _ code: Code, input: String = "", field: String, expected: String, actual: String, offset: Int64? = nil
    ) {
        self.code = code
        self.input = input
        self.field = field
        self.expected = expected
        self.actual = actual
        self.offset = offset
    }

    /// One line: input, byte offset, kind, field, expected and actual values.
    public var description: String {
        _InputErrorDescription.text(
            input: input, offset: offset, code: code.description, field: field, expected: expected, actual: actual)
    }
}
