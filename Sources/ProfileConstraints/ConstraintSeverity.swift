/// How much a failed constraint matters: an error fails the check (exit status 1 in the command
/// line), a warning is reported but does not.
public enum ConstraintSeverity: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A failure fails the check (the default).
    case error
    /// A failure is reported as a warning.
    case warning

    /// `error` or `warning`.
    public var description: String { rawValue }
}
