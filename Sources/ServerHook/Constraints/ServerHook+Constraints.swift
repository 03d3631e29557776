import CoreMetrics
import Logging
public import ProfileConstraints
public import Profiles
import Synchronization

extension ServerHook {
    /// The prefix of the metadata keys under which a window file records its constraint check:
    ///
    /// | key | value |
    /// |---|---|
    /// | `sketchbook.serverhook.constraints.verdict` | `pass`, `warn` or `fail` |
    /// | `….checked` | the number of constraints checked |
    /// | `….passed`, `….failed`, `….warnings`, `….indeterminate` | the counts (`failed`: error severity) |
    /// | `….results` | a JSON array of the constraints that did not pass, in suite order: `name`, `factory`, `column_name`, `severity`, `outcome`, `value` (numbers only; `null` for items) |
    /// | `….results_omitted` | those left out of `results` (``ServerHookConfiguration/maxConstraintResultsInMetadata``) |
    ///
    /// Names are cut at 128 characters, control characters replaced. Without a suite, these keys
    /// are removed from a window (a file written earlier with a suite and merged in).
    public static let constraintsMetadataPrefix = DatasetProfile.constraintCheckMetadataPrefix

    /// The `constraint` label of the constraints beyond ``ServerHookConfiguration/maxConstraintMetricNames``.
    public static let otherConstraintsLabel = "(other)"

    /// The `constraint` label of each of the suite's constraints: its name, cleaned
    /// (``_ConstraintText/clean(_:limit:)``), for the first `limit` distinct names; `(other)` after.
    static func constraintLabels(_ suite: ConstraintSuite, limit: Int) -> [String] {
        var seen = Set<String>()
        return suite.constraints.map { constraint in
            let label = _ConstraintText.clean(constraint.name)
            if seen.contains(label) { return label }
            guard seen.count < limit else { return otherConstraintsLabel }
            seen.insert(label)
            return label
        }
    }

    /// Makes the failure counter of every constraint at start-up, so that each series exists
    /// (at 0) before its first failure, as `increase()` in an alert rule needs.
    func registerConstraintMetrics() {
        guard let metrics, let constraints else { return }
        var made = Set<String>()
        for (index, constraint) in constraints.constraints.enumerated() {
            let severity = constraint.severity.rawValue
            guard made.insert(constraintLabels[index] + "\u{0}" + severity).inserted else { continue }
            _ = metrics.constraintFailures(constraint: constraintLabels[index], severity: severity)
        }
    }

    /// Checks the suite on a window's profile as it is about to be written and records the results
    /// in its metadata (``constraintsMetadataPrefix``); without a suite, removes such keys.
    ///
    /// Runs on the flusher, never on the request path.
    func checkConstraints(_ profile: inout DatasetProfile) -> ConstraintReport? {
        let prefix = Self.constraintsMetadataPrefix
        if profile.metadata.keys.contains(where: { $0.hasPrefix(prefix) }) {
            profile.metadata = profile.metadata.filter { !$0.key.hasPrefix(prefix) }
        }
        guard let constraints else { return nil }
        let report = constraints.check(profile, reference: trainingProfile)
        let summary = report.summary
        profile.metadata[prefix + "verdict"] = summary.verdict.rawValue
        profile.metadata[prefix + "checked"] = String(report.results.count)
        profile.metadata[prefix + "passed"] = String(summary.passed)
        profile.metadata[prefix + "failed"] = String(summary.failed)
        profile.metadata[prefix + "warnings"] = String(summary.warnings)
        profile.metadata[prefix + "indeterminate"] = String(summary.indeterminate)
        var listed: [String] = []
        var omitted = 0
        for result in report.results where result.outcome != .passed {
            guard listed.count < configuration.maxConstraintResultsInMetadata else {
                omitted += 1
                continue
            }
            let column = result.columnName.map { _ConstraintText.json(_ConstraintText.clean($0)) } ?? "null"
            listed.append(
                "{\"name\":\(_ConstraintText.json(_ConstraintText.clean(result.name))),"
                    + "\"factory\":\(_ConstraintText.json(result.factory)),\"column_name\":\(column),"
                    + "\"severity\":\"\(result.severity)\",\"outcome\":\"\(result.outcome)\","
                    + "\"value\":\(_ConstraintText.jsonValue(result.value))}")
        }
        profile.metadata[prefix + "results"] = "[" + listed.joined(separator: ",") + "]"
        profile.metadata[prefix + "results_omitted"] = String(omitted)
        return report
    }

    /// Reports a written window's check: the health counters, the metrics, and the log (a summary
    /// line, then at most ``ServerHookConfiguration/maxConstraintLogLines`` lines of constraints
    /// that did not pass, with names, outcome and numeric value only).
    func publishConstraints(_ report: ConstraintReport, windowStart: Int64) {
        let summary = report.summary
        counters.windowsChecked.add(1, ordering: .relaxed)
        counters.constraintFailures.saturatingAdd(Int64(summary.failed + summary.warnings))
        if let metrics {
            for result in report.results where result.outcome == .failed {
                let label =
                    constraintLabels.indices.contains(result.index)
                    ? constraintLabels[result.index] : Self.otherConstraintsLabel
                metrics.constraintFailures(constraint: label, severity: result.severity.rawValue).increment()
            }
            metrics.setConstraintResults(
                windowStart: windowStart, errors: summary.failed, warnings: summary.warnings,
                indeterminate: summary.indeterminate)
        }
        let window = WindowFileName(startSeconds: windowStart, instance: configuration.instance).relativePath
        logger.log(
            level: summary.verdict == .pass ? .info : .warning, "window checked against the constraint suite",
            metadata: [
                "window": "\(window)", "verdict": "\(summary.verdict)", "checked": "\(report.results.count)",
                "passed": "\(summary.passed)", "failed": "\(summary.failed)", "warnings": "\(summary.warnings)",
                "indeterminate": "\(summary.indeterminate)",
            ])
        var logged = 0
        var notLogged = 0
        for result in report.results where result.outcome != .passed {
            guard logged < configuration.maxConstraintLogLines else {
                notLogged += 1
                continue
            }
            logged += 1
            var metadata: Logger.Metadata = [
                "window": "\(window)", "constraint": "\(_ConstraintText.clean(result.name))",
                "factory": "\(result.factory)", "severity": "\(result.severity)", "outcome": "\(result.outcome)",
            ]
            if let column = result.columnName { metadata["column"] = "\(_ConstraintText.clean(column))" }
            if let value = _ConstraintText.numeric(result.value) { metadata["value"] = "\(value)" }
            logger.log(
                level: result.outcome == .failed ? .warning : .notice,
                result.outcome == .failed ? "constraint failed" : "constraint indeterminate", metadata: metadata)
        }
        if notLogged > 0 {
            logger.warning(
                "more constraints did not pass than are logged; the window file's metadata lists them",
                metadata: ["window": "\(window)", "not_logged": "\(notLogged)"])
        }
    }
}
