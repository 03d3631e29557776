/// The whylogs type of a column (`StandardTypeMapper`), which fixes its metric set when the
/// column is first seen (spec §2.2).
public enum ColumnType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Integers and booleans: counts, types, distribution, ints, cardinality, frequent items.
    case integral
    /// Floating-point numbers: counts, types, distribution, cardinality.
    case fractional
    /// Strings and every object (mixed) column: counts, types, distribution, cardinality,
    /// frequent items.
    case string
    /// Anything else (a column whose first row value is null, raw bytes): counts and types only.
    case any

    /// The type whylogs' row logging resolves from a column's first value (the Python type of the
    /// value): bools and ints are integral, doubles fractional, strings string, null and bytes any.
    ///
    /// - Parameter value: the first value logged for the column.
    public init(firstValue value: FeatureValue) {
        switch value {
        case .bool, .int: self = .integral
        case .double: self = .fractional
        case .string: self = .string
        case .null, .bytes: self = .any
        }
    }

    /// `"integral"`, `"fractional"`, `"string"` or `"any"`.
    public var description: String {
        switch self {
        case .integral: "integral"
        case .fractional: "fractional"
        case .string: "string"
        case .any: "any"
        }
    }
}
