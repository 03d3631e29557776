import ArgumentParser

/// `--columns` and `--text-columns`, for the ingest commands whose input has named columns
/// (`csv`, `arrow`, `jsonl`; not `images`). What a column is differs by input, so each words the
/// help its own way: `Input` supplies the texts.
struct ColumnOptions<Input: ColumnOptionsHelp>: ParsableArguments {
    @Option(help: Input.columnsHelp)
    var columns: String?

    @Option(help: Input.textColumnsHelp)
    var textColumns: String?

    /// The columns to profile; `nil` for all of them.
    var selected: [String]? { columns.map(Self.list) }

    /// The free-text columns.
    var text: [String] { textColumns.map(Self.list) ?? [] }

    /// The names in a comma-separated list, empty ones left out.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
    }
}

/// The help texts of ``ColumnOptions``' options for one input. (`SendableMetatype`: the parser
/// reads them from closures that may run on any thread.)
protocol ColumnOptionsHelp: SendableMetatype {
    /// `--columns`.
    static var columnsHelp: ArgumentHelp { get }
    /// `--text-columns`.
    static var textColumnsHelp: ArgumentHelp { get }
}
