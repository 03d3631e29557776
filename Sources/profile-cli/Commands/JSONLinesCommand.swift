import ArgumentParser
import Foundation
import ProfileJSONLines
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The JSON-lines file; - for standard input.", valueName: "input"))
    var input: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the profile here (.bin, or .bin.gz to compress).", valueName: "out"))
    var output: String?

    @Option(help: ArgumentHelp("Only these columns (comma-separated flattened names).", valueName: "c1,c2,…"))
    var columns: String?

    @Option(
        help: ArgumentHelp(
            "Free-text columns: string values also give text-metadata columns <column>.<feature>.",
            valueName: "c1,c2,…"))
    var textColumns: String?

    @Option(
        help: ArgumentHelp(
            "The profile's dataset timestamp: 2026-11-25, 2026-11-25T13:00:00Z (ISO 8601; UTC when no offset), or Unix epoch milliseconds. Default: now.",
            valueName: "time"))
    var datasetTimestamp: String?

    @Flag(help: "Stop at the first malformed line (exit 2) instead of reporting it.")
    var strict = false

    @Flag(help: "No progress bar, warnings or summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("Without -o: the summary format, table, json or csv.", valueName: "format"))
    var format: ShowCommand.Format = .table

    @Option(help: ArgumentHelp("The longest line accepted, in MiB.", valueName: "MiB"))
    var maxLineMib: Int = 64

    @Option(help: ArgumentHelp("The most distinct column names accepted (default 10000).", valueName: "n"))
    var maxColumns: Int = JSONLinesOptions().maximumColumns

    @Option(help: ArgumentHelp("The deepest nesting accepted (default 64).", valueName: "n"))
    var maxDepth: Int = JSONLinesOptions().maximumDepth

    @Option(help: ArgumentHelp("Threads. Default: one per core.", valueName: "n"))
    var threads: Int?

    @Option(help: .hidden)
    var blockKib: Int?

    func validate() throws {
        if let datasetTimestamp, CSVCommand.parseTimestamp(datasetTimestamp) == nil {
            throw ValidationError(
                "--dataset-timestamp: expected a date (2026-11-25), an ISO 8601 time (2026-11-25T13:00:00Z) or epoch milliseconds, got '\(datasetTimestamp)'"
            )
        }
        if maxLineMib < 1 || maxLineMib > 1024 { throw ValidationError("--max-line-mib must be 1 to 1024") }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if maxDepth < 1 || maxDepth > 1000 { throw ValidationError("--max-depth must be 1 to 1000") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let output, output.hasSuffix("/") {
            throw ValidationError("-o must name a file, got a directory '\(output)'")
        }
    }

    func run() throws {
        var options = JSONLinesOptions()
        options.columns = columns.map(CSVCommand.list)
        options.textColumns = textColumns.map(CSVCommand.list) ?? []
        options.isStrict = strict
        options.datasetTimestampMilliseconds = datasetTimestamp.flatMap(CSVCommand.parseTimestamp)
        options.maximumLineBytes = maxLineMib << 20
        options.maximumColumns = maxColumns
        options.maximumDepth = maxDepth
        options.threadCount = threads
        if let blockKib { options.blockSize = blockKib << 10 }

        let name = input == "-" ? "stdin" : input
        let bar = CSVProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0, label: name)
        let started = DispatchTime.now().uptimeNanoseconds
        let profiler = JSONLinesProfiler(options: options)
        let result: JSONLinesProfileResult
        do {
            let report: @Sendable (JSONLinesProgress) -> Void = {
                bar.update(bytes: $0.bytesProcessed, total: $0.totalBytes, rows: $0.rowsProcessed)
            }
            if input == "-" {
                result = try profiler.profileStandardInput(progress: report)
            } else {
                result = try profiler.profile(fileAt: input, progress: report)
            }
        } catch {
            bar.clear()
            throw CommandError("\(error)")
        }
        bar.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        if !quiet {
            for line in result.malformedLines.prefix(10) {
                printToStandardError("profile: warning: \(name): \(line)")
            }
            if result.malformedLineCount > 10 {
                printToStandardError("profile: warning: \(result.malformedLineCount - 10) more malformed lines")
            }
            for column in options.columns ?? [] where result.profile.columns[column] == nil {
                printToStandardError("profile: warning: \(name): no line has the column \"\(column)\"")
            }
        }
        if let output {
            do {
                try result.profile.file.write(to: output)
            } catch {
                throw CommandError("\(output): \(error)")
            }
        } else {
            let report = ProfileReport(path: name, profile: result.profile)
            switch format {
            case .json: print(report.json.rendered())
            case .csv: print(ProfileReport.csv([report]), terminator: "")
            case .table: print(report.table(width: TerminalSize.columns()), terminator: "")
            }
        }
        if !quiet {
            let rows = result.rowCount.formatted(.number)
            let bytes = CSVProgressBar.byteText(result.byteCount)
            let rate =
                seconds > 0 ? " (\(CSVProgressBar.byteText(Int64(Double(result.byteCount) / seconds)))/s)" : ""
            let malformed = result.malformedLineCount > 0 ? ", \(result.malformedLineCount) malformed" : ""
            let target = output.map { " → \($0)" } ?? ""
            printToStandardError(
                "profiled \(rows) lines × \(result.profile.columns.count) columns\(malformed), \(bytes) in \(String(format: "%.2f", seconds)) s\(rate)\(target)"
            )
        }
    }
}
