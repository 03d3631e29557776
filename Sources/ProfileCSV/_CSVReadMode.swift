import Profiles

/// How a block reads a column: which parse to try first, and whether a float run must still find
/// the first value that is not an integer.
enum _CSVReadMode: Sendable, Equatable {
    case integer
    case float(tracksIntegers: Bool)
    case boolean
    case object

    var valueKind: _PandasValueKind {
        switch self {
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .object: .object
        }
    }

    init(forcing kind: _PandasValueKind) {
        switch kind {
        case .integer: self = .integer
        case .float: self = .float(tracksIntegers: false)
        case .boolean: self = .boolean
        case .object: self = .object
        }
    }
}
