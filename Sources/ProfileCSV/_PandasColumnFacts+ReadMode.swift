import Profiles

extension _PandasColumnFacts {
    /// How to read the next rows, given these facts about the rows before them: the type the
    /// column has so far (a later row can only move it up).
    var startingMode: _CSVReadMode {
        if isSettledObject { return .object }
        switch firstIntegerMisfit {
        case nil: return missing > 0 ? .float(tracksIntegers: true) : .integer
        case .overflow: return .object
        case .invalid:
            if !hasNonFloat { return .float(tracksIntegers: false) }
            return hasNonBoolean ? .object : .boolean
        }
    }
}
