extension DatasetProfile {
    /// The tag prefix that separates tags from other metadata in a file.
    public static let tagPrefix = "whylogs.tag."

    /// A profile from a file's contents: its columns' components decoded
    /// (``ColumnProfile/init(components:column:)``), its timestamps, and its tags and metadata
    /// merged into one dictionary (tags first, then metadata, spec §1.4). Column roles are not
    /// stored in files: the profile has no ``columnRoles``, and derived columns (`<column>.<feature>`)
    /// are ordinary columns; declare roles again before logging more text or images into it.
    ///
    /// The decoded sketches are held to the budgets of `limits` over the whole file: at most
    /// ``ProfileReadLimits/maxColumns`` columns, ``ProfileReadLimits/maxComponentBytes`` of images,
    /// ``ProfileReadLimits/maxFrequentItemsSlots`` frequent-items map slots and
    /// ``ProfileReadLimits/maxKLLItems`` KLL item slots. Counts and sketch n above
    /// ``ColumnProfile/maximumCount`` are rejected.
    ///
    /// - Parameters:
    ///   - file: the file model.
    ///   - limits: the decoding budgets (the decompression limits do not apply here).
    /// - Throws: ``ProfileError`` with code `invalidSketch` when a sketch image does not decode,
    ///   `invalidValue` for a count out of range, `limitExceeded` past a budget.
    /// - Complexity: O(total size of the sketch images).
    public init(file: ProfileFile, limits: ProfileReadLimits = .default) throws(ProfileError) {
        self.init(
            datasetTimestampMilliseconds: file.datasetTimestampMilliseconds,
            creationTimestampMilliseconds: file.creationTimestampMilliseconds)
        var metadata = file.tags
        metadata.merge(file.metadata) { _, other in other }
        self.metadata = metadata
        self.segmentTags = file.segmentTags
        self.modelPerformance = file.modelPerformance
        var budget = _DecodingBudget(limits)
        try budget.checkColumns(file.columns.count, field: "columns")
        // In name order, so that the column an error names does not depend on hashing.
        for name in _CodePointOrder.sorted(file.columns.keys) {
            let components = file.columns[name] ?? [:]
            try budget.chargeComponents(components, column: name)
            columns[name] = try ColumnProfile(components: components, column: name, budget: &budget)
        }
    }

    /// The profile as a file's contents (spec §1.4, §2.4, §11): each column's components
    /// (``ColumnProfile/components``), both timestamps, metadata split into tags (keys beginning
    /// `whylogs.tag.`) and other keys, and the segment tags if any. Derived columns of text and
    /// image columns are written as the ordinary columns they are (Python whylogs reads them);
    /// ``columnRoles`` are not written. ``modelPerformance`` is carried over (and makes the file
    /// v0 when written).
    ///
    /// - Complexity: O(size of the sketch images).
    public var file: ProfileFile {
        var tags: [String: String] = [:]
        var other: [String: String] = [:]
        for (key, value) in metadata {
            if key.hasPrefix(Self.tagPrefix) { tags[key] = value } else { other[key] = value }
        }
        var result = ProfileFile(
            datasetTimestampMilliseconds: datasetTimestampMilliseconds,
            creationTimestampMilliseconds: creationTimestampMilliseconds, tags: tags, metadata: other,
            columns: columns.mapValues(\.components), sourceFormat: segmentTags == nil ? .v1 : .segmentedV1)
        result.segmentTags = segmentTags
        result.modelPerformance = modelPerformance
        return result
    }
}
