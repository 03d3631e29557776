import ArgumentParser
import Foundation
import ProfileArrow
import Profiles

/// `profile arrow INPUT [-o OUT]`: profile an Arrow IPC stream or file as whylogs would profile
/// `table.to_pandas()`.
struct ArrowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrow",
        abstract: "Profile an Arrow IPC stream or file into a whylogs profile, on every core.",
        discussion: """
            Reads the Arrow IPC stream format (.arrows, what pyarrow.ipc.new_stream, Spark's \
            mapInArrow and polars write) or file format (.arrow, Feather v2), record batch by \
            record batch, in memory bounded by the batches in flight. The profile equals whylogs' \
            `why.log(table.to_pandas())`, with these differences on purpose: an integer column \
            with nulls stays integral (pandas makes it float64); dates and timestamps are profiled \
            as their epoch values in the column's unit, with the Arrow type in the profile's \
            metadata (arrow.type.<column>), and `profile show` prints them as dates; a \
            dictionary-encoded column is profiled as its strings.

            Columns of types that cannot be profiled (lists, structs, maps, unions, times, \
            durations, intervals, views) are skipped with a warning naming the type; --strict makes \
            that an error. Compressed IPC bodies (LZ4 frame, ZSTD) are decompressed; big-endian data \
            is refused with an error.

            With --target and --prediction, the profile also carries the model's performance \
            metrics, as whylogs' `log_classification_metrics` or, with --task regression, \
            `log_regression_metrics` computes them from `table.to_pandas()` (there an int column \
            with nulls is float64: 1 is the label 1.0, a null the label None). As whylogs, the \
            profile then holds the metrics alone unless --log-full-data profiles the columns too.

            With -o, the profile is written to OUT (gzip-compressed when OUT ends in .gz) and one \
            summary line goes to stderr; without -o, the summary table of `profile show` is printed.

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The Arrow stream or file; - for standard input.", valueName: "input"))
    var input: String

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var columns: ColumnOptions<ArrowCommand>

    @OptionGroup(title: "Model performance") var model: ModelOptions

    @Flag(help: "Stop (exit 2) at a column whose type cannot be profiled instead of skipping it.")
    var strict = false

    @Option(help: ArgumentHelp("The most fields in the schema, nested ones included (default 10000).", valueName: "n"))
    var maxColumns: Int = ArrowReadLimits().maximumColumns

    @Option(help: ArgumentHelp("The largest record batch body accepted, in MiB (default 2048).", valueName: "MiB"))
    var maxBatchMib: Int = ArrowReadLimits().maximumBodyBytes >> 20

    func validate() throws {
        try ingest.checkFileOutput()
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if maxBatchMib < 1 || maxBatchMib > 1 << 20 { throw ValidationError("--max-batch-mib must be 1 to 1048576") }
        try model.checkColumnSelection(ColumnSelection(columns: columns.selected, text: columns.text))
    }

    func run() throws {
        var options = ArrowOptions()
        options.columns = model.profiledColumns(columns.selected)
        options.modelColumns = model.columns
        options.textColumns = columns.text
        options.isStrict = strict
        options.datasetTimestampMilliseconds = ingest.datasetTimestampMilliseconds
        options.threadCount = ingest.threads
        options.limits.maximumColumns = maxColumns
        options.limits.maximumBodyBytes = maxBatchMib << 20

        let label = IngestOptions.label(input)
        let profiler = ArrowProfiler(options: options)
        let (result, seconds) = try ingest.profiling(label: label, hint: Self.hint) { bar throws(ArrowError) in
            let progress: @Sendable (ArrowProgress) -> Void = {
                bar.update(bytes: $0.bytesProcessed, total: $0.totalBytes ?? $0.bytesProcessed, rows: $0.rowsProcessed)
            }
            return input == "-"
                ? try profiler.profileStandardInput(progress: progress)
                : try profiler.profile(fileAt: input, progress: progress)
        }

        for column in result.unsupportedColumns {
            ingest.warn(
                "\(label): column '\(column.name)' skipped: \(column.skipReason ?? column.typeName) cannot be profiled")
        }
        ingest.warnAboutInvalidUTF8(result.invalidUTF8ValueCount)
        try ingest.deliver(result.profile, label: label)
        let profiled = result.columns.filter { $0.skipReason == nil && result.profile.columns[$0.name] != nil }.count
        let metrics = ModelOptions.summary(result.profile.modelPerformance)
        ingest.printSummary(
            "\(result.rowCount.formatted(.number)) rows × \(profiled) columns in \(result.batchCount) batches\(metrics)",
            bytes: result.byteCount, seconds: seconds, throughput: .rows(result.rowCount))
    }

    /// The option that sets the limit an error is over, if any.
    static func hint(_ error: ArrowError) -> String {
        switch error.code {
        case .limitExceeded where error.field.contains("maximumColumns"): " (--max-columns sets the limit)"
        case .limitExceeded where error.field.contains("maximumBodyBytes"): " (--max-batch-mib sets the limit)"
        default: ""
        }
    }
}

extension ArrowCommand: ColumnOptionsHelp {
    static let columnsHelp = ArgumentHelp("Only these columns (comma-separated names).", valueName: "c1,c2,…")
    static let textColumnsHelp = ArgumentHelp(
        "Free-text string columns: with text-metadata columns <column>.<feature>.", valueName: "c1,c2,…")
}
