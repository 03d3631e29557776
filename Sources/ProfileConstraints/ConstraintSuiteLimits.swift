/// Bounds on a suite read from text, so that hostile input gets a typed error instead of
/// unbounded memory or time.
///
/// The defaults are far above any hand-written or generated suite (a 500-column table with a dozen
/// constraints a column is 6,000 entries and well under a megabyte).
public struct ConstraintSuiteLimits: Sendable, Hashable {
    /// The most bytes of suite text (default 16 MiB).
    public var maxBytes: Int
    /// The most entries under `constraints` (default 100,000).
    public var maxEntries: Int
    /// The most items of one list parameter: `reference_set`, `types_list`, `column_names`
    /// (default 100,000).
    public var maxListItems: Int
    /// The most values the document may hold once YAML aliases are expanded (default 4,000,000),
    /// against "billion laughs" documents.
    public var maxValues: Int
    /// The deepest nesting of lists and mappings (default 32; a suite needs 4).
    public var maxDepth: Int

    /// The default limits.
    public static let `default` = ConstraintSuiteLimits()

    /// Limits.
    ///
    /// - Precondition: every limit is positive.
    public init(
        maxBytes: Int = 16 << 20, maxEntries: Int = 100_000, maxListItems: Int = 100_000,
        maxValues: Int = 4_000_000, maxDepth: Int = 32
    ) {
        precondition(maxBytes > 0 && maxEntries > 0 && maxListItems > 0, "suite limits must be positive")
        precondition(maxValues > 0 && maxDepth > 0, "suite limits must be positive")
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
        self.maxListItems = maxListItems
        self.maxValues = maxValues
        self.maxDepth = maxDepth
    }
}
