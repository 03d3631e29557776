/// An error building a drift configuration (a malformed config file or threshold).
public struct DriftError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable {
        /// The configuration text is not valid JSON of the expected shape.
        case invalidConfiguration
        /// A metric name is not one of ``DriftMetric``'s.
        case unknownMetric
        /// A threshold is not a finite non-negative number, or "possible" exceeds "drift".
        case invalidThreshold
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong and where.
    public var message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
