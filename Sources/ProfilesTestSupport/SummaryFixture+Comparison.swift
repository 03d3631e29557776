import Foundation
public import Profiles

extension SummaryFixture {
    /// The differences between a column's summary and whylogs' fixture row, under the fixture
    /// rules of `fixtures/csv/` and `fixtures/jsonl/`:
    ///
    /// - counts, types, ints, distribution n/min/max, strings: equal;
    /// - mean and stddev: within 1e-9 relative;
    /// - quantiles: within the KLL rank error, i.e. within the exact values at ranks q ± ε of the
    ///   data (`facts["quantile_bounds"]`), or equal when there are no bounds;
    /// - cardinality: within 3σ (the HLL's 1σ bounds × 3) of the exact distinct count
    ///   (`facts["distinct"]`);
    /// - frequent items: equal when every distinct value fits the sketch
    ///   (`facts["fits_frequent_items"]`).
    ///
    /// - Parameters:
    ///   - summary: Sketchbook's summary of the column.
    ///   - fields: the fixture's summary of the column (`NAME.summary.json`).
    ///   - facts: the fixture's facts about the column (`NAME.truth.json`).
    ///   - place: a prefix for the messages.
    /// - Returns: one message per difference; empty when the column matches.
    public static func mismatches(
        _ summary: ColumnSummary, _ fields: [String: Any], _ facts: [String: Any], place: String
    ) -> [String] {
        var problems: [String] = []
        if Set(summary.keys) != Set(fields.keys).union(["type"]) {
            problems.append("\(place): keys \(summary.keys.sorted()) vs \(fields.keys.sorted())")
        }
        for (key, want) in fields {
            guard let have = summary[key] else { continue }
            switch key {
            case "distribution/mean":
                if !matches(have, want, relative: 1e-9) { problems.append("\(place) \(key): \(have) vs \(want)") }
            case "distribution/stddev":
                // A profile merged from pieces (blocks, segments' rows) carries whylogs' merge
                // rounding, which scales with the mean: whylogs' own merge of five pieces of a
                // constant column 3 gives a stddev of 2.6e-16. So 1e-9 relative to the larger of
                // the stddev and |mean|.
                let scale = max(abs(number(want)), abs(number(fields["distribution/mean"] ?? 0.0)))
                guard case .double(let value) = have, abs(value - number(want)) <= 1e-9 * scale || matches(have, want)
                else {
                    problems.append("\(place) \(key): \(have) vs \(want)")
                    continue
                }
            case _ where key.hasPrefix("distribution/q_") || key == "distribution/median":
                if let bounds = (facts["quantile_bounds"] as? [String: [Any]])?[key] {
                    let low = number(bounds[0])
                    let high = number(bounds[1])
                    guard case .double(let value) = have, low <= value && value <= high else {
                        problems.append("\(place) \(key): \(have) not within [\(low), \(high)]")
                        continue
                    }
                } else if !matches(have, want) {
                    problems.append("\(place) \(key): \(have) vs \(want)")
                }
            case "cardinality/est":
                guard case .double(let estimate) = have, case .double(let low)? = summary["cardinality/lower_1"],
                    case .double(let high)? = summary["cardinality/upper_1"], let distinct = facts["distinct"] as? Int
                else {
                    problems.append("\(place): cardinality fields or the distinct count missing")
                    continue
                }
                let sigma = max(high - estimate, estimate - low, 1e-9)
                if abs(estimate - Double(distinct)) > 3 * sigma + 1e-6 {
                    problems.append("\(place) \(key): \(estimate) not within 3σ (\(3 * sigma)) of \(distinct)")
                }
            case "cardinality/lower_1", "cardinality/upper_1":
                continue
            case "frequent_items/frequent_strings":
                if facts["fits_frequent_items"] as? Bool == true, !matches(have, want) {
                    problems.append("\(place) \(key): \(have) vs \(want)")
                }
            default:
                if !matches(have, want) { problems.append("\(place) \(key): \(have) vs \(want)") }
            }
        }
        return problems
    }

    /// The differences between a profile's column summaries and whylogs' fixture
    /// (`NAME.summary.json`, with the facts of `NAME.truth.json`): the same columns, and each
    /// column under the rules of ``mismatches(_:_:_:place:)``.
    ///
    /// - Parameters:
    ///   - summaries: Sketchbook's summary of the profile (`DatasetProfile.summary()`).
    ///   - expected: the fixture's summary, by column.
    ///   - facts: the fixture's facts, by column.
    ///   - place: a prefix for the messages (the fixture and the layout it was profiled with).
    /// - Returns: one message per difference; empty when the profile matches.
    public static func mismatches(
        _ summaries: [ColumnSummary], _ expected: [String: [String: Any]], facts: [String: [String: Any]],
        place: String
    ) -> [String] {
        var problems: [String] = []
        let columns = summaries.map(\.column).sorted()
        if columns != expected.keys.sorted() {
            problems.append("\(place): columns \(columns) vs \(expected.keys.sorted())")
        }
        for summary in summaries {
            guard let fields = expected[summary.column] else { continue }
            problems += mismatches(summary, fields, facts[summary.column] ?? [:], place: "\(place) \(summary.column)")
        }
        return problems
    }

    /// A fixture number: a JSON number or `{"$f": "NaN"|"Infinity"|"-Infinity"}`.
    public static func number(_ value: Any) -> Double {
        if let special = (value as? [String: String])?["$f"] {
            return special == "NaN" ? .nan : special == "Infinity" ? .infinity : -.infinity
        }
        return Double((value as? NSNumber)?.description ?? "") ?? .nan
    }
}
