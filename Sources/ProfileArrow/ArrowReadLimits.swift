/// Budgets that bound what one Arrow input may make the reader allocate: per message and per
/// file. Each default is generous for real data; an input over one is an ``ArrowError`` with code
/// `limitExceeded` naming the limit, before the memory is taken.
public struct ArrowReadLimits: Sendable, Hashable {
    /// The largest FlatBuffers metadata of one message (and of the file footer), in bytes.
    /// Default 16 MiB.
    public var maximumMetadataBytes: Int
    /// The largest body of one message, in bytes, after decompression; also the most memory one
    /// column's decoded values may take (a batch is logged a column at a time). Up to two batches
    /// per thread are in flight. Default 2 GiB.
    public var maximumBodyBytes: Int
    /// The most fields in the schema, nested fields included. Default 10,000.
    public var maximumColumns: Int
    /// The most bytes all dictionaries may hold at once (string bytes plus 16 per entry), over
    /// the whole input. Default 1 GiB.
    public var maximumDictionaryBytes: Int
    /// The deepest nesting of fields in the schema. Default 64.
    public var maximumNestingDepth: Int

    /// Limits.
    ///
    /// - Parameters:
    ///   - maximumMetadataBytes: see ``maximumMetadataBytes``.
    ///   - maximumBodyBytes: see ``maximumBodyBytes``.
    ///   - maximumColumns: see ``maximumColumns``.
    ///   - maximumDictionaryBytes: see ``maximumDictionaryBytes``.
    ///   - maximumNestingDepth: see ``maximumNestingDepth``.
    public init(
        maximumMetadataBytes: Int = 16 << 20, maximumBodyBytes: Int = 2 << 30, maximumColumns: Int = 10_000,
        maximumDictionaryBytes: Int = 1 << 30, maximumNestingDepth: Int = 64
    ) {
        self.maximumMetadataBytes = maximumMetadataBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumColumns = maximumColumns
        self.maximumDictionaryBytes = maximumDictionaryBytes
        self.maximumNestingDepth = maximumNestingDepth
    }
}
