import Foundation
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the ingest commands print around the profiling, the same way for every input: the
/// progress bar, warnings, the profile or its summary, and the summary line.
extension IngestOptions {
    /// How the summary line states the speed.
    enum Throughput {
        /// Bytes read per second: ` (3.0 MB/s)`.
        case bytes
        /// Rows per second, for this many rows: ` (1.2 M rows/s)`.
        case rows(Int64)
        /// No speed.
        case none
    }

    /// The name an input is shown under: `stdin` for `-`.
    static func label(_ input: String) -> String {
        input == "-" ? "stdin" : input
    }

    /// Runs the profiling with a progress bar on stderr (when stderr is a terminal and not
    /// `--quiet`), clears the bar, and times it.
    ///
    /// - Parameters:
    ///   - label: the input's name on the bar.
    ///   - hint: words added to a failure's message (the option that sets a limit), or "".
    ///   - profile: the profiling, given the bar to update.
    /// - Returns: the result and the seconds it took.
    /// - Throws: `CommandError` with the profiler's error and the hint.
    func profiling<Result, Failure: Error>(
        label: String, hint: (Failure) -> String = { _ in "" }, _ profile: (ProgressBar) throws(Failure) -> Result
    ) throws(CommandError) -> (result: Result, seconds: Double) {
        let bar = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0, label: label)
        let started = DispatchTime.now().uptimeNanoseconds
        let result: Result
        do {
            result = try profile(bar)
        } catch {
            bar.clear()
            throw CommandError("\(error)\(hint(error))")
        }
        bar.clear()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// `profile: warning: MESSAGE` on stderr, unless `--quiet`.
    func warn(_ message: String) {
        if !quiet { printToStandardError("profile: warning: \(message)") }
    }

    /// The first 10 problems as warnings (`PREFIXproblem`), then how many more there are
    /// (`N more malformed rows`), unless `--quiet`.
    ///
    /// - Parameters:
    ///   - problems: the problems kept (the first ones).
    ///   - count: how many there were in all.
    ///   - prefix: put before each problem (the input's name and `: `, or nothing).
    ///   - noun: what they are, in the plural (`malformed rows`).
    func warn(_ problems: [some CustomStringConvertible], count: Int, prefix: String, noun: String) {
        for problem in problems.prefix(10) { warn("\(prefix)\(problem)") }
        if count > 10 { warn("\(count - 10) more \(noun)") }
    }

    /// Warns of values that were not valid UTF-8, if any.
    func warnAboutInvalidUTF8(_ count: Int) {
        if count > 0 { warn("\(count) values were not valid UTF-8 (invalid bytes replaced by U+FFFD)") }
    }

    /// Writes the profile to `--output`, or without it prints the profile's summary on stdout in
    /// `--format`, as `profile show` does.
    ///
    /// - Parameters:
    ///   - profile: the profile.
    ///   - label: the input's name, for the summary.
    /// - Throws: `CommandError` naming the output when it cannot be written.
    func deliver(_ profile: DatasetProfile, label: String) throws(CommandError) {
        if let output {
            do {
                try profile.file.write(to: output)
            } catch {
                throw CommandError("\(output): \(error)")
            }
        } else {
            let report = ProfileReport(path: label, profile: profile)
            switch format {
            case .json: print(report.json.rendered())
            case .csv: print(ProfileReport.csv([report]), terminator: "")
            case .html: print(ProfileReport.html([report]), terminator: "")
            case .table: print(report.table(width: TerminalSize.columns()), terminator: "")
            }
        }
    }

    /// The summary line on stderr, unless `--quiet`: `profiled COUNTS, BYTES in SECONDS s (SPEED) → OUT`.
    ///
    /// - Parameters:
    ///   - counts: what was profiled (`1,599 rows × 12 columns`).
    ///   - bytes: the bytes read.
    ///   - seconds: how long it took.
    ///   - throughput: how to state the speed.
    func printSummary(_ counts: String, bytes: Int64, seconds: Double, throughput: Throughput) {
        guard !quiet else { return }
        var rate = ""
        if seconds > 0 {
            switch throughput {
            case .bytes: rate = " (\(ProgressBar.byteText(Int64(Double(bytes) / seconds)))/s)"
            case .rows(let rows): rate = " (\(ProgressBar.countText(Double(rows) / seconds)) rows/s)"
            case .none: break
            }
        }
        let target = output.map { " → \($0)" } ?? ""
        printToStandardError(
            "profiled \(counts), \(ProgressBar.byteText(bytes)) in \(String(format: "%.2f", seconds)) s\(rate)\(target)"
        )
    }
}
