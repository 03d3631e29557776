/// One entry of a constraint suite: a check with its name, severity and an optional comment.
public struct Constraint: Sendable, Hashable {
    /// What is checked, with the factory's parameters.
    public var check: ConstraintCheck {
        didSet { defaultName = check.defaultName }
    }
    /// The name given in the suite (`name:`), or `nil` for the factory's default name.
    public var customName: String?
    /// How much a failure matters (`severity:`, default ``ConstraintSeverity/error``).
    public var severity: ConstraintSeverity
    /// Free text kept with the entry (`comment:`): why it is there, who chose it. A generator
    /// writes its reasons here; checks ignore it.
    public var comment: String?
    /// ``ConstraintCheck/defaultName``, made once: a name lists a reference set, and a suite is
    /// checked many times.
    private var defaultName: String

    /// A constraint.
    ///
    /// - Parameters:
    ///   - check: what is checked.
    ///   - name: a name, or `nil` for the factory's default name (``ConstraintCheck/defaultName``).
    ///   - severity: error (default) or warning.
    ///   - comment: free text kept with the entry.
    public init(
        _ check: ConstraintCheck, name: String? = nil, severity: ConstraintSeverity = .error, comment: String? = nil
    ) {
        self.check = check
        self.defaultName = check.defaultName
        self.customName = name
        self.severity = severity
        self.comment = comment
    }

    /// The name results carry: the custom name, else the factory's default name.
    public var name: String { customName ?? defaultName }
}
