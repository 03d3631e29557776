import Profiles

/// Image inputs that cannot be profiled: a path that does not exist, an invalid option, or (with
/// ``ImageFolderOptions/isStrict``) an unreadable image or a folder that cannot be listed.
public struct ImageFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable {
        /// A path given does not exist, or (``ImageFolderOptions/isStrict``) a folder cannot be
        /// listed.
        case inputNotFound = "input not found"
        /// A file cannot be read or decoded (``ImageFolderOptions/isStrict``).
        case unreadableImage = "unreadable image"
        /// An option that cannot be used.
        case invalidOption = "invalid option"
    }

    /// What kind of problem this is.
    public var code: Code
    /// The path concerned.
    public var path: String
    /// Why, in words.
    public var reason: String

    /// An error.
    ///
    /// - Parameters:
    ///   - code: the kind of problem.
    ///   - path: the path concerned.
    ///   - reason: why.
    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
