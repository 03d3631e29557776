/// The results of a suite on one profile, in suite order, with a summary and a verdict.
public struct ConstraintReport: Sendable, Hashable {
    /// The overall verdict.
    public enum Verdict: String, Sendable, Hashable, CustomStringConvertible {
        /// Every constraint passed.
        case pass
        /// No error-severity constraint failed, but a warning-severity one did, or a drift check
        /// was indeterminate.
        case warn
        /// An error-severity constraint failed: a CI job should fail (the command line exits 1).
        case fail

        /// `pass`, `warn` or `fail`.
        public var description: String { rawValue }
    }

    /// The counts of a report.
    public struct Summary: Sendable, Hashable {
        /// Constraints that passed.
        public var passed: Int
        /// Error-severity constraints that failed.
        public var failed: Int
        /// Warning-severity constraints that failed.
        public var warnings: Int
        /// Constraints the sketches could not decide (`no_drift`), whatever their severity.
        public var indeterminate: Int
        /// The verdict: fail if any error failed, else warn if any warning failed or any check was
        /// indeterminate, else pass.
        public var verdict: Verdict

        /// The summary of some results.
        public init(results: some Sequence<ConstraintResult>) {
            var passed = 0
            var failed = 0
            var warnings = 0
            var indeterminate = 0
            for result in results {
                switch (result.outcome, result.severity) {
                case (.passed, _): passed += 1
                case (.failed, .error): failed += 1
                case (.failed, .warning): warnings += 1
                case (.indeterminate, _): indeterminate += 1
                }
            }
            self.passed = passed
            self.failed = failed
            self.warnings = warnings
            self.indeterminate = indeterminate
            self.verdict = failed > 0 ? .fail : (warnings > 0 || indeterminate > 0 ? .warn : .pass)
        }
    }

    /// One result per constraint, in suite order.
    public var results: [ConstraintResult]

    /// A report of results (for instance those of several profiles together).
    public init(results: [ConstraintResult]) {
        self.results = results
    }

    /// The counts and the verdict.
    public var summary: Summary { Summary(results: results) }

    /// The results that failed (error or warning), in suite order.
    public var failures: [ConstraintResult] { results.filter { $0.outcome == .failed } }
}
