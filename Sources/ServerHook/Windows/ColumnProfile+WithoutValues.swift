import Profiles

extension ColumnProfile {
    /// A column for ``ServerHookConfiguration/columnsWithoutFrequentItems``: counts, type counts and
    /// the distinct-count sketch, none of which keeps a value (no frequent items, no distribution
    /// with its quantile items, min, max and mean, no exact integer min/max).
    static func withoutValues() -> ColumnProfile {
        var column = ColumnProfile()
        column.counts = CountsMetric()
        column.types = TypeCountersMetric()
        column.cardinality = CardinalityMetric()
        return column
    }

    /// Removes the metrics ``withoutValues()`` does not keep: for a column restored from a run
    /// before it was listed in ``ServerHookConfiguration/columnsWithoutFrequentItems``.
    mutating func removeValues() {
        distribution = nil
        ints = nil
        frequentItems = nil
        otherComponents = [:]
    }
}
