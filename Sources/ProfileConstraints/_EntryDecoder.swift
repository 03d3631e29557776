import Profiles

/// Reads one suite entry: its factory, the factory's parameters (whylogs' names and defaults),
/// `name`, `severity` and `comment`; every other key is an error.
struct _EntryDecoder {
    private let index: Int
    private let line: Int?
    private let limits: ConstraintSuiteLimits
    private var fields: [String: _SuiteNode] = [:]
    private var order: [String] = []
    private var used: Set<String> = []
    private var entryName: String?

    private init(index: Int, line: Int?, limits: ConstraintSuiteLimits) {
        self.index = index
        self.line = line
        self.limits = limits
    }

    static func decode(
        _ node: _SuiteNode, index: Int, limits: ConstraintSuiteLimits
    ) throws(ConstraintSuiteError)
        -> Constraint
    {
        var decoder = _EntryDecoder(index: index, line: node.line, limits: limits)
        guard case .map(let pairs) = node.kind else {
            throw decoder.error(.invalidStructure, "", expected: "a mapping with a factory", actual: node.described)
        }
        for (key, value) in pairs {
            decoder.fields[key] = value
            decoder.order.append(key)
        }
        // The name first, so that every later error can carry it.
        let name = try decoder.optionalString("name")
        let factory = try decoder.string("factory")
        decoder.entryName = name ?? factory
        let severityText = try decoder.optionalString("severity") ?? ConstraintSeverity.error.rawValue
        guard let severity = ConstraintSeverity(rawValue: severityText) else {
            throw decoder.error(
                .invalidValue, "severity", expected: "error or warning", actual: _PythonRepr.string(severityText))
        }
        let comment = try decoder.optionalString("comment")
        let check = try decoder.check(factory)
        try decoder.finish(factory)
        return Constraint(check, name: name, severity: severity, comment: comment)
    }

    // MARK: - Factories

    private mutating func check(_ factory: String) throws(ConstraintSuiteError) -> ConstraintCheck {
        if let datatype = ConstraintCheck.nullableFactories[factory] {
            return .columnIsNullableDatatype(
                columnName: try string("column_name"), datatype: datatype, factoryName: factory)
        }
        switch factory {
        case "greater_than_number":
            return .greaterThanNumber(
                columnName: try string("column_name"), number: try number("number"), skipMissing: try skipMissing())
        case "smaller_than_number":
            return .smallerThanNumber(
                columnName: try string("column_name"), number: try number("number"), skipMissing: try skipMissing())
        case "is_non_negative":
            return .isNonNegative(columnName: try string("column_name"), skipMissing: try skipMissing())
        case "is_in_range":
            return .isInRange(
                columnName: try string("column_name"), lower: try number("lower"), upper: try number("upper"),
                skipMissing: try skipMissing())
        case "mean_between_range":
            return .meanBetweenRange(
                columnName: try string("column_name"), lower: try number("lower"), upper: try number("upper"),
                skipMissing: try skipMissing())
        case "stddev_between_range":
            return .stddevBetweenRange(
                columnName: try string("column_name"), lower: try number("lower"), upper: try number("upper"),
                skipMissing: try skipMissing())
        case "quantile_between_range":
            let column = try string("column_name")
            let quantile = try number("quantile")
            guard quantile >= .integer(0), quantile <= .integer(1) else {
                throw error(.invalidValue, "quantile", expected: "a number from 0 to 1", actual: "\(quantile)")
            }
            return .quantileBetweenRange(
                columnName: column, quantile: quantile, lower: try number("lower"), upper: try number("upper"),
                skipMissing: try skipMissing())
        case "no_missing_values":
            return .noMissingValues(columnName: try string("column_name"))
        case "count_below_number":
            return .countBelowNumber(columnName: try string("column_name"), number: try number("number"))
        case "null_values_below_number":
            return .nullValuesBelowNumber(columnName: try string("column_name"), number: try number("number"))
        case "null_percentage_below_number":
            return .nullPercentageBelowNumber(columnName: try string("column_name"), number: try number("number"))
        case "distinct_number_in_range":
            return .distinctNumberInRange(
                columnName: try string("column_name"), lower: try number("lower"), upper: try number("upper"))
        case "frequent_strings_in_reference_set":
            return .frequentStringsInReferenceSet(
                columnName: try string("column_name"), referenceSet: try stringList("reference_set"))
        case "n_most_common_items_in_set":
            let column = try string("column_name")
            let n = try integer("n")
            guard n >= 0 else { throw error(.invalidValue, "n", expected: "an integer ≥ 0", actual: "\(n)") }
            return .nMostCommonItemsInSet(columnName: column, n: n, referenceSet: try stringList("reference_set"))
        case "column_is_nullable_datatype":
            let column = try string("column_name")
            return .columnIsNullableDatatype(
                columnName: column, datatype: try dataType("datatype"), factoryName: factory)
        case "column_has_non_zero_types":
            return .columnHasNonZeroTypes(columnName: try string("column_name"), typesList: try dataTypes("types_list"))
        case "column_has_zero_count_types":
            return .columnHasZeroCountTypes(
                columnName: try string("column_name"), typesList: try dataTypes("types_list"))
        case "condition_meets":
            return .conditionMeets(columnName: try string("column_name"), conditionName: try string("condition_name"))
        case "condition_never_meets":
            return .conditionNeverMeets(
                columnName: try string("column_name"), conditionName: try string("condition_name"))
        case "condition_count_below":
            return .conditionCountBelow(
                columnName: try string("column_name"), conditionName: try string("condition_name"),
                maxCount: try number("max_count"))
        case "column_is_probably_unique":
            let column = try string("column_name")
            let stddev = try optionalInteger("hll_stddev") ?? 3
            guard (1...3).contains(stddev) else {
                throw error(.invalidValue, "hll_stddev", expected: "1, 2 or 3", actual: "\(stddev)")
            }
            return .columnIsProbablyUnique(columnName: column, hllStddev: stddev)
        case "row_count_in_range":
            let lower = try optionalNumber("lower")
            let upper = try optionalNumber("upper")
            guard lower != nil || upper != nil else {
                throw error(.missingParameter, "lower", expected: "lower, upper or both", actual: "neither")
            }
            return .rowCountInRange(lower: lower, upper: upper)
        case "columns_present":
            return .columnsPresent(columnNames: try stringList("column_names"))
        case "no_unexpected_columns":
            return .noUnexpectedColumns(columnNames: try stringList("column_names"))
        case "no_drift":
            return try noDrift()
        default:
            throw error(
                .unknownFactory, "factory",
                expected: "a whylogs 1.6.4 factory or a Sketchbook check (docs/constraints.md)",
                actual: _PythonRepr.string(factory))
        }
    }

    private mutating func noDrift() throws(ConstraintSuiteError) -> ConstraintCheck {
        let column = try string("column_name")
        let metricName = try optionalString("metric")
        let thresholdNumber = try optionalNumber("threshold")
        let allowed = DriftMetric.allCases.filter { $0 != .pValue }
        var metric: DriftMetric?
        if let metricName {
            guard let named = DriftMetric(rawValue: metricName), named != .pValue else {
                throw error(
                    .invalidValue, "metric", expected: "one of " + allowed.map(\.rawValue).joined(separator: ", "),
                    actual: _PythonRepr.string(metricName))
            }
            metric = named
        }
        var threshold: Double?
        if let thresholdNumber {
            guard let metric else {
                throw error(.missingParameter, "metric", expected: "a metric for the threshold", actual: "none")
            }
            do {
                _ = try DriftConfiguration.threshold(metric: metric, drift: thresholdNumber.doubleValue)
            } catch {
                throw self.error(
                    .invalidValue, "threshold", expected: "a finite number ≥ 0", actual: "\(thresholdNumber)")
            }
            threshold = thresholdNumber.doubleValue
        } else if let metric, DriftConfiguration.defaultThresholds[metric] == nil {
            throw error(
                .missingParameter, "threshold", expected: "a threshold (\(metric.rawValue) has no default)",
                actual: "none")
        }
        return .noDrift(columnName: column, metric: metric, threshold: threshold)
    }

    // MARK: - Fields

    private func error(
        _ code: ConstraintSuiteError.Code, _ field: String, expected: String, actual: String, line: Int? = nil
    ) -> ConstraintSuiteError {
        ConstraintSuiteError(
            code, entry: index, entryName: entryName, field: field, expected: expected, actual: actual,
            line: line ?? fields[field]?.line ?? self.line)
    }

    private mutating func take(_ key: String) -> _SuiteNode? {
        used.insert(key)
        guard let node = fields[key], case .null = node.kind else { return fields[key] }
        return nil
    }

    private mutating func required(_ key: String, _ expected: String) throws(ConstraintSuiteError) -> _SuiteNode {
        guard let node = take(key) else {
            throw error(.missingParameter, key, expected: expected, actual: fields[key] == nil ? "none" : "null")
        }
        return node
    }

    /// A string, or a number taken as written (a column named `2024`).
    private mutating func string(_ key: String) throws(ConstraintSuiteError) -> String {
        let node = try required(key, "a string")
        return try text(of: node, key)
    }

    private mutating func optionalString(_ key: String) throws(ConstraintSuiteError) -> String? {
        guard let node = take(key) else { return nil }
        return try text(of: node, key)
    }

    private func text(of node: _SuiteNode, _ key: String) throws(ConstraintSuiteError) -> String {
        guard let text = node.scalarText else {
            throw error(.wrongType, key, expected: "a string", actual: node.described, line: node.line)
        }
        return text
    }

    private mutating func number(_ key: String) throws(ConstraintSuiteError) -> ConstraintNumber {
        try numberValue(required(key, "a number"), key)
    }

    private mutating func optionalNumber(_ key: String) throws(ConstraintSuiteError) -> ConstraintNumber? {
        guard let node = take(key) else { return nil }
        return try numberValue(node, key)
    }

    private func numberValue(_ node: _SuiteNode, _ key: String) throws(ConstraintSuiteError) -> ConstraintNumber {
        switch node.kind {
        case .integer(let value):
            return .integer(value)
        case .double(let value):
            guard !value.isNaN else {
                throw error(.invalidValue, key, expected: "a number (not NaN)", actual: node.described, line: node.line)
            }
            return .double(value)
        case .unrepresentable:
            throw error(
                .invalidValue, key, expected: "an integer within ±2^63 or a finite float", actual: node.described,
                line: node.line)
        default:
            throw error(.wrongType, key, expected: "a number", actual: node.described, line: node.line)
        }
    }

    private mutating func integer(_ key: String) throws(ConstraintSuiteError) -> Int {
        try integerValue(required(key, "an integer"), key)
    }

    private mutating func optionalInteger(_ key: String) throws(ConstraintSuiteError) -> Int? {
        guard let node = take(key) else { return nil }
        return try integerValue(node, key)
    }

    private func integerValue(_ node: _SuiteNode, _ key: String) throws(ConstraintSuiteError) -> Int {
        switch node.kind {
        case .integer(let value): return Int(value)
        case .unrepresentable:
            throw error(
                .invalidValue, key, expected: "an integer within ±2^63", actual: node.described, line: node.line)
        default: throw error(.wrongType, key, expected: "an integer", actual: node.described, line: node.line)
        }
    }

    private mutating func skipMissing() throws(ConstraintSuiteError) -> Bool {
        guard let node = take("skip_missing") else { return true }
        guard case .bool(let value) = node.kind else {
            throw error(.wrongType, "skip_missing", expected: "true or false", actual: node.described, line: node.line)
        }
        return value
    }

    /// A list of strings; numbers are taken as written (`[3, 4]` is `["3", "4"]`: whylogs compares
    /// frequent items, which are strings).
    private mutating func stringList(_ key: String) throws(ConstraintSuiteError) -> [String] {
        let node = try required(key, "a list")
        guard case .list(let items) = node.kind else {
            throw error(.wrongType, key, expected: "a list", actual: node.described, line: node.line)
        }
        guard items.count <= limits.maxListItems else {
            throw error(
                .limitExceeded, key, expected: "at most \(limits.maxListItems) items (maxListItems)",
                actual: "\(items.count)", line: node.line)
        }
        var values: [String] = []
        values.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            guard let text = item.scalarText else {
                throw error(
                    .wrongType, "\(key)[\(position)]", expected: "a string", actual: item.described, line: item.line)
            }
            values.append(text)
        }
        return values
    }

    private mutating func dataType(_ key: String) throws(ConstraintSuiteError) -> ConstraintDataType {
        let node = try required(key, "a type name")
        return try dataTypeValue(node, field: key)
    }

    private mutating func dataTypes(_ key: String) throws(ConstraintSuiteError) -> [ConstraintDataType] {
        let node = try required(key, "a list of type names")
        guard case .list(let items) = node.kind else {
            throw error(.wrongType, key, expected: "a list of type names", actual: node.described, line: node.line)
        }
        guard items.count <= limits.maxListItems else {
            throw error(
                .limitExceeded, key, expected: "at most \(limits.maxListItems) items (maxListItems)",
                actual: "\(items.count)", line: node.line)
        }
        var types: [ConstraintDataType] = []
        for (position, item) in items.enumerated() {
            types.append(try dataTypeValue(item, field: "\(key)[\(position)]"))
        }
        return types
    }

    private func dataTypeValue(_ node: _SuiteNode, field: String) throws(ConstraintSuiteError) -> ConstraintDataType {
        let names = ConstraintDataType.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .string(let text) = node.kind else {
            throw error(.wrongType, field, expected: "a type name (\(names))", actual: node.described, line: node.line)
        }
        guard let type = ConstraintDataType(rawValue: text) else {
            throw error(.invalidValue, field, expected: "one of \(names)", actual: node.described, line: node.line)
        }
        return type
    }

    /// Every key must have been read.
    private func finish(_ factory: String) throws(ConstraintSuiteError) {
        for key in order where !used.contains(key) {
            throw error(
                .unknownParameter, key, expected: "a parameter of \(factory) (docs/constraints.md)",
                actual: "\"\(key)\"")
        }
    }
}
