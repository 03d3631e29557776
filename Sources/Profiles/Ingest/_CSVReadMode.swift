/// How a block's column values were logged: the metric set and the value routing of one pandas
/// dtype (`bool` and booleans with missing values are both logged as booleans).
enum _CSVValueKind: Sendable, Hashable {
    case integer, float, boolean, object
}

/// How a block reads a column: which parse to try first, and whether a float run must still find
/// the first value that is not an integer.
enum _CSVReadMode: Sendable, Equatable {
    case integer
    case float(tracksIntegers: Bool)
    case boolean
    case object

    var valueKind: _CSVValueKind {
        switch self {
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .object: .object
        }
    }

    init(forcing kind: _CSVValueKind) {
        switch kind {
        case .integer: self = .integer
        case .float: self = .float(tracksIntegers: false)
        case .boolean: self = .boolean
        case .object: self = .object
        }
    }
}
