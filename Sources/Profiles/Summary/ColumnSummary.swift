/// The summary of one column: whylogs' `view.to_pandas()` row, as an ordered list of
/// `<metric>/<field>` → value, sorted by key (as `to_pandas()` sorts them) and including
/// `type` = `"SummaryType.COLUMN"`.
public struct ColumnSummary: Sendable, Hashable {
    /// One key and its value.
    public struct Field: Sendable, Hashable {
        /// `<metric>/<field>` (`counts/n`, `unicode_range/digits:distribution/mean`) or `type`.
        public var key: String
        /// The value.
        public var value: SummaryValue

        /// Creates a field.
        public init(key: String, value: SummaryValue) {
            self.key = key
            self.value = value
        }
    }

    /// The column's name.
    public var column: String
    /// The fields, sorted by key (Unicode scalar order).
    public var fields: [Field]

    /// Creates a summary; the fields are sorted by key.
    ///
    /// - Parameters:
    ///   - column: the column's name.
    ///   - fields: the fields, in any order.
    public init(column: String, fields: [Field]) {
        self.column = column
        self.fields = fields.sorted { _MetricPath.precedes($0.key, $1.key) }
    }

    /// The value of a key, or `nil` when the column has no such field.
    ///
    /// - Complexity: O(number of fields).
    public subscript(key: String) -> SummaryValue? {
        fields.first { $0.key == key }?.value
    }

    /// The keys, in order.
    public var keys: [String] { fields.map(\.key) }
}

extension ColumnSummary: CustomStringConvertible {
    /// `column: key=value, key=value, …` in field order.
    public var description: String {
        "\(column): " + fields.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
