/// What a run of a column's values tells about the type pandas infers for the whole column.
///
/// pandas tries `int64`, then (after `uint64` for an overflow) `float64`, then `bool`, then keeps
/// the strings (`object`); each try walks the column in row order and gives up at the first value
/// that does not fit. An integer overflow sends it down the unsigned path, which ends in `object`
/// for any column that also holds a negative value or whose first misfit is an overflow; only the
/// first misfit's kind matters. So the facts needed are: the number of values and missing
/// values, the kind of the first value that is not an `Int64`, and whether some value is not a
/// float, or not a boolean. They combine in row order (``followed(by:)``), so blocks of a file can
/// be read in parallel and their facts joined. Shared by the ingest modules (`ProfileCSV`).
///
/// Once some value is not a float and some value is not a boolean, or the first misfit is an
/// overflow, the column is `object` whatever follows: such facts are *settled*.
package struct _PandasColumnFacts: Sendable, Equatable {
    package enum IntegerMisfit: Sendable, Equatable { case invalid, overflow }

    /// No values yet.
    package init() {}

    /// Values (rows), missing ones included.
    package var count = 0
    /// Missing values.
    package var missing = 0
    /// The kind of the first non-missing value that is not an `Int64`.
    package var firstIntegerMisfit: IntegerMisfit?
    /// Whether some non-missing value is not a float.
    package var hasNonFloat = false
    /// Whether some non-missing value is not a boolean.
    package var hasNonBoolean = false
    /// Whether the column is `object` whatever else it holds. When set, the other facts may be
    /// incomplete.
    package var isSettledObject = false

    /// These facts, then those of the rows that follow.
    package func followed(by next: _PandasColumnFacts) -> _PandasColumnFacts {
        var result = _PandasColumnFacts()
        result.count = count + next.count
        result.missing = missing + next.missing
        result.firstIntegerMisfit = firstIntegerMisfit ?? next.firstIntegerMisfit
        result.hasNonFloat = hasNonFloat || next.hasNonFloat
        result.hasNonBoolean = hasNonBoolean || next.hasNonBoolean
        result.isSettledObject =
            isSettledObject || next.isSettledObject || (result.hasNonFloat && result.hasNonBoolean)
            || result.firstIntegerMisfit == .overflow
        return result
    }

    /// The type pandas gives the whole column.
    package var columnType: _PandasValueKind {
        if isSettledObject || count == 0 { return .object }
        switch firstIntegerMisfit {
        case nil: return missing > 0 ? .float : .integer
        case .overflow: return .object
        case .invalid:
            if !hasNonFloat { return .float }
            if !hasNonBoolean { return .boolean }
            return .object
        }
    }
}
