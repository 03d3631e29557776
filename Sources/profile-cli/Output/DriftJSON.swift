import Profiles

/// `profile diff --format json`: `{"columns": {"<name>": {"verdict", "presence", "kind", "counts",
/// "metrics": {"<metric>": {"value", "error_bound", "threshold", "verdict"}}}}, "summary": {…}}`.
/// A threshold is `{"drift": d, "possible": p}`, or null for an informational metric; an unknown
/// error bound is null. Each column also has `decided_by` (the metric that decided its verdict, or
/// null) and `why` (the text of the table's "why" column); each metric `not_scored` (the reason it
/// was computed but not scored, or null), `expected` and `expected_error_bound` (the value
/// expected without drift: the unseen share's Good–Turing turnover), `test_p_value` (the unseen
/// share's own test) and `adjusted_p_value` (of the test gating it, after the report's multiple-
/// testing procedure). The summary states the gate: `multiple_testing`, `tests`, `gate`.
enum DriftJSON {
    static func render(_ report: DriftReport, modelQuality: ModelQualityDiff? = nil) -> String {
        value(report, modelQuality: modelQuality).rendered()
    }

    /// The report as a JSON value (what ``render(_:modelQuality:)`` writes).
    static func value(_ report: DriftReport, modelQuality: ModelQualityDiff? = nil) -> JSONValue {
        var columns: [(String, JSONValue)] = []
        for column in report.columns {
            var metrics: [(String, JSONValue)] = []
            for measurement in column.measurements {
                metrics.append(
                    (
                        measurement.metric.rawValue,
                        .object([
                            ("value", .double(measurement.value)),
                            ("error_bound", measurement.errorBound.map(JSONValue.double) ?? .null),
                            ("threshold", threshold(measurement.threshold)),
                            ("verdict", .string(measurement.verdict.rawValue)),
                            ("not_scored", measurement.notScoredReason.map(JSONValue.string) ?? .null),
                            ("expected", measurement.expected.map(JSONValue.double) ?? .null),
                            (
                                "expected_error_bound",
                                measurement.expectedErrorBound.map(JSONValue.double) ?? .null
                            ),
                            ("test_p_value", measurement.pValue.map(JSONValue.double) ?? .null),
                            ("adjusted_p_value", measurement.adjustedPValue.map(JSONValue.double) ?? .null),
                        ])
                    ))
            }
            columns.append(
                (
                    column.name,
                    .object([
                        ("verdict", .string(column.verdict.rawValue)),
                        ("presence", .string(column.presence.rawValue)),
                        ("kind", .string(column.kind.rawValue)),
                        (
                            "counts",
                            .object([("reference", .int(column.referenceCount)), ("target", .int(column.targetCount))])
                        ),
                        ("metrics", .object(metrics)),
                        ("decided_by", column.decidedBy.map { JSONValue.string($0.rawValue) } ?? .null),
                        ("why", .string(DriftText.why(column))),
                    ])
                ))
        }
        let summary = report.summary
        var members: [(String, JSONValue)] = [("columns", .object(columns))]
        if let modelQuality { members.append(("model_quality", modelQuality.json)) }
        let root = JSONValue.object(
            members + [
                (
                    "summary",
                    .object(
                        [("verdict", .string(summary.verdict.rawValue)), ("columns", .int(Int64(summary.columns)))]
                            + DriftVerdict.allCases.map { ($0.rawValue, .int(Int64(summary.byVerdict[$0] ?? 0))) }
                            + [
                                ("missing", .array(summary.missing.map(JSONValue.string))),
                                ("added", .array(summary.added.map(JSONValue.string))),
                                ("significance_level", report.significanceLevel.map(JSONValue.double) ?? .null),
                                ("multiple_testing", .string(report.multipleTesting.rawValue)),
                                ("tests", .int(Int64(report.testCount))),
                                ("gate", .string(DriftText.gate(report))),
                            ])
                )
            ])
        return root
    }

    static func threshold(_ threshold: DriftThreshold?) -> JSONValue {
        guard let threshold else { return .null }
        return .object([
            ("drift", .double(threshold.drift)), ("possible", threshold.possible.map(JSONValue.double) ?? .null),
        ])
    }
}
