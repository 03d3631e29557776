import Profiles

/// `profile diff --format json`: `{"columns": {"<name>": {"verdict", "presence", "kind", "counts",
/// "metrics": {"<metric>": {"value", "error_bound", "threshold", "verdict"}}}}, "summary": {…}}`.
/// A threshold is `{"drift": d, "possible": p}`, or null for an informational metric; an unknown
/// error bound is null.
enum DriftJSON {
    static func render(_ report: DriftReport) -> String {
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
                    ])
                ))
        }
        let summary = report.summary
        let root = JSONValue.object([
            ("columns", .object(columns)),
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
            ),
        ])
        return root.rendered()
    }

    static func threshold(_ threshold: DriftThreshold?) -> JSONValue {
        guard let threshold else { return .null }
        return .object([
            ("drift", .double(threshold.drift)), ("possible", threshold.possible.map(JSONValue.double) ?? .null),
        ])
    }
}
