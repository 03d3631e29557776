import Foundation
public import Profiles

/// Compares summary values with the fixture JSON (whylogs' `to_pandas()` rows), for the test
/// targets of `Profiles` and of the ingest modules.
public enum SummaryFixture {
    /// A summary value from the fixture JSON: numbers, `{"$f": "NaN"|"Infinity"|"-Infinity"}`,
    /// null, or a frequent-items list.
    public static func matches(_ actual: SummaryValue, _ expected: Any, relative: Double = 0) -> Bool {
        switch actual {
        case .int(let value):
            // Linux Foundation parses JSON numbers as NSDecimalNumber: go through the exact text.
            guard let number = expected as? NSNumber else { return false }
            return Int64(number.description) == value
        case .double(let value):
            let wanted: Double
            if let special = (expected as? [String: String])?["$f"] {
                wanted = special == "NaN" ? .nan : special == "Infinity" ? .infinity : -.infinity
            } else if let number = expected as? NSNumber, let parsed = Double(number.description) {
                wanted = parsed
            } else {
                return false
            }
            if wanted.isNaN || value.isNaN { return wanted.isNaN && value.isNaN }
            return value == wanted || abs(value - wanted) <= relative * abs(wanted)
        case .null: return expected is NSNull
        case .string(let value): return expected as? String == value
        case .frequentItems(let items):
            guard let rows = expected as? [[String: Any]] else { return false }
            let wanted = rows.map {
                "\($0["value"] ?? "") \($0["est"] ?? "") \($0["upper"] ?? "") \($0["lower"] ?? "")"
            }
            let have = items.map { "\($0.value) \($0.estimate) \($0.upperBound) \($0.lowerBound)" }
            return wanted.sorted() == have.sorted()
        }
    }
}
