/// An error reading a constraint suite: what is wrong, in which entry and field, and where in the
/// text.
///
/// ```text
/// constraints[3] "alcohol in range" (line 14): field "lower": expected a number, got string "eight"
/// ```
public struct ConstraintSuiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CustomStringConvertible {
        /// The text is not valid YAML or JSON.
        case syntax
        /// The document is not a mapping with a `constraints` list, or has unknown top-level keys.
        case invalidStructure
        /// An entry's `factory` names no known factory.
        case unknownFactory
        /// A required parameter is absent.
        case missingParameter
        /// A parameter the factory does not take (a misspelling, usually).
        case unknownParameter
        /// A parameter of the wrong type (a string where a number belongs, …).
        case wrongType
        /// A parameter of the right type outside its allowed values (a quantile above 1, an
        /// unknown type name, NaN, …).
        case invalidValue
        /// A key appears twice in one mapping.
        case duplicateKey
        /// The text exceeds a ``ConstraintSuiteLimits`` bound; the error names the limit.
        case limitExceeded
        /// The file could not be read.
        case ioFailure

        /// The code in words.
        public var description: String {
            switch self {
            case .syntax: "syntax error"
            case .invalidStructure: "invalid structure"
            case .unknownFactory: "unknown factory"
            case .missingParameter: "missing parameter"
            case .unknownParameter: "unknown parameter"
            case .wrongType: "wrong type"
            case .invalidValue: "invalid value"
            case .duplicateKey: "duplicate key"
            case .limitExceeded: "limit exceeded"
            case .ioFailure: "I/O failure"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The entry's position in `constraints` (from 0), or `nil` for a problem outside the entries.
    public var entry: Int?
    /// The entry's `name` when it has one, else its `factory` when readable; `nil` outside entries.
    public var entryName: String?
    /// The field: a parameter name (`lower`), `factory`, `constraints`, or a path into a list
    /// (`reference_set[2]`); empty for a syntax error.
    public var field: String
    /// What the schema requires, in words.
    public var expected: String
    /// What was found.
    public var actual: String
    /// The line (from 1) of the entry or value, when known.
    public var line: Int?
    /// The byte offset in the text, for JSON syntax errors.
    public var offset: Int?

    /// Creates an error.
    public init(
        _ code: Code, entry: Int? = nil, entryName: String? = nil, field: String, expected: String, actual: String,
        line: Int? = nil, offset: Int? = nil
    ) {
        self.code = code
        self.entry = entry
        self.entryName = entryName
        self.field = field
        self.expected = expected
        self.actual = actual
        self.line = line
        self.offset = offset
    }

    /// One line: the entry, the field, the place, expected and actual.
    public var description: String {
        var place = ""
        if let entry {
            place = "constraints[\(entry)]"
            if let entryName { place += " \"\(entryName)\"" }
        }
        if let line { place += place.isEmpty ? "line \(line)" : " (line \(line))" }
        if let offset { place += place.isEmpty ? "byte \(offset)" : " (byte \(offset))" }
        var text = place.isEmpty ? "" : place + ": "
        if !field.isEmpty { text += "field \"\(field)\": " }
        return text + "\(code): expected \(expected), got \(actual)"
    }
}
