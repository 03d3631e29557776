import ArgumentParser
import Foundation
import ProfileCSV
import Profiles

/// `profile csv INPUT [-o OUT]`: profile a CSV file as `why.log(pandas.read_csv(INPUT))` would.
struct CSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Profile a CSV file into a whylogs profile, on every core.",
        discussion: """
            The profile equals whylogs' `why.log(pandas.read_csv(INPUT, sep=…))`: rows are split as \
            pandas splits them (quotes, "" escapes, line breaks inside quotes, CRLF, a byte-order \
            mark, blank lines skipped), each column gets the type pandas infers over all its values \
            (int64, float64, bool or object), and values are read with pandas' rules (its missing-value \
            strings such as empty, NA, null or NaN; true/false in any case).

            With -o, the profile is written to OUT (gzip-compressed when OUT ends in .gz) and one \
            summary line goes to stderr; without -o, the summary table of `profile show` is printed.

            A row with too few fields is profiled with the missing fields as missing values; a row \
            with too many fields, or whose quoted field never closes, is left out. Each is reported \
            on stderr with its line number (the first 10; all are counted); --strict makes the first \
            one an error instead.

            A header (or, with --no-header, a first row) of more than --max-columns fields is an \
            error, found before any column is set up: each column costs memory for its sketches on \
            every thread (about 1.5 GB for 100,000 columns), so a file that is not the table it \
            seems to be cannot take the machine's memory. The default, 10,000, is far wider than \
            real tables.

            With --format csv, text cells (names, values) that start with =, +, -, @, tab or \
            carriage return get a leading ' so that a spreadsheet does not run them as formulas; \
            numbers are written as numbers. Control characters in names and values are shown as \
            visible escapes (\\x1b) in every format but JSON, which escapes them as \\u001b.

            With --target and --prediction, the profile also carries the model's performance \
            metrics, as whylogs' `log_classification_metrics` (a confusion matrix with the scores of \
            --score per cell) or, with --task regression, `log_regression_metrics` (count and error \
            sums) computes them from pandas' columns: labels are the column's values as pandas types \
            them (3, 3.0, True or text; missing values are the label None). As whylogs, the profile \
            then holds the metrics alone unless --log-full-data profiles the columns too. \
            `profile show` prints accuracy, F1, ROC-AUC, MAE…; `profile diff` compares them.

            With --segment-by COL[,COL…], -o names a directory (new or empty): profile.bin holds the \
            whole file's profile and segment-COL=VALUE….bin one profile per distinct combination of \
            the columns' values, each written as whylogs writes a segmented profile (whylogs reads \
            its segment key from the file's tags). Values are keyed as Python's str() of what pandas \
            reads (7, 1.0, True, text; nan for a missing value — those rows form a segment, where \
            whylogs' one-column segmentation drops them); in file names, bytes other than letters, \
            digits, - _ and . are written %XX. More than --max-segments (1000) distinct keys is an \
            error. Segmenting reads the file twice. `profile merge` merges such directories segment \
            by segment; `profile diff` and `profile show` report each segment.

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The CSV file; - for standard input.", valueName: "input"))
    var input: String

    @OptionGroup var ingest: IngestOptions

    @Option(
        help: ArgumentHelp("The field delimiter: , ; | tab, or any single byte. Default: detected.", valueName: "char"))
    var delimiter: String?

    @Flag(help: "The first row is data; columns are named 0, 1, … as pandas names them.")
    var noHeader = false

    @OptionGroup var columns: ColumnOptions<CSVCommand>

    @OptionGroup(title: "Model performance") var model: ModelOptions

    @OptionGroup(title: "Segments") var segments: SegmentOptions

    @Flag(help: "Stop at the first malformed row (exit 2) instead of reporting it.")
    var strict = false

    @Option(help: ArgumentHelp("The longest row accepted, in MiB.", valueName: "MiB"))
    var maxRowMib: Int = 64

    @Option(help: ArgumentHelp("The most columns accepted (default 10000).", valueName: "n"))
    var maxColumns: Int = CSVOptions().maximumColumns

    @Option(help: .hidden)
    var blockKib: Int?

    func validate() throws {
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter must be one byte (or 'tab'), got '\(delimiter)'")
        }
        if maxRowMib < 1 || maxRowMib > 1024 { throw ValidationError("--max-row-mib must be 1 to 1024") }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        try model.checkColumnSelection(ColumnSelection(columns: columns.selected, text: columns.text))
        try segments.checkOutput(of: ingest)
    }

    func run() throws {
        var options = CSVOptions()
        options.delimiter = delimiter.flatMap(Self.delimiterByte)
        options.hasHeader = !noHeader
        options.columns = model.profiledColumns(columns.selected)
        options.modelColumns = model.columns
        options.textColumns = columns.text
        options.isStrict = strict
        options.datasetTimestampMilliseconds = ingest.datasetTimestampMilliseconds
        options.maximumRowBytes = maxRowMib << 20
        options.maximumColumns = maxColumns
        options.threadCount = ingest.threads
        if let blockKib { options.blockSize = blockKib << 10 }
        options.segmentColumns = segments.segmentBy
        options.maximumSegments = segments.maxSegments

        let label = IngestOptions.label(input)
        let profiler = CSVProfiler(options: options)
        let (result, seconds) = try ingest.profiling(label: label, hint: Self.hint) { bar throws(CSVError) in
            let progress: @Sendable (CSVProgress) -> Void = {
                bar.update(bytes: $0.bytesProcessed, total: $0.totalBytes, rows: $0.rowsProcessed)
            }
            return input == "-"
                ? try profiler.profileStandardInput(progress: progress)
                : try profiler.profile(fileAt: input, progress: progress)
        }

        ingest.warn(result.malformedRows, count: result.malformedRowCount, prefix: "\(label): ", noun: "malformed rows")
        ingest.warnAboutInvalidUTF8(result.invalidUTF8ValueCount)
        var segmentText = ""
        if segments.isSegmenting, let output = ingest.output {
            _ = try segments.write(whole: result.profile, segments: result.segments, to: output)
            segmentText = ", \(result.segments.count) segment\(result.segments.count == 1 ? "" : "s")"
        } else {
            try ingest.deliver(result.profile, label: label)
        }
        let malformed = result.malformedRowCount > 0 ? ", \(result.malformedRowCount) malformed" : ""
        let metrics = ModelOptions.summary(result.profile.modelPerformance)
        ingest.printSummary(
            "\(result.rowCount.formatted(.number)) rows × \(result.columns.count) columns\(segmentText)\(malformed)\(metrics)",
            bytes: result.byteCount, seconds: seconds, throughput: .bytes)
    }

    /// The option that sets the limit an error is over, if any.
    static func hint(_ error: CSVError) -> String {
        error.code == .tooManyColumns ? " (--max-columns sets the limit)" : ""
    }

    static func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case "tab", "\\t", "\t": return UInt8(ascii: "\t")
        default:
            let bytes = Array(text.utf8)
            return bytes.count == 1 ? bytes[0] : nil
        }
    }
}

extension CSVCommand: ColumnOptionsHelp {
    static let columnsHelp = ArgumentHelp("Only these columns (comma-separated names).", valueName: "c1,c2,…")
    static let textColumnsHelp = ArgumentHelp(
        "Free-text columns: read as strings, with text-metadata columns <column>.<feature>.", valueName: "c1,c2,…")
}
