/// A run of whole lines cut from the input by ``_JSONLinesInput``, profiled by one thread.
struct _JSONLinesBlock: Sendable {
    /// The block's position in the input (0, 1, …).
    var index: Int
    /// The input offset of the block's first byte.
    var offset: Int64
    /// Whole lines, each ending in a line break except perhaps the input's last.
    var bytes: [UInt8]
    /// For a block that stands for one line longer than the limit (whose bytes were skipped, not
    /// kept): the bytes the line had. `bytes` is then empty.
    var skippedLineLength: Int64?
    /// The input offset just past the block.
    var end: Int64
}
