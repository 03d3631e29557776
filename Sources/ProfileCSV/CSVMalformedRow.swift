import Profiles

/// A row of a CSV file that does not fit the header: reported and counted by ``CSVProfiler``
/// (or fatal with ``CSVOptions/isStrict``), never silently dropped.
public struct CSVMalformedRow: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the row, and what the profiler did with it.
    public enum Kind: Sendable, Hashable {
        /// Fewer fields than columns: the missing fields are profiled as missing values (as pandas
        /// pads them).
        case tooFewFields
        /// More fields than columns: the row is left out (as pandas' `on_bad_lines='warn'`).
        case tooManyFields
        /// The input ends inside a quoted field that starts on this row: the row is left out.
        case unterminatedQuote
    }

    /// What is wrong.
    public var kind: Kind
    /// The 1-based line of the file on which the row starts.
    public var line: Int
    /// The byte offset of the row's first byte in the input.
    public var byteOffset: Int64
    /// The number of fields the row has.
    public var fieldCount: Int
    /// The number of fields each row should have.
    public var expectedFieldCount: Int

    /// Whether the row's values are in the profile (padded), or the row was left out.
    public var isProfiled: Bool { kind == .tooFewFields }

    /// One line: where, what, and what was done.
    public var description: String {
        switch kind {
        case .tooFewFields:
            "line \(line): expected \(expectedFieldCount) fields, got \(fieldCount); missing fields profiled as missing values"
        case .tooManyFields:
            "line \(line): expected \(expectedFieldCount) fields, got \(fieldCount); row left out"
        case .unterminatedQuote:
            "line \(line): a quoted field is not closed before the end of the input; row left out"
        }
    }
}
