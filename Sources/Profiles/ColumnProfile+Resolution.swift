extension ColumnProfile {
    /// Keeps only the metrics of `type`'s standard set (spec §2.2) and records the type: for an
    /// ingest that logs a column into the full (integral) metric set before it knows which value
    /// the column saw first, and resolves the set afterwards. Each metric depends only on the values
    /// routed to it, so dropping the others gives the column whylogs would have built.
    ///
    /// - Parameter type: the column's resolved type.
    package mutating func resolve(as type: ColumnType) {
        columnType = type
        switch type {
        case .integral:
            break
        case .fractional:
            ints = nil
            frequentItems = nil
        case .string:
            ints = nil
        case .any:
            distribution = nil
            ints = nil
            cardinality = nil
            frequentItems = nil
        }
    }
}
