/// An error merging profile files: which file (or input) and what went wrong.
public struct ProfileMergeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable {
        /// An input path does not exist or cannot be listed.
        case inputNotFound
        /// The inputs hold no profile files.
        case noProfiles
        /// A file is not a readable, valid profile, or its counts would take the merged ones past
        /// ``ColumnProfile/maximumCount`` (``ProfileMergeError/underlying`` says why).
        case invalidProfile
        /// An output file or directory could not be written.
        case writeFailed
    }

    /// What kind of problem this is.
    public var code: Code
    /// The file or input path concerned.
    public var path: String
    /// The problem, in words.
    public var reason: String
    /// The reading error, for ``Code/invalidProfile``.
    public var underlying: ProfileError?

    /// Creates an error.
    public init(_ code: Code, path: String, reason: String, underlying: ProfileError? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.underlying = underlying
    }

    /// One line: `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
