extension DatasetProfile {
    /// The profile's summary, as whylogs' `view.to_pandas()` (spec §2.7): one
    /// ``ColumnSummary`` per column, sorted by name, leaving out a column `<c>.<x>` when column
    /// `<c>` has a component path whose text before the first `:`, with `/` replaced by `.`, is
    /// `<c>.<x>` (whylogs hides these duplicates of multimetrics).
    ///
    /// - Returns: the column summaries.
    /// - Complexity: O(retained sketch items).
    public func summary() -> [ColumnSummary] {
        columnNames.filter { !isUncompounded($0) }.map { columns[$0]!.summary(column: $0) }
    }

    /// whylogs' `_is_uncompounded`.
    func isUncompounded(_ name: String) -> Bool {
        let groups = name.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count > 1, let base = columns[String(groups[0])] else { return false }
        for path in base.componentPaths {
            let head = path.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if head.replacing("/", with: ".") == name { return true }
        }
        return false
    }
}
