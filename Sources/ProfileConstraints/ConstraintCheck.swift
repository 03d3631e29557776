public import Profiles

/// What a constraint checks: one of whylogs 1.6.4's 26 constraint factories with its parameters,
/// or one of Sketchbook's dataset-level and drift checks.
///
/// Parameter names and defaults are whylogs' (`column_name`, `skip_missing: true`,
/// `hll_stddev: 3`, …); ``factory`` is the factory's name in a suite file and ``defaultName`` the
/// name whylogs gives the constraint. The pass conditions are whylogs'; `docs/constraints.md`
/// lists each one and the few places where Sketchbook differs (a missing column or metric is
/// reported instead of dropped, a wrong type name is an error).
public enum ConstraintCheck: Sendable, Hashable {
    // MARK: distribution (whylogs.core.constraints.factories.distribution_metrics)

    /// `greater_than_number`: the column's minimum is greater than `number`.
    case greaterThanNumber(columnName: String, number: ConstraintNumber, skipMissing: Bool = true)
    /// `smaller_than_number`: the column's maximum is smaller than `number`.
    case smallerThanNumber(columnName: String, number: ConstraintNumber, skipMissing: Bool = true)
    /// `is_non_negative`: the column's minimum is at least 0.
    case isNonNegative(columnName: String, skipMissing: Bool = true)
    /// `is_in_range`: minimum ≥ `lower` and maximum ≤ `upper`.
    case isInRange(columnName: String, lower: ConstraintNumber, upper: ConstraintNumber, skipMissing: Bool = true)
    /// `mean_between_range`: `lower` ≤ mean ≤ `upper`.
    case meanBetweenRange(
        columnName: String, lower: ConstraintNumber, upper: ConstraintNumber, skipMissing: Bool = true)
    /// `stddev_between_range`: `lower` ≤ standard deviation ≤ `upper`.
    case stddevBetweenRange(
        columnName: String, lower: ConstraintNumber, upper: ConstraintNumber, skipMissing: Bool = true)
    /// `quantile_between_range`: `lower` ≤ the KLL quantile at `quantile` ≤ `upper`.
    case quantileBetweenRange(
        columnName: String, quantile: ConstraintNumber, lower: ConstraintNumber, upper: ConstraintNumber,
        skipMissing: Bool = true)

    // MARK: counts (count_metrics)

    /// `no_missing_values`: `counts/null` is 0.
    case noMissingValues(columnName: String)
    /// `count_below_number`: `counts/n` ≤ `number`.
    case countBelowNumber(columnName: String, number: ConstraintNumber)
    /// `null_values_below_number`: `counts/null` < `number`.
    case nullValuesBelowNumber(columnName: String, number: ConstraintNumber)
    /// `null_percentage_below_number`: `counts/null / counts/n` ≤ `number` (a fraction, not a
    /// percentage, despite the name).
    case nullPercentageBelowNumber(columnName: String, number: ConstraintNumber)

    // MARK: cardinality, frequent items

    /// `distinct_number_in_range`: `lower` ≤ the HLL distinct estimate ≤ `upper`.
    case distinctNumberInRange(columnName: String, lower: ConstraintNumber, upper: ConstraintNumber)
    /// `frequent_strings_in_reference_set`: every frequent item (no false positives) is in the set.
    case frequentStringsInReferenceSet(columnName: String, referenceSet: [String])
    /// `n_most_common_items_in_set`: the `n` most frequent items are all in the set.
    case nMostCommonItemsInSet(columnName: String, n: Int, referenceSet: [String])

    // MARK: types (types_metrics)

    /// `column_is_nullable_integral`, `…_fractional`, `…_boolean`, `…_string`, `…_object`, and
    /// `column_is_nullable_datatype`: the column has values of `datatype` and no other type (nulls
    /// allowed). `factoryName` is the factory the entry named, so that it is written back as read.
    case columnIsNullableDatatype(columnName: String, datatype: ConstraintDataType, factoryName: String)
    /// `column_has_non_zero_types`: every listed type has a count above 0.
    case columnHasNonZeroTypes(columnName: String, typesList: [ConstraintDataType])
    /// `column_has_zero_count_types`: every listed type has a count of 0.
    case columnHasZeroCountTypes(columnName: String, typesList: [ConstraintDataType])

    // MARK: condition counts (condition_counts)

    /// `condition_meets`: every value met the condition (its count equals `condition_count/total`).
    case conditionMeets(columnName: String, conditionName: String)
    /// `condition_never_meets`: no value met the condition.
    case conditionNeverMeets(columnName: String, conditionName: String)
    /// `condition_count_below`: the condition's count is at most `maxCount`.
    case conditionCountBelow(columnName: String, conditionName: String, maxCount: ConstraintNumber)

    // MARK: multi-metric

    /// `column_is_probably_unique`: the non-null count lies within the HLL bounds at `hllStddev`
    /// standard deviations (1, 2 or 3).
    case columnIsProbablyUnique(columnName: String, hllStddev: Int = 3)

    // MARK: Sketchbook: dataset level

    /// `row_count_in_range`: the row count (the largest `counts/n` of any column) lies in
    /// `lower...upper`; either bound may be absent.
    case rowCountInRange(lower: ConstraintNumber?, upper: ConstraintNumber?)
    /// `columns_present`: every listed column is in the profile.
    case columnsPresent(columnNames: [String])
    /// `no_unexpected_columns`: the profile has no column outside the list.
    case noUnexpectedColumns(columnNames: [String])

    // MARK: Sketchbook: drift against a reference

    /// `no_drift`: the column has not drifted from the reference profile, by `metric` (with
    /// `threshold` as its drift threshold, or the engine's default), or by the column's verdict
    /// under the default configuration when `metric` is `nil`. The drift engine's `indeterminate`
    /// verdict is reported as ``ConstraintResult/Outcome/indeterminate``.
    case noDrift(columnName: String, metric: DriftMetric?, threshold: Double?)

    /// The factories of ``ConstraintCheck/columnIsNullableDatatype(columnName:datatype:factoryName:)``
    /// with a fixed type.
    static let nullableFactories: [String: ConstraintDataType] = [
        "column_is_nullable_integral": .integral, "column_is_nullable_fractional": .fractional,
        "column_is_nullable_boolean": .boolean, "column_is_nullable_string": .string,
        "column_is_nullable_object": .object,
    ]

    /// Every factory name a suite may use: whylogs' 26, then Sketchbook's 4.
    public static let factoryNames: [String] = [
        "greater_than_number", "smaller_than_number", "is_in_range", "is_non_negative", "mean_between_range",
        "stddev_between_range", "quantile_between_range", "no_missing_values", "count_below_number",
        "null_values_below_number", "null_percentage_below_number", "distinct_number_in_range",
        "frequent_strings_in_reference_set", "n_most_common_items_in_set", "column_is_nullable_integral",
        "column_is_nullable_boolean", "column_is_nullable_datatype", "column_is_nullable_fractional",
        "column_is_nullable_object", "column_is_nullable_string", "column_has_non_zero_types",
        "column_has_zero_count_types", "condition_meets", "condition_never_meets", "condition_count_below",
        "column_is_probably_unique",
        "row_count_in_range", "columns_present", "no_unexpected_columns", "no_drift",
    ]

    /// The factory's name in a suite file (`is_in_range`, …).
    public var factory: String {
        switch self {
        case .greaterThanNumber: "greater_than_number"
        case .smallerThanNumber: "smaller_than_number"
        case .isNonNegative: "is_non_negative"
        case .isInRange: "is_in_range"
        case .meanBetweenRange: "mean_between_range"
        case .stddevBetweenRange: "stddev_between_range"
        case .quantileBetweenRange: "quantile_between_range"
        case .noMissingValues: "no_missing_values"
        case .countBelowNumber: "count_below_number"
        case .nullValuesBelowNumber: "null_values_below_number"
        case .nullPercentageBelowNumber: "null_percentage_below_number"
        case .distinctNumberInRange: "distinct_number_in_range"
        case .frequentStringsInReferenceSet: "frequent_strings_in_reference_set"
        case .nMostCommonItemsInSet: "n_most_common_items_in_set"
        case .columnIsNullableDatatype(_, _, let factoryName): factoryName
        case .columnHasNonZeroTypes: "column_has_non_zero_types"
        case .columnHasZeroCountTypes: "column_has_zero_count_types"
        case .conditionMeets: "condition_meets"
        case .conditionNeverMeets: "condition_never_meets"
        case .conditionCountBelow: "condition_count_below"
        case .columnIsProbablyUnique: "column_is_probably_unique"
        case .rowCountInRange: "row_count_in_range"
        case .columnsPresent: "columns_present"
        case .noUnexpectedColumns: "no_unexpected_columns"
        case .noDrift: "no_drift"
        }
    }

    /// The column the check looks at, or `nil` for a dataset-level check.
    public var columnName: String? {
        switch self {
        case .greaterThanNumber(let column, _, _), .smallerThanNumber(let column, _, _),
            .isNonNegative(let column, _), .isInRange(let column, _, _, _), .meanBetweenRange(let column, _, _, _),
            .stddevBetweenRange(let column, _, _, _), .quantileBetweenRange(let column, _, _, _, _),
            .noMissingValues(let column), .countBelowNumber(let column, _), .nullValuesBelowNumber(let column, _),
            .nullPercentageBelowNumber(let column, _), .distinctNumberInRange(let column, _, _),
            .frequentStringsInReferenceSet(let column, _), .nMostCommonItemsInSet(let column, _, _),
            .columnIsNullableDatatype(let column, _, _), .columnHasNonZeroTypes(let column, _),
            .columnHasZeroCountTypes(let column, _), .conditionMeets(let column, _),
            .conditionNeverMeets(let column, _), .conditionCountBelow(let column, _, _),
            .columnIsProbablyUnique(let column, _), .noDrift(let column, _, _):
            column
        case .rowCountInRange, .columnsPresent, .noUnexpectedColumns:
            nil
        }
    }

    /// Whether the check compares with a reference profile (`no_drift`).
    public var needsReference: Bool {
        if case .noDrift = self { return true }
        return false
    }

    /// The name whylogs 1.6.4's factory gives the constraint, character for character (numbers and
    /// lists as Python prints them), and a name in the same style for Sketchbook's checks.
    ///
    /// whylogs builds `column_has_zero_count_types`' name from a Python set, whose order changes
    /// from run to run; here the types are in the `types` metric's order.
    public var defaultName: String {
        switch self {
        case .greaterThanNumber(let column, let number, _):
            return "\(column) greater than number \(number)"
        case .smallerThanNumber(let column, let number, _):
            return "\(column) smaller than number \(number)"
        case .isNonNegative(let column, _):
            return "\(column) is non negative"
        case .isInRange(let column, let lower, let upper, _):
            return "\(column) is in range [\(lower),\(upper)]"
        case .meanBetweenRange(let column, let lower, let upper, _):
            return "\(column) mean between \(lower) and \(upper) (inclusive)"
        case .stddevBetweenRange(let column, let lower, let upper, _):
            return "\(column) standard deviation between \(lower) and \(upper) (inclusive)"
        case .quantileBetweenRange(let column, let quantile, let lower, let upper, _):
            return "\(column) \(quantile)-th quantile value between \(lower) and \(upper) (inclusive)"
        case .noMissingValues(let column):
            return "\(column) has no missing values"
        case .countBelowNumber(let column, let number):
            return "count of \(column) lower than \(number)"
        case .nullValuesBelowNumber(let column, let number):
            return "null values of \(column) lower than \(number)"
        case .nullPercentageBelowNumber(let column, let number):
            return "null percentage of \(column) lower than \(number)"
        case .distinctNumberInRange(let column, let lower, let upper):
            return "\(column) distinct values estimate between \(lower) and \(upper) (inclusive)"
        case .frequentStringsInReferenceSet(let column, let set):
            return "\(column) values in set \(_PythonRepr.list(set))"
        case .nMostCommonItemsInSet(let column, let n, let set):
            return "\(column) \(n)-most common items in set \(_PythonRepr.list(set))"
        case .columnIsNullableDatatype(let column, let datatype, _):
            return "\(column) is nullable \(datatype)"
        case .columnHasNonZeroTypes(let column, let types):
            return "\(column) types count non-zero for \(_PythonRepr.list(types.map(\.rawValue)))"
        case .columnHasZeroCountTypes(let column, let types):
            let complement = ConstraintDataType.allCases.filter { !types.contains($0) }.map(\.rawValue)
            return "\(column) allows for types \(_PythonRepr.list(complement))"
        case .conditionMeets(let column, let condition):
            return "\(column) meets condition \(condition)"
        case .conditionNeverMeets(let column, let condition):
            return "\(column) never meets condition \(condition)"
        case .conditionCountBelow(let column, let condition, let maxCount):
            return "\(column).\(condition) lower than or equal to \(maxCount)"
        case .columnIsProbablyUnique(let column, _):
            return "\(column) is probably unique"
        case .rowCountInRange(let lower, let upper):
            switch (lower, upper) {
            case (let lower?, let upper?): return "row count between \(lower) and \(upper) (inclusive)"
            case (let lower?, nil): return "row count at least \(lower)"
            case (nil, let upper?): return "row count at most \(upper)"
            case (nil, nil): return "row count"
            }
        case .columnsPresent(let columns):
            return "columns present: \(_PythonRepr.list(columns))"
        case .noUnexpectedColumns(let columns):
            return "no columns other than \(_PythonRepr.list(columns))"
        case .noDrift(let column, let metric, let threshold):
            guard let metric else { return "\(column) no drift" }
            let limit = threshold.map { " < " + _PythonRepr.float($0) } ?? ""
            return "\(column) no drift (\(metric.rawValue)\(limit))"
        }
    }
}
