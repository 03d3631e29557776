/// An error reading, writing or building a profile.
///
/// Like `SketchDecodingError` in `Sketches`, every error names what is wrong and where: the file
/// region or message field, the expected and actual values, and the byte offset when the error is
/// in a file. Sketch images inside a profile that fail to decode are reported with the component
/// path (`"price" distribution/kll`) and the sketch decoder's own message.
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case truncated, invalidMagic, invalidMessage, invalidValue, invalidSketch
            case decompressionFailed, decompressionLimitExceeded, unsupported, ioFailure
            case limitExceeded, countOverflow
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The data ends before a length or field it promises.
        public static let truncated = Code(.truncated)
        /// The file does not start with a known magic (`WHY1`, a v0 profile, or gzip).
        public static let invalidMagic = Code(.invalidMagic)
        /// A protobuf message does not parse.
        public static let invalidMessage = Code(.invalidMessage)
        /// A field holds a value the format does not allow (an offset past the end, a wrong chunk type…).
        public static let invalidValue = Code(.invalidValue)
        /// A sketch image inside the profile is not valid.
        public static let invalidSketch = Code(.invalidSketch)
        /// The gzip stream is corrupt.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// The inflated data would exceed the reader's limit (a decompression bomb, or a limit set too low).
        public static let decompressionLimitExceeded = Code(.decompressionLimitExceeded)
        /// Valid input that this version does not handle.
        public static let unsupported = Code(.unsupported)
        /// A file could not be read or written.
        public static let ioFailure = Code(.ioFailure)
        /// The file exceeds a decoding budget of ``ProfileReadLimits`` (columns, component bytes,
        /// frequent-items slots, KLL items); the error names the limit and its value.
        public static let limitExceeded = Code(.limitExceeded)
        /// Merging would take a count (`counts/n`, a type count, a sketch's n or total weight) past
        /// what a stream can reach (``ColumnProfile/maximumCount``, 2^53) or past `Int64`.
        public static let countOverflow = Code(.countOverflow)

        /// The code in words: "truncated", "invalid magic", "I/O failure", "count overflow", ….
        public var description: String {
            switch value {
            case .truncated: "truncated"
            case .invalidMagic: "invalid magic"
            case .invalidMessage: "invalid message"
            case .invalidValue: "invalid value"
            case .invalidSketch: "invalid sketch"
            case .decompressionFailed: "decompression failed"
            case .decompressionLimitExceeded: "decompression limit exceeded"
            case .unsupported: "unsupported"
            case .ioFailure: "I/O failure"
            case .limitExceeded: "limit exceeded"
            case .countOverflow: "count overflow"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// Where: a file region or message field (`"DatasetProfileHeader.column_offsets"`), or a column
    /// and component path (`"price" distribution/kll`).
    public var field: String
    /// What the format requires, in words.
    public var expected: String
    /// What was found.
    public var actual: String
    /// The byte offset in the (decompressed) file, when the error is in a file.
    public var offset: Int?

    /// Creates an error.
    public init(_ code: Code, field: String, expected: String, actual: String, offset: Int? = nil) {
        self.code = code
        self.field = field
        self.expected = expected
        self.actual = actual
        self.offset = offset
    }

    /// One line: field, offset, expected and actual values.
    public var description: String {
        let place = offset.map { " at byte \($0)" } ?? ""
        return "\(field)\(place): expected \(expected), got \(actual)"
    }
}
