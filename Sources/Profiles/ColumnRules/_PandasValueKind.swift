/// How a column's values are logged: the metric set and the value routing of one pandas dtype
/// (`bool` and booleans with missing values are both logged as booleans). Shared by the ingest
/// modules (`ProfileCSV`) so that every input format routes values as whylogs does.
package enum _PandasValueKind: Sendable, Hashable {
    case integer, float, boolean, object

    /// The metric set a column of this kind gets: integers and booleans are integral, floats
    /// fractional, objects strings.
    package var columnType: ColumnType {
        switch self {
        case .integer, .boolean: .integral
        case .float: .fractional
        case .object: .string
        }
    }
}
