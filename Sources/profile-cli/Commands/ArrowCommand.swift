import ArgumentParser
import Foundation
import ProfileArrow
import ProfileCSV
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

            With -o, the profile is written to OUT (gzip-compressed when OUT ends in .gz) and one \
            summary line goes to stderr; without -o, the summary table of `profile show` is printed.

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The Arrow stream or file; - for standard input.", valueName: "input"))
    var input: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the profile here (.bin, or .bin.gz to compress).", valueName: "out"))
    var output: String?

    @Option(help: ArgumentHelp("Only these columns (comma-separated names).", valueName: "c1,c2,…"))
    var columns: String?

    @Option(
        help: ArgumentHelp(
            "Free-text string columns: with text-metadata columns <column>.<feature>.", valueName: "c1,c2,…"))
    var textColumns: String?

    @Option(
        help: ArgumentHelp(
            "The profile's dataset timestamp: 2026-11-25, 2026-11-25T13:00:00Z (ISO 8601; UTC when no offset), or Unix epoch milliseconds. Default: now.",
            valueName: "time"))
    var datasetTimestamp: String?

    @Flag(help: "Stop (exit 2) at a column whose type cannot be profiled instead of skipping it.")
    var strict = false

    @Flag(help: "No progress bar, warnings or summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("Without -o: the summary format, table, json or csv.", valueName: "format"))
    var format: ShowCommand.Format = .table

    @Option(help: ArgumentHelp("The most fields in the schema, nested ones included (default 10000).", valueName: "n"))
    var maxColumns: Int = ArrowReadLimits().maximumColumns

    @Option(help: ArgumentHelp("The largest record batch body accepted, in MiB (default 2048).", valueName: "MiB"))
    var maxBatchMib: Int = ArrowReadLimits().maximumBodyBytes >> 20

    @Option(help: ArgumentHelp("Threads. Default: one per core.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let datasetTimestamp, CSVCommand.parseTimestamp(datasetTimestamp) == nil {
            throw ValidationError(
                "--dataset-timestamp: expected a date (2026-11-25), an ISO 8601 time (2026-11-25T13:00:00Z) or epoch milliseconds, got '\(datasetTimestamp)'"
            )
        }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if maxBatchMib < 1 || maxBatchMib > 1 << 20 { throw ValidationError("--max-batch-mib must be 1 to 1048576") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let output, output.hasSuffix("/") {
            throw ValidationError("-o must name a file, got a directory '\(output)'")
        }
    }

    func run() throws {
        var options = ArrowOptions()
        options.columns = columns.map(CSVCommand.list)
        options.textColumns = textColumns.map(CSVCommand.list) ?? []
        options.isStrict = strict
        options.datasetTimestampMilliseconds = datasetTimestamp.flatMap(CSVCommand.parseTimestamp)
        options.threadCount = threads
        options.limits.maximumColumns = maxColumns
        options.limits.maximumBodyBytes = maxBatchMib << 20

        let label = input == "-" ? "stdin" : input
        let bar = CSVProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0, label: label)
        let started = DispatchTime.now().uptimeNanoseconds
        let profiler = ArrowProfiler(options: options)
        let report: @Sendable (ArrowProgress) -> Void = { progress in
            bar.update(
                CSVProgress(
                    bytesProcessed: progress.bytesProcessed, totalBytes: progress.totalBytes ?? progress.bytesProcessed,
                    rowsProcessed: progress.rowsProcessed, isFinished: progress.isFinished))
        }
        let result: ArrowProfileResult
        do {
            if input == "-" {
                result = try profiler.profileStandardInput(progress: report)
            } else {
                result = try profiler.profile(fileAt: input, progress: report)
            }
        } catch {
            bar.clear()
            let hint: String
            switch error.code {
            case .limitExceeded where error.field.contains("maximumColumns"): hint = " (--max-columns sets the limit)"
            case .limitExceeded where error.field.contains("maximumBodyBytes"):
                hint = " (--max-batch-mib sets the limit)"
            default: hint = ""
            }
            throw CommandError("\(error)\(hint)")
        }
        bar.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        if !quiet {
            for column in result.unsupportedColumns {
                printToStandardError(
                    "profile: warning: \(label): column '\(column.name)' skipped: \(column.skipReason ?? column.typeName) cannot be profiled"
                )
            }
            if result.invalidUTF8ValueCount > 0 {
                printToStandardError(
                    "profile: warning: \(result.invalidUTF8ValueCount) values were not valid UTF-8 (invalid bytes replaced by U+FFFD)"
                )
            }
        }
        if let output {
            do {
                try result.profile.file.write(to: output)
            } catch {
                throw CommandError("\(output): \(error)")
            }
        } else {
            let summary = ProfileReport(path: label, profile: result.profile)
            switch format {
            case .json: print(summary.json.rendered())
            case .csv: print(ProfileReport.csv([summary]), terminator: "")
            case .table: print(summary.table(width: TerminalSize.columns()), terminator: "")
            }
        }
        if !quiet {
            let rows = result.rowCount.formatted(.number)
            let profiled = result.columns.filter { $0.skipReason == nil }.count
            let rate = seconds > 0 ? " (\(CSVProgressBar.countText(Double(result.rowCount) / seconds)) rows/s)" : ""
            let target = output.map { " → \($0)" } ?? ""
            printToStandardError(
                "profiled \(rows) rows × \(profiled) columns in \(result.batchCount) batches, "
                    + "\(CSVProgressBar.byteText(result.byteCount)) in \(String(format: "%.2f", seconds)) s\(rate)\(target)"
            )
        }
    }
}
