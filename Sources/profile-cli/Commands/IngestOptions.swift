import ArgumentParser
import Foundation

/// The options every ingest command (`csv`, `arrow`, `jsonl`, `images`) takes: where the profile
/// goes (or how its summary is printed), its dataset timestamp, the thread count and `--quiet`.
///
/// The commands include it with `@OptionGroup`; its checks run before the command's own.
struct IngestOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the profile here (.bin, or .bin.gz to compress).", valueName: "out"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "The profile's dataset timestamp: 2026-11-25, 2026-11-25T13:00:00Z (ISO 8601; UTC when no offset), or Unix epoch milliseconds. Default: now.",
            valueName: "time"))
    var datasetTimestamp: String?

    @Flag(help: "No progress bar, warnings or summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("Without -o: the summary format, table, json, csv or html.", valueName: "format"))
    var format: ShowCommand.Format = .table

    @Option(help: ArgumentHelp("Threads. Default: one per core.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let datasetTimestamp, Self.parseTimestamp(datasetTimestamp) == nil {
            throw ValidationError(
                "--dataset-timestamp: expected a date (2026-11-25), an ISO 8601 time (2026-11-25T13:00:00Z) or epoch milliseconds, got '\(datasetTimestamp)'"
            )
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// Checks that `-o`, if given, names a file (the commands that write a directory check it
    /// themselves).
    func checkFileOutput() throws {
        if let output, output.hasSuffix("/") {
            throw ValidationError("-o must name a file, got a directory '\(output)'")
        }
    }

    /// The dataset timestamp in epoch milliseconds; `nil` (now) without `--dataset-timestamp`.
    var datasetTimestampMilliseconds: UInt64? {
        datasetTimestamp.flatMap(Self.parseTimestamp)
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
