import Profiles

extension ConstraintSuite {
    /// The suite as YAML, one block mapping per entry, that ``init(yaml:limits:)`` reads back to
    /// an equal suite.
    ///
    /// Parameters are written in whylogs' order; defaults (`skip_missing: true`, `hll_stddev: 3`,
    /// `severity: error`) are left out; strings are double-quoted; floats are written as Python
    /// prints them (`.inf` for infinity).
    ///
    /// - Returns: the text, ending in a newline.
    public func yaml() -> String {
        var text = ""
        if let description { text += "description: \(Self.quoted(description, json: false))\n" }
        text += constraints.isEmpty ? "constraints: []\n" : "constraints:\n"
        for constraint in constraints {
            for (position, (key, value)) in Self.fields(constraint).enumerated() {
                text += (position == 0 ? "  - " : "    ") + key + ": " + Self.render(value, json: false) + "\n"
            }
        }
        return text
    }

    /// The suite as JSON, one entry a line, that ``init(json:limits:)`` reads back to an equal
    /// suite (infinite bounds are written as `1e999`).
    ///
    /// - Returns: the text, ending in a newline.
    public func json() -> String {
        var text = "{"
        if let description { text += "\"description\": \(Self.quoted(description, json: true)), " }
        text += "\"constraints\": ["
        for (index, constraint) in constraints.enumerated() {
            text += index == 0 ? "\n  {" : ",\n  {"
            text += Self.fields(constraint).map { "\"\($0.0)\": " + Self.render($0.1, json: true) }.joined(
                separator: ", ")
            text += "}"
        }
        text += constraints.isEmpty ? "]}\n" : "\n]}\n"
        return text
    }

    /// A value to write.
    private enum Field {
        case string(String)
        case number(ConstraintNumber)
        case integer(Int)
        case bool(Bool)
        case strings([String])
    }

    private static func fields(_ constraint: Constraint) -> [(String, Field)] {
        var fields: [(String, Field)] = [("factory", .string(constraint.check.factory))]
        if let name = constraint.customName { fields.append(("name", .string(name))) }
        if let column = constraint.check.columnName { fields.append(("column_name", .string(column))) }
        func skip(_ skipMissing: Bool) { if !skipMissing { fields.append(("skip_missing", .bool(false))) } }
        switch constraint.check {
        case .greaterThanNumber(_, let number, let skipMissing), .smallerThanNumber(_, let number, let skipMissing):
            fields.append(("number", .number(number)))
            skip(skipMissing)
        case .isNonNegative(_, let skipMissing):
            skip(skipMissing)
        case .isInRange(_, let lower, let upper, let skipMissing),
            .meanBetweenRange(_, let lower, let upper, let skipMissing),
            .stddevBetweenRange(_, let lower, let upper, let skipMissing):
            fields += [("lower", .number(lower)), ("upper", .number(upper))]
            skip(skipMissing)
        case .quantileBetweenRange(_, let quantile, let lower, let upper, let skipMissing):
            fields += [("quantile", .number(quantile)), ("lower", .number(lower)), ("upper", .number(upper))]
            skip(skipMissing)
        case .noMissingValues:
            break
        case .countBelowNumber(_, let number), .nullValuesBelowNumber(_, let number),
            .nullPercentageBelowNumber(_, let number):
            fields.append(("number", .number(number)))
        case .distinctNumberInRange(_, let lower, let upper):
            fields += [("lower", .number(lower)), ("upper", .number(upper))]
        case .frequentStringsInReferenceSet(_, let set):
            fields.append(("reference_set", .strings(set)))
        case .nMostCommonItemsInSet(_, let n, let set):
            fields += [("n", .integer(n)), ("reference_set", .strings(set))]
        case .columnIsNullableDatatype(_, let datatype, let factory):
            if factory == "column_is_nullable_datatype" { fields.append(("datatype", .string(datatype.rawValue))) }
        case .columnHasNonZeroTypes(_, let types), .columnHasZeroCountTypes(_, let types):
            fields.append(("types_list", .strings(types.map(\.rawValue))))
        case .conditionMeets(_, let condition), .conditionNeverMeets(_, let condition):
            fields.append(("condition_name", .string(condition)))
        case .conditionCountBelow(_, let condition, let maxCount):
            fields += [("condition_name", .string(condition)), ("max_count", .number(maxCount))]
        case .columnIsProbablyUnique(_, let stddev):
            if stddev != 3 { fields.append(("hll_stddev", .integer(stddev))) }
        case .rowCountInRange(let lower, let upper):
            if let lower { fields.append(("lower", .number(lower))) }
            if let upper { fields.append(("upper", .number(upper))) }
        case .columnsPresent(let names), .noUnexpectedColumns(let names):
            fields.append(("column_names", .strings(names)))
        case .noDrift(_, let metric, let threshold):
            if let metric { fields.append(("metric", .string(metric.rawValue))) }
            if let threshold { fields.append(("threshold", .number(.double(threshold)))) }
        }
        if constraint.severity != .error { fields.append(("severity", .string(constraint.severity.rawValue))) }
        if let comment = constraint.comment { fields.append(("comment", .string(comment))) }
        return fields
    }

    private static func render(_ field: Field, json: Bool) -> String {
        switch field {
        case .string(let value): return quoted(value, json: json)
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .strings(let values): return "[" + values.map { quoted($0, json: json) }.joined(separator: ", ") + "]"
        case .number(.integer(let value)): return String(value)
        case .number(.double(let value)):
            if value.isInfinite {
                if json { return value < 0 ? "-1e999" : "1e999" }
                return value < 0 ? "-.inf" : ".inf"
            }
            return _PythonRepr.float(value)
        }
    }

    /// A double-quoted string that both JSON and YAML read back unchanged.
    private static func quoted(_ value: String, json: Bool) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default:
                let printable: Bool
                switch scalar.properties.generalCategory {
                case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                    printable = false
                default:
                    printable = true
                }
                if printable {
                    text.unicodeScalars.append(scalar)
                } else if scalar.value > 0xFFFF {
                    if json {
                        let v = scalar.value - 0x10000
                        text += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        let digits = String(scalar.value, radix: 16)
                        text += "\\U" + String(repeating: "0", count: 8 - digits.count) + digits
                    }
                } else {
                    text += hex4(scalar.value)
                }
            }
        }
        return text + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
