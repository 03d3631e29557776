extension DatasetProfile {
    /// Checks that ``merge(_:)`` with `other` keeps every count in range: for each column on both
    /// sides, the sums of the counts and type counts, of the distributions' KLL n, of the
    /// frequent-items total weights and of verbatim integer and KLL components; and for the model
    /// performance metrics, the merged confusion matrix's label count and cell counts and the
    /// regression count (``ModelPerformanceMetrics/checkMergeable(_:)``).
    ///
    /// Counts and sketch n are at most ``ColumnProfile/maximumCount`` (2^53) in any file this
    /// library reads, so a sum past it means the merged profile could not be read back (and past
    /// `Int64` it would wrap or trap). ``ProfileMerger`` calls this before folding each file in.
    ///
    /// - Parameter other: the profile that would be merged into this one.
    /// - Throws: ``ProfileError`` with code `countOverflow`, naming the column and component and
    ///   both values.
    /// - Complexity: O(shared columns + their verbatim components).
    public func checkMergeable(_ other: DatasetProfile) throws(ProfileError) {
        for name in _CodePointOrder.sorted(other.columns.keys) {
            guard let mine = columns[name], let theirs = other.columns[name] else { continue }
            try mine.checkMergeable(theirs, column: name)
        }
        if let mine = modelPerformance, let theirs = other.modelPerformance {
            try mine.checkMergeable(theirs)
        }
    }
}
