import Profiles

/// A constraint suite: a list of constraints to check on profiles, read from YAML or JSON.
///
/// ```yaml
/// constraints:
///   - {factory: is_in_range, column_name: alcohol, lower: 8, upper: 15}
///   - {factory: no_missing_values, column_name: quality}
///   - {factory: frequent_strings_in_reference_set, column_name: color, reference_set: [red, white]}
///   - {factory: row_count_in_range, lower: 1000, severity: warning}
///   - {factory: no_drift, column_name: alcohol, metric: ks, threshold: 0.1}
/// ```
///
/// Each entry names a factory (whylogs 1.6.4's 26, with their parameter names and defaults, and
/// Sketchbook's `row_count_in_range`, `columns_present`, `no_unexpected_columns` and `no_drift`)
/// and may set a `name`, a `severity` (`error` or `warning`) and a `comment`. `docs/constraints.md`
/// is the full schema; `docs/constraints.schema.json` is its JSON Schema.
///
/// ```swift
/// let suite = try ConstraintSuite(contentsOf: "suite.yaml")
/// let report = suite.check(profile)
/// if report.summary.verdict == .fail { … }
/// ```
public struct ConstraintSuite: Sendable, Hashable {
    /// The constraints, in file order.
    public var constraints: [Constraint]
    /// Free text describing the suite (`description:`), if any.
    public var description: String?

    /// A suite of constraints.
    ///
    /// - Parameters:
    ///   - constraints: the constraints, in the order results are reported.
    ///   - description: free text describing the suite.
    public init(_ constraints: [Constraint], description: String? = nil) {
        self.constraints = constraints
        self.description = description
    }

    /// Whether some constraint compares with a reference profile (`no_drift`): ``check(_:reference:)``
    /// then needs one, and fails those constraints without it.
    public var needsReference: Bool { constraints.contains { $0.check.needsReference } }
}
