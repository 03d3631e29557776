/// An error thrown when bytes do not form a valid sketch image.
///
/// Every error names the sketch family, the field that is wrong, what was expected, what was
/// found, and the byte offset of the field in the image, so a message can point at the exact
/// place in a file:
///
/// ```
/// KLL: serialVersion at byte 1: expected 1 or 2, got 5
/// ```
///
/// Decoders never trap on outside data: every header field is checked, and every length is
/// checked against the bytes that remain before anything is allocated.
public struct SketchDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, for code that reacts to some errors differently.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case truncated, invalidHeader, invalidValue, trailingBytes, unrecognizedFormat
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The image ends before a field that its header says is present.
        public static let truncated = Code(.truncated)
        /// A header field (serial version, family, preamble size, flags, parameters) has a value
        /// the format does not allow.
        public static let invalidHeader = Code(.invalidHeader)
        /// A field in the body has a value the format does not allow (an out-of-order level
        /// offset, a register value above 63, an item length beyond the end, …).
        public static let invalidValue = Code(.invalidValue)
        /// The image is longer than its header says.
        public static let trailingBytes = Code(.trailingBytes)
        /// The bytes are not an image of any sketch family this library reads.
        public static let unrecognizedFormat = Code(.unrecognizedFormat)

        /// The code in words: "truncated", "invalid header", "invalid value", "trailing bytes" or
        /// "unrecognized format".
        public var description: String {
            switch value {
            case .truncated: "truncated"
            case .invalidHeader: "invalid header"
            case .invalidValue: "invalid value"
            case .trailingBytes: "trailing bytes"
            case .unrecognizedFormat: "unrecognized format"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The sketch family being decoded (`"KLL"`, `"HLL"`, `"frequent items"`).
    public var family: String
    /// The name of the field that is wrong, as in the family's byte map.
    public var field: String
    /// The value or range the format requires, in words (`"1 or 2"`, `"at least 16 bytes"`).
    public var expected: String
    /// The value found.
    public var actual: String
    /// The byte offset of the field within the image.
    public var offset: Int

    /// Creates an error.
    public init(_ code: Code, family: String, field: String, expected: String, actual: String, offset: Int) {
        self.code = code
        self.family = family
        self.field = field
        self.expected = expected
        self.actual = actual
        self.offset = offset
    }

    /// One line: family, field, byte offset, expected and actual values.
    public var description: String {
        "\(family): \(field) at byte \(offset): expected \(expected), got \(actual)"
    }
}
