import Profiles

/// What a block of the input gave: where its rows start and end, the facts and profile of each
/// column, and the rows it rejected or repaired.
struct _CSVBlockResult: Sendable {
    struct Column: Sendable {
        var facts: _PandasColumnFacts
        /// How the values were logged.
        var kind: _PandasValueKind
        var profile: ColumnProfile
    }

    var index: Int
    /// Where the block's first row starts, as guessed from the first line break at or after the
    /// block's nominal start (`nil` when there is none before the read range ends); for block 0
    /// and re-read blocks, the known start.
    var start: Int64?
    /// Where the first row starting at or after the nominal end starts (the input's end for the
    /// last block).
    var end: Int64
    /// Line breaks in `[start, end)`.
    var lines: Int
    var rows: Int
    /// One per selected column; empty when the block has no rows.
    var columns: [Column]
    /// Text-metadata columns.
    var derived: [String: ColumnProfile]
    /// Malformed rows, with absolute byte offsets in `rowStart`.
    var malformed: [_CSVLocalMalformedRow]
    var invalidUTF8: Int
    /// What the rows give the model's performance metrics (``CSVOptions/modelColumns``); `nil`
    /// without model columns, and for a re-read of mistyped columns.
    var model: _CSVModelTally? = nil
    /// A row over the size limit.
    var failure: CSVError?
}
