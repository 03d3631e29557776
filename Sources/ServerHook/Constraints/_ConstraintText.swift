import ProfileConstraints
import Profiles

/// Constraint names, column names and values made safe for labels, log lines and the window
/// file's metadata.
///
/// A suite is configuration, yet it is text from outside the process: a name may hold line
/// breaks (a forged log line), bidirectional overrides (a label that reads otherwise than it
/// sorts) or a megabyte of text. Control and format characters become U+FFFD, and text is cut at
/// a number of Unicode scalars. Values are written only as numbers: a constraint's items (the
/// frequent strings of `frequent_strings_in_reference_set`) are feature values, and never leave
/// the window file.
enum _ConstraintText {
    /// The most Unicode scalars of a name in a label, a log line or the metadata.
    static let maxNameScalars = 128

    /// `text` with control and bidirectional-format characters replaced and cut to `limit`
    /// scalars (an ellipsis marks the cut).
    static func clean(_ text: String, limit: Int = maxNameScalars) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result.append("\u{2026}")
                break
            }
            result.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
            count += 1
        }
        return String(result)
    }

    /// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional marks,
    /// embeddings, overrides and isolates (``_TextSafety/isControl(_:)``).
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool { _TextSafety.isControl(scalar) }

    /// A result's value in words when it is numeric (a count, a statistic, a minimum and maximum,
    /// counts by type); `nil` for items, which are feature values.
    static func numeric(_ value: ConstraintValue?) -> String? {
        switch value {
        case .integer, .double, .minMax: value?.description
        case .counts(let counts):
            "{"
                + counts.sorted { $0.key < $1.key }.prefix(16).map { "\(clean($0.key, limit: 32)): \($0.value)" }
                .joined(separator: ", ") + "}"
        case .strings, nil: nil
        }
    }

    /// A result's value as JSON: a number, `[min, max]`, an object of counts, or `null` (no value,
    /// or items). Non-finite numbers are the strings `"nan"`, `"inf"`, `"-inf"`.
    static func jsonValue(_ value: ConstraintValue?) -> String {
        switch value {
        case .integer(let number): String(number)
        case .double(let number): json(number)
        case .minMax(let min, let max): "[\(json(min)),\(json(max))]"
        case .counts(let counts):
            "{"
                + counts.sorted { $0.key < $1.key }.prefix(16).map { "\(json(clean($0.key, limit: 32))):\($0.value)" }
                .joined(separator: ",") + "}"
        case .strings, nil: "null"
        }
    }

    /// A double as a JSON number (non-finite ones as strings).
    static func json(_ number: Double) -> String {
        if number.isNaN { return "\"nan\"" }
        if number.isInfinite { return number < 0 ? "\"-inf\"" : "\"inf\"" }
        return "\(number)"
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String { _TextSafety.jsonQuoted(text) }
}
