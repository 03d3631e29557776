import Profiles

/// What one thread made of a block: the per-block profiles of its columns (in the order the
/// columns first appear), its malformed lines, with line numbers relative to the block.
struct _JSONLinesBlockResult: Sendable {
    struct Column: Sendable {
        var name: String
        var profile: ColumnProfile
        /// The type of the column's first value in this block (whylogs resolves a column from the
        /// first value it ever sees).
        var firstValueType: ColumnType
        /// Whether the profile already has its final metric set (the column's type was known when
        /// the block started).
        var isResolved: Bool
        /// The block-relative line (1-based) on which the column first appears.
        var firstLine: Int
    }

    /// Where a block stopped because its columns went past a budget.
    struct Overflow: Sendable {
        var line: Int
        var offset: Int64
        var isNameBytes: Bool
    }

    var index: Int
    var end: Int64
    var lines = 0
    var rows: Int64 = 0
    var columns: [Column] = []
    /// Text columns and their derived columns.
    var textColumns: [String: ColumnProfile] = [:]
    /// Malformed lines, numbered within the block (at most the report limit are kept).
    var malformed: [JSONLinesMalformedLine] = []
    var malformedCount = 0
    var overflow: Overflow?
    /// The block's rows of the model columns (``JSONLinesOptions/modelColumns``).
    var model: _ModelRowGatherer?
}
