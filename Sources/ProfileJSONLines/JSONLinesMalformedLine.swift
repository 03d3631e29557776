import Profiles

/// A line that is not one JSON object: reported and counted by ``JSONLinesProfiler`` and left out
/// of the profile (or fatal with ``JSONLinesOptions/isStrict``), never silently dropped.
public struct JSONLinesMalformedLine: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public enum Kind: String, Sendable, Hashable {
        /// Not JSON: an unexpected byte or the end of the line where a value, `,`, `:`, `}` or `]`
        /// was expected.
        case syntax = "not JSON"
        /// Valid JSON, but not an object (`[1, 2]`, `"text"`, `42`).
        case notAnObject = "not an object"
        /// An object followed by more than white space.
        case trailingCharacters = "trailing characters"
        /// Bytes that are not UTF-8 inside a string.
        case invalidUTF8 = "invalid UTF-8"
        /// A string with a bad escape, a lone surrogate (`\ud800`), or a raw control character.
        case invalidString = "invalid string"
        /// Objects and arrays nested deeper than ``JSONLinesOptions/maximumDepth``.
        case tooDeep = "too deeply nested"
        /// Longer than ``JSONLinesOptions/maximumLineBytes``.
        case tooLong = "too long"
    }

    /// What is wrong.
    public var kind: Kind
    /// The 1-based line number.
    public var line: Int
    /// The byte offset in the input of the first byte found wrong.
    public var byteOffset: Int64
    /// The 1-based byte column in the line of the first byte found wrong.
    public var column: Int
    /// What was expected and found, in words.
    public var detail: String

    /// A malformed line.
    ///
    /// - Parameters:
    ///   - kind: what is wrong.
    ///   - line: the 1-based line number.
    ///   - byteOffset: the byte offset of the first byte found wrong.
    ///   - column: its 1-based byte column in the line.
    ///   - detail: what was expected and found.
    public init(kind: Kind, line: Int, byteOffset: Int64, column: Int, detail: String) {
        self.kind = kind
        self.line = line
        self.byteOffset = byteOffset
        self.column = column
        self.detail = detail
    }

    /// One line: where, what, and what was done.
    public var description: String {
        "line \(line), column \(column): \(kind.rawValue): \(detail); line left out"
    }
}
