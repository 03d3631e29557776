extension DatasetProfile {
    /// Merges another profile into this one (whylogs `DatasetProfileView.merge`, spec §3): the
    /// union of the columns (a column on both sides merged with ``ColumnProfile/merge(_:)``), the
    /// earlier of each timestamp, the segment kept only when both have the same one (the merge of
    /// two segments is neither: no segment tags, and no tag or partition key on which the two
    /// differ), and the metadata updated with the other's (the other wins on a key clash; Sketchbook's own `sketchbook.*` keys are summed, kept or dropped by what they
    /// mean, see ``mergedMetadata(_:_:)``). The declared ``columnRoles`` are united (on a conflict this profile's role is
    /// kept); derived columns merge as the ordinary columns they are. The model performance metrics
    /// merge as whylogs' dataset-level metrics do (one side's kept when the other has none, else
    /// ``ModelPerformanceMetrics/merge(_:)``).
    ///
    /// - Parameter other: the profile to merge.
    /// - Complexity: O(retained sketch items of the shared columns).
    public mutating func merge(_ other: DatasetProfile) {
        for (name, column) in other.columns {
            if columns[name] == nil {
                columns[name] = column
            } else {
                columns[name]!.merge(column)
            }
        }
        datasetTimestampMilliseconds = Self.earlier(datasetTimestampMilliseconds, other.datasetTimestampMilliseconds)
        creationTimestampMilliseconds = Self.earlier(
            creationTimestampMilliseconds, other.creationTimestampMilliseconds)
        let before = metadata
        metadata = Self.mergedMetadata(metadata, other.metadata)
        if segmentTags != other.segmentTags {
            // Two segments, or a segment and a whole dataset: the merge is neither, so it keeps
            // no segment, and no segment tag or partition key on which the two differ.
            let keys = Set(((segmentTags ?? []) + (other.segmentTags ?? [])).map(\.key)).union(Self.partitionKeys)
            for key in keys where before[key] != other.metadata[key] { metadata[key] = nil }
            segmentTags = nil
        }
        columnRoles.merge(other.columnRoles) { mine, _ in mine }
        if let theirs = other.modelPerformance {
            if modelPerformance == nil {
                modelPerformance = theirs
            } else {
                modelPerformance?.merge(theirs)
            }
        }
    }

    /// The metadata keys of whylogs' segmentation partition (spec §8).
    static let partitionKeys: Set<String> = ["segp_id", "segp_name", "segp_col", "segp_cols", "segp_filter"]

    /// This profile merged with another (see ``merge(_:)``).
    ///
    /// - Parameter other: the profile to merge.
    /// - Returns: the merged profile.
    public func merging(_ other: DatasetProfile) -> DatasetProfile {
        var result = self
        result.merge(other)
        return result
    }

    /// The earlier of two timestamps, ignoring a missing (zero) one.
    private static func earlier(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if a == 0 { return b }
        if b == 0 { return a }
        return min(a, b)
    }
}
