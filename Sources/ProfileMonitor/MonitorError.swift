/// A failure of a monitor run: the inputs, the reference or the budgets, naming the path.
public struct MonitorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// An input path does not exist or cannot be listed.
        case inputNotFound
        /// No profile file among the inputs (or none could be read).
        case noProfiles
        /// A file is not a valid profile (only when invalid files are not skipped), or cannot be
        /// merged with the others of its period.
        case invalidProfile
        /// More files or bytes than ``MonitorConfiguration/maxFiles`` or
        /// ``MonitorConfiguration/maxBytes``.
        case budgetExceeded
        /// The baseline reference cannot be read.
        case invalidReference
        /// The state file cannot be written.
        case stateNotWritable
    }

    /// What failed.
    public var code: Code
    /// The path concerned (an input, a file, the state file).
    public var path: String
    /// Why, in words.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
