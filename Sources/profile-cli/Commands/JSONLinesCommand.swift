import ArgumentParser
import Foundation
import ProfileJSONLines
import Profiles

/// `profile jsonl INPUT [-o OUT]`: profile JSON lines as whylogs logs each object as a row.
struct JSONLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonl",
        abstract: "Profile JSON lines (one object per line) into a whylogs profile, on every core.",
        discussion: """
            Each line's object is logged as whylogs logs a row (`why.log(row=obj)`), after \
            flattening: nested objects become dotted names (user.address.city); an array is logged \
            as its length under its name and its elements, pooled, under <name>[] (tags[]). A \
            column's metrics are fixed by the type of the first value it gets (int, float, bool, \
            string; null: counts and types only); a key missing from a line is not a null. Numbers \
            are read as Python's json reads them (1 is an int, 1.0 a float; NaN and Infinity \
            accepted); a key repeated in one object logs its last value.

            With -o, the profile is written to OUT (gzip-compressed when OUT ends in .gz) and one \
            summary line goes to stderr; without -o, the summary table of `profile show` is printed.

            A line that is not one JSON object (invalid JSON, an array or a scalar, trailing \
            characters, invalid UTF-8, a bad escape or lone surrogate, nesting deeper than \
            --max-depth, longer than --max-line-mib) is left out and reported on stderr with its \
            line number (the first 10; all are counted); --strict makes the first one an error \
            instead. Blank lines are skipped.

            More distinct column names than --max-columns is an error naming the line: each column \
            costs memory for its sketches on every thread.

            With --target and --prediction (flattened names), the profile also carries the model's \
            performance metrics, as whylogs' `log_classification_metrics` or, with --task \
            regression, `log_regression_metrics` computes them from `pandas.read_json(INPUT, lines=True, \
            precise_float=True)`: a line without the column has a missing value (the label None), and \
            integers in a column that also holds floats or nulls are floats (1 is the label 1.0). \
            As whylogs, the profile then holds the metrics alone unless --log-full-data profiles \
            the columns too.

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The JSON-lines file; - for standard input.", valueName: "input"))
    var input: String

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var columns: ColumnOptions<JSONLinesCommand>

    @OptionGroup(title: "Model performance") var model: ModelOptions

    @Flag(help: "Stop at the first malformed line (exit 2) instead of reporting it.")
    var strict = false

    @Option(help: ArgumentHelp("The longest line accepted, in MiB.", valueName: "MiB"))
    var maxLineMib: Int = 64

    @Option(help: ArgumentHelp("The most distinct column names accepted (default 10000).", valueName: "n"))
    var maxColumns: Int = JSONLinesOptions().maximumColumns

    @Option(help: ArgumentHelp("The deepest nesting accepted (default 64).", valueName: "n"))
    var maxDepth: Int = JSONLinesOptions().maximumDepth

    @Option(help: .hidden)
    var blockKib: Int?

    func validate() throws {
        try ingest.checkFileOutput()
        if maxLineMib < 1 || maxLineMib > 1024 { throw ValidationError("--max-line-mib must be 1 to 1024") }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if maxDepth < 1 || maxDepth > 1000 { throw ValidationError("--max-depth must be 1 to 1000") }
        try model.checkColumnSelection(ColumnSelection(columns: columns.selected, text: columns.text))
    }

    func run() throws {
        var options = JSONLinesOptions()
        options.columns = model.profiledColumns(columns.selected)
        options.textColumns = columns.text
        options.modelColumns = model.columns
        options.isStrict = strict
        options.datasetTimestampMilliseconds = ingest.datasetTimestampMilliseconds
        options.maximumLineBytes = maxLineMib << 20
        options.maximumColumns = maxColumns
        options.maximumDepth = maxDepth
        options.threadCount = ingest.threads
        if let blockKib { options.blockSize = blockKib << 10 }

        let label = IngestOptions.label(input)
        let profiler = JSONLinesProfiler(options: options)
        let (result, seconds) = try ingest.profiling(label: label) { bar throws(JSONLinesError) in
            let progress: @Sendable (JSONLinesProgress) -> Void = {
                bar.update(bytes: $0.bytesProcessed, total: $0.totalBytes, rows: $0.rowsProcessed)
            }
            return input == "-"
                ? try profiler.profileStandardInput(progress: progress)
                : try profiler.profile(fileAt: input, progress: progress)
        }

        ingest.warn(
            result.malformedLines, count: result.malformedLineCount, prefix: "\(label): ", noun: "malformed lines")
        for column in columns.selected ?? [] where result.profile.columns[column] == nil {
            ingest.warn("\(label): no line has the column \"\(column)\"")
        }
        try ingest.deliver(result.profile, label: label)
        let malformed = result.malformedLineCount > 0 ? ", \(result.malformedLineCount) malformed" : ""
        let metrics = ModelOptions.summary(result.profile.modelPerformance)
        ingest.printSummary(
            "\(result.rowCount.formatted(.number)) lines × \(result.profile.columns.count) columns\(malformed)\(metrics)",
            bytes: result.byteCount, seconds: seconds, throughput: .bytes)
    }
}

extension JSONLinesCommand: ColumnOptionsHelp {
    static let columnsHelp = ArgumentHelp(
        "Only these columns (comma-separated flattened names).", valueName: "c1,c2,…")
    static let textColumnsHelp = ArgumentHelp(
        "Free-text columns: string values also give text-metadata columns <column>.<feature>.", valueName: "c1,c2,…")
}
