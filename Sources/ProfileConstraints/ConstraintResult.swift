/// The result of one constraint on one profile.
public struct ConstraintResult: Sendable, Hashable {
    /// Whether the constraint held.
    public enum Outcome: String, Sendable, Hashable, CustomStringConvertible {
        /// The constraint held.
        case passed
        /// The constraint did not hold (or could not be evaluated: a missing column or metric
        /// without `skip_missing`).
        case failed
        /// The sketches cannot tell (`no_drift` whose error bound straddles the threshold).
        case indeterminate

        /// `passed`, `failed` or `indeterminate`.
        public var description: String { rawValue }
    }

    /// The constraint's position in the suite (from 0).
    public var index: Int
    /// The constraint's name (its custom name, else the factory's default name).
    public var name: String
    /// The factory (`is_in_range`, …).
    public var factory: String
    /// The column looked at, or `nil` for a dataset-level check.
    public var columnName: String?
    /// Whether the constraint held.
    public var outcome: Outcome
    /// The constraint's severity.
    public var severity: ConstraintSeverity
    /// The metric value looked at, or `nil` when there was none (missing column or metric).
    public var value: ConstraintValue?
    /// What was compared with what, in words: "min 4.6 ≥ 4 and max 15.9 ≤ 16".
    public var detail: String

    /// Whether the constraint held.
    public var passed: Bool { outcome == .passed }

    /// A result.
    public init(
        index: Int, name: String, factory: String, columnName: String?, outcome: Outcome,
        severity: ConstraintSeverity, value: ConstraintValue?, detail: String
    ) {
        self.index = index
        self.name = name
        self.factory = factory
        self.columnName = columnName
        self.outcome = outcome
        self.severity = severity
        self.value = value
        self.detail = detail
    }
}
