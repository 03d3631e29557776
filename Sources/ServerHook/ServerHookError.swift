/// An error setting up a ``ServerHook`` or reading its files.
///
/// The request path never throws: failures there are counted and logged. These errors come from
/// configuration and start-up, and name what is wrong and where.
public struct ServerHookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidConfiguration, ioFailure, invalidFile, instanceInUse, unsafeDirectory, windowsNotWritten
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A configuration field is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A file or directory could not be created, written or read.
        public static let ioFailure = Code(.ioFailure)
        /// A file the hook reads (a checkpoint, a training profile) is not a valid profile.
        public static let invalidFile = Code(.invalidFile)
        /// Another process (or hook) holds the instance's lock in the directory: two writers of
        /// one instance would replace each other's windows.
        public static let instanceInUse = Code(.instanceInUse)
        /// The output directory, or a folder in it, is a link, someone else's, or writable by
        /// others (who could plant links or replace windows).
        public static let unsafeDirectory = Code(.unsafeDirectory)
        /// Windows could not be written before shutdown: their records are lost (and counted as
        /// dropped).
        public static let windowsNotWritten = Code(.windowsNotWritten)

        /// The code in words: "invalid configuration", "I/O failure", "instance in use", ….
        public var description: String {
            switch value {
            case .invalidConfiguration: "invalid configuration"
            case .ioFailure: "I/O failure"
            case .invalidFile: "invalid file"
            case .instanceInUse: "instance in use"
            case .unsafeDirectory: "unsafe directory"
            case .windowsNotWritten: "windows not written"
            }
        }
    }

    /// The kind of problem.
    public var code: Code
    /// The configuration field or path concerned.
    public var field: String
    /// What was expected.
    public var expected: String
    /// What was found.
    public var actual: String

    /// An error.
    public init(_ code: Code, field: String, expected: String, actual: String) {
        self.code = code
        self.field = field
        self.expected = expected
        self.actual = actual
    }

    /// One line: code, field, expected and found values.
    public var description: String {
        "\(code): \(field): expected \(expected), found \(actual)"
    }
}
