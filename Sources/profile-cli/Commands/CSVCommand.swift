import ArgumentParser
import Foundation
import ProfileCSV
import Profiles
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

            A progress bar is drawn on stderr when it is a terminal. Exit status: 0 on success, 2 on \
            a usage or input error.
            """)

    @Argument(help: ArgumentHelp("The CSV file; - for standard input.", valueName: "input"))
    var input: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the profile here (.bin, or .bin.gz to compress).", valueName: "out"))
    var output: String?

    @Option(
        help: ArgumentHelp("The field delimiter: , ; | tab, or any single byte. Default: detected.", valueName: "char"))
    var delimiter: String?

    @Flag(help: "The first row is data; columns are named 0, 1, … as pandas names them.")
    var noHeader = false

    @Option(help: ArgumentHelp("Only these columns (comma-separated names).", valueName: "c1,c2,…"))
    var columns: String?

    @Option(
        help: ArgumentHelp(
            "Free-text columns: read as strings, with text-metadata columns <column>.<feature>.", valueName: "c1,c2,…"))
    var textColumns: String?

    @Option(
        help: ArgumentHelp(
            "The profile's dataset timestamp: 2026-11-25, 2026-11-25T13:00:00Z (ISO 8601; UTC when no offset), or Unix epoch milliseconds. Default: now.",
            valueName: "time"))
    var datasetTimestamp: String?

    @Flag(help: "Stop at the first malformed row (exit 2) instead of reporting it.")
    var strict = false

    @Flag(help: "No progress bar, warnings or summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("Without -o: the summary format, table, json or csv.", valueName: "format"))
    var format: ShowCommand.Format = .table

    @Option(help: ArgumentHelp("The longest row accepted, in MiB.", valueName: "MiB"))
    var maxRowMib: Int = 64

    @Option(help: ArgumentHelp("The most columns accepted (default 10000).", valueName: "n"))
    var maxColumns: Int = CSVOptions().maximumColumns

    @Option(help: ArgumentHelp("Threads. Default: one per core.", valueName: "n"))
    var threads: Int?

    @Option(help: .hidden)
    var blockKib: Int?

    func validate() throws {
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter must be one byte (or 'tab'), got '\(delimiter)'")
        }
        if let datasetTimestamp, Self.parseTimestamp(datasetTimestamp) == nil {
            throw ValidationError(
                "--dataset-timestamp: expected a date (2026-11-25), an ISO 8601 time (2026-11-25T13:00:00Z) or epoch milliseconds, got '\(datasetTimestamp)'"
            )
        }
        if maxRowMib < 1 || maxRowMib > 1024 { throw ValidationError("--max-row-mib must be 1 to 1024") }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let output, output.hasSuffix("/") {
            throw ValidationError("-o must name a file, got a directory '\(output)'")
        }
    }

    func run() throws {
        var options = CSVOptions()
        options.delimiter = delimiter.flatMap(Self.delimiterByte)
        options.hasHeader = !noHeader
        options.columns = columns.map(Self.list)
        options.textColumns = textColumns.map(Self.list) ?? []
        options.isStrict = strict
        options.datasetTimestampMilliseconds = datasetTimestamp.flatMap(Self.parseTimestamp)
        options.maximumRowBytes = maxRowMib << 20
        options.maximumColumns = maxColumns
        options.threadCount = threads
        if let blockKib { options.blockSize = blockKib << 10 }

        let bar = CSVProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0, label: input == "-" ? "stdin" : input)
        let started = DispatchTime.now().uptimeNanoseconds
        let profiler = CSVProfiler(options: options)
        let result: CSVProfileResult
        do {
            if input == "-" {
                result = try profiler.profileStandardInput { bar.update($0) }
            } else {
                result = try profiler.profile(fileAt: input) { bar.update($0) }
            }
        } catch {
            bar.clear()
            let hint = error.code == .tooManyColumns ? " (--max-columns sets the limit)" : ""
            throw CommandError("\(error)\(hint)")
        }
        bar.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        if !quiet {
            for row in result.malformedRows.prefix(10) {
                printToStandardError("profile: warning: \(input == "-" ? "stdin" : input): \(row)")
            }
            if result.malformedRowCount > 10 {
                printToStandardError("profile: warning: \(result.malformedRowCount - 10) more malformed rows")
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
            let report = ProfileReport(path: input == "-" ? "stdin" : input, profile: result.profile)
            switch format {
            case .json: print(report.json.rendered())
            case .csv: print(ProfileReport.csv([report]), terminator: "")
            case .table: print(report.table(width: TerminalSize.columns()), terminator: "")
            }
        }
        if !quiet {
            printToStandardError(Self.summaryLine(result, seconds: seconds, output: output))
        }
    }

    static func summaryLine(_ result: CSVProfileResult, seconds: Double, output: String?) -> String {
        let rows = result.rowCount.formatted(.number)
        let bytes = CSVProgressBar.byteText(result.byteCount)
        let rate = seconds > 0 ? " (\(CSVProgressBar.byteText(Int64(Double(result.byteCount) / seconds)))/s)" : ""
        let malformed = result.malformedRowCount > 0 ? ", \(result.malformedRowCount) malformed" : ""
        let target = output.map { " → \($0)" } ?? ""
        return
            "profiled \(rows) rows × \(result.columns.count) columns\(malformed), \(bytes) in \(String(format: "%.2f", seconds)) s\(rate)\(target)"
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
    }

    static func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case "tab", "\\t", "\t": return UInt8(ascii: "\t")
        default:
            let bytes = Array(text.utf8)
            return bytes.count == 1 ? bytes[0] : nil
        }
    }

    /// Epoch milliseconds from a date, an ISO 8601 date-time, or a number of milliseconds.
    static func parseTimestamp(_ text: String) -> UInt64? {
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) { return UInt64(text) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let attempts: [(ISO8601DateFormatter.Options, String)] = [
            ([.withFullDate], text),
            ([.withInternetDateTime], text),
            ([.withInternetDateTime, .withFractionalSeconds], text),
            ([.withInternetDateTime], text + "Z"),
            ([.withInternetDateTime, .withFractionalSeconds], text + "Z"),
        ]
        for (options, candidate) in attempts {
            formatter.formatOptions = options
            if let date = formatter.date(from: candidate), date.timeIntervalSince1970 >= 0 {
                return UInt64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        return nil
    }
}

/// A progress bar on stderr (redrawn at most 10 times a second) for terminals: bytes, rows per
/// second and the time left. Called from worker threads.
final class CSVProgressBar: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var drawn = false
        var started: UInt64 = DispatchTime.now().uptimeNanoseconds
    }

    private let enabled: Bool
    private let label: String
    private let state = Mutex(State())

    init(enabled: Bool, label: String) {
        self.enabled = enabled
        self.label = _TerminalEscaping.escape(label)
    }

    func update(_ progress: CSVProgress) {
        update(bytes: progress.bytesProcessed, total: progress.totalBytes, rows: progress.rowsProcessed)
    }

    /// Redraws the bar: `bytes` of `total` (0 when unknown: no bar, no time left) and `rows` done.
    func update(bytes: Int64, total: Int64, rows: Int64, unit: String = "rows") {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let line: String? = state.withLock { state in
            guard now - state.lastDraw >= 100_000_000 else { return nil }
            state.lastDraw = now
            state.drawn = true
            let elapsed = Double(now - state.started) / 1e9
            if rows == 0 && bytes == 0 {
                return "reading \(label): \(Self.byteText(total))"
            }
            let rate = elapsed > 0 ? Double(rows) / elapsed : 0
            if total == 0 {
                return "\(label): \(Self.byteText(bytes))  \(Self.countText(rate)) \(unit)/s"
            }
            let fraction = Double(bytes) / Double(total)
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            return String(
                format: "%@ %@ %3.0f%%  %@ / %@  %@ %@/s  ETA %@", label, bar, fraction * 100,
                Self.byteText(bytes), Self.byteText(total), Self.countText(rate), unit,
                Self.durationText(remaining))
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
    }

    func clear() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func byteText(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value >= 1e9 { return String(format: "%.2f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.1f kB", value / 1e3) }
        return "\(bytes) B"
    }

    static func countText(_ count: Double) -> String {
        if count >= 1e6 { return String(format: "%.2f M", count / 1e6) }
        if count >= 1e3 { return String(format: "%.1f k", count / 1e3) }
        return String(format: "%.0f", count)
    }

    static func durationText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds >= 3600 { return String(format: "%dh%02dm", Int(seconds) / 3600, Int(seconds) % 3600 / 60) }
        if seconds >= 60 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%.0fs", seconds)
    }
}
