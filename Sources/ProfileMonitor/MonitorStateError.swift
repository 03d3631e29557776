/// A state file that cannot be used: the run starts from scratch (the command warns).
public struct MonitorStateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the state cannot be used.
    public var reason: String

    /// Creates an error.
    public init(reason: String) { self.reason = reason }

    /// The ``reason``.
    public var description: String { reason }
}
