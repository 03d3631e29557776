/// One top-level column of an Arrow schema, as the profiler treated it.
public struct ArrowColumn: Sendable, Hashable {
    /// The column's name.
    public var name: String
    /// Its Arrow type as pyarrow names it (`int64`, `timestamp[ms, tz=UTC]`,
    /// `dictionary<values=string, indices=int32>`…).
    public var typeName: String
    /// Why the column is not in the profile: `nil` when it is; otherwise its type cannot be
    /// profiled (the warning names the type), or it was not selected.
    public var skipReason: String?

    /// A column.
    ///
    /// - Parameters:
    ///   - name: the name.
    ///   - typeName: the Arrow type's name.
    ///   - skipReason: why it is not profiled, or `nil`.
    public init(name: String, typeName: String, skipReason: String? = nil) {
        self.name = name
        self.typeName = typeName
        self.skipReason = skipReason
    }
}
