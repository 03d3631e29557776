import ArgumentParser
import Foundation
import ProfileConstraints
import ProfileMonitor
import Profiles

/// `profile monitor PATH… --baseline REF | --trailing N`: a monitor over a directory of profiles,
/// for cron jobs: drift, bands, constraints and schema changes per period and segment.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Monitor a directory of profiles: drift, bands on series, constraints and schema changes per period.",
        discussion: """
            Reads every .bin and .bin.gz profile under the paths (directories recursively), groups \
            them into UTC periods by dataset timestamp (--by day, the default, or hour) and into \
            segments by their segment tags (whylogs segmented profiles; the whole dataset is one more \
            series: the merge of a period's unsegmented profiles, or of all its segments when it has \
            only segmented ones). For each period, segment and column it evaluates:

            - drift against the baseline, by the drift engine of `profile diff` (its default \
            thresholds; --threshold, --significance-level, --multiple-testing and --config as there): \
            --baseline REF (a profile, or a directory merged into one; a segment is compared with \
            REF's same segment when REF has it, else with REF's whole dataset) or --trailing N (the \
            merge of the series' N previous periods; the default is --trailing 7);
            - a band on the series row count, null share, mean, median, distinct count, and accuracy, \
            macro F1, MAE and RMSE when the profiles carry model metrics: an alert outside the \
            trailing mean ± k·σ (--band-k 3) of the previous --band-window 14 values, once there \
            are --min-history 7 of them;
            - a constraint suite (--constraints FILE): a failed error-severity constraint alerts;
            - columns that disappeared since the series' previous period (alert) or appeared (warning).

            Output: a summary of the latest period (text, the default), --format json (every \
            period, segment, column and analysis with its value, band and verdict) or html (a \
            timeline per column with the band shaded and the alerts marked); -o FILE writes it. \
            --prometheus-textfile FILE writes the latest period's gauges for node exporter's \
            textfile collector, atomically. --state FILE makes runs incremental: files whose size \
            and modification time are unchanged are not read again.

            Invalid profile files are skipped with a warning (--strict: an error).

            Exit status: 1 when the latest period has an alert (--fail-on any: any period; never: \
            always 0), 0 otherwise, 2 on a usage or input error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case latest, any, never
    }

    enum Period: String, ExpressibleByArgument, CaseIterable {
        case hour, day
    }

    @Argument(help: "Profile files and directories of them.")
    var paths: [String]

    @Option(help: ArgumentHelp("A fixed drift baseline: a profile, or a directory of them.", valueName: "ref"))
    var baseline: String?

    @Option(help: ArgumentHelp("Drift against the merge of the N previous periods (default 7).", valueName: "n"))
    var trailing: Int?

    @Option(help: "The period: day (default) or hour, UTC.")
    var by: Period = .day

    @Option(name: .customLong("band-k"), help: "The band's half-width in standard deviations (default 3).")
    var bandK: Double = 3

    @Option(name: .customLong("band-window"), help: "How many earlier values a band is computed from (default 14).")
    var bandWindow: Int = 14

    @Option(name: .customLong("min-history"), help: "How many earlier values a band needs to alert (default 7).")
    var minHistory: Int = 7

    @Option(help: ArgumentHelp("A constraint suite checked on every period (YAML or JSON).", valueName: "suite"))
    var constraints: String?

    @Option(help: "Output format: text, json or html (default: from -o's extension, else text).")
    var format: Format?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("prometheus-textfile"),
        help: ArgumentHelp(
            "Write the latest period's gauges for node exporter's textfile collector.", valueName: "file"))
    var prometheusTextfile: String?

    @Option(help: ArgumentHelp("The incremental state file (created when missing).", valueName: "file"))
    var state: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 on an alert in: latest (default), any, never.")
    var failOn: FailOn = .latest

    @Option(help: ArgumentHelp("A drift threshold for every column (repeatable).", valueName: "metric=value"))
    var threshold: [String] = []

    @Option(help: ArgumentHelp("The drift gate's significance level (default 0.01), or off.", valueName: "p|off"))
    var significanceLevel: String?

    @Option(help: ArgumentHelp("The drift gate's adjustment: holm (default) or none.", valueName: "holm|none"))
    var multipleTesting: String?

    @Option(help: ArgumentHelp("A drift configuration file, as profile diff's --config.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("max-files"), help: "The most profile files to list (default 100000).")
    var maxFiles: Int = 100_000

    @Option(name: .customLong("max-bytes"), help: "The most bytes of profiles to read (default 64 GiB).")
    var maxBytes: UInt64 = 64 << 30

    @Flag(help: "Fail on an invalid profile file instead of skipping it with a warning.")
    var strict = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one profile file or directory") }
        if baseline != nil && trailing != nil { throw ValidationError("give --baseline or --trailing, not both") }
        if let trailing, trailing < 1 { throw ValidationError("--trailing must be at least 1") }
        guard bandK.isFinite, bandK > 0 else { throw ValidationError("--band-k must be a positive number") }
        guard bandWindow >= 2 else { throw ValidationError("--band-window must be at least 2") }
        guard minHistory >= 2, minHistory <= bandWindow else {
            throw ValidationError("--min-history must be at least 2 and at most --band-window")
        }
        guard maxFiles > 0 else { throw ValidationError("--max-files must be positive") }
        try DiffCommand.validateGate(significanceLevel: significanceLevel, multipleTesting: multipleTesting)
    }

    func run() throws {
        var monitorConfiguration = try makeConfiguration()
        let runStart = Date()
        var previous: MonitorState?
        if let state, FileManager.default.fileExists(atPath: state) {
            do {
                previous = try MonitorState(serializedBytes: readFile(state, limit: 1 << 30))
            } catch let error as MonitorStateError {
                warn("\(state): \(error.reason); starting from scratch")
            } catch let error as CommandError {
                warn("\(error.message); starting from scratch")
            }
        }
        monitorConfiguration.skipsInvalidFiles = !strict
        let result: MonitorRun
        do {
            result = try ProfileMonitor(configuration: monitorConfiguration).run(inputs: paths, state: previous)
        } catch {
            throw CommandError("\(error)")
        }
        for warning in result.warnings { warn(warning) }
        let report = result.report

        let chosen =
            format
            ?? output.map { name -> Format in
                let lower = name.lowercased()
                if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
                if lower.hasSuffix(".json") { return .json }
                return .text
            } ?? .text
        let text: String
        switch chosen {
        case .text: text = MonitorText.render(report)
        case .json:
            // Indented while a person may read it; one line past 20,000 findings (a year of a wide
            // table), where indentation would double the size.
            text = MonitorJSON.render(report).rendered(indent: report.findings.count > 20_000 ? nil : 2) + "\n"
        case .html: text = MonitorHTML.render(report)
        }
        try ReportDestination.write(text, to: output)
        if let prometheusTextfile {
            let body = MonitorPrometheus.render(report, runTimestamp: runStart.timeIntervalSince1970)
            try ReportDestination.write(body, to: prometheusTextfile)
        }
        if let state {
            do {
                try result.state.write(to: state)
            } catch {
                throw CommandError("\(error)")
            }
        }
        let fails: Bool
        switch failOn {
        case .latest: fails = report.latestPeriod.map { report.verdict(in: $0) == .alert } ?? false
        case .any: fails = report.worstVerdict == .alert
        case .never: fails = false
        }
        if fails { throw ExitCode(1) }
    }

    func warn(_ message: String) {
        printToStandardError("profile monitor: warning: " + message)
    }

    /// The monitor's settings from the flags; `cacheKey` names every flag the cached drift and
    /// constraint results depend on.
    func makeConfiguration() throws -> MonitorConfiguration {
        var drift = DriftConfiguration()
        var key: [String] = []
        if let config {
            let bytes = try readFile(config, limit: 16 << 20)
            do {
                try drift.apply(json: bytes)
            } catch {
                throw CommandError("\(config): \(error)")
            }
            key.append("config=" + MonitorState.digest(bytes))
        }
        if let significanceLevel {
            drift.significanceLevel = significanceLevel == "off" ? nil : Double(significanceLevel)
            key.append("significance=" + significanceLevel)
        }
        if let multipleTesting, let procedure = DriftMultipleTesting(rawValue: multipleTesting) {
            drift.multipleTesting = procedure
            key.append("multiple-testing=" + multipleTesting)
        }
        for flag in threshold {
            let (metric, value) = try DiffCommand.parseSetting(flag, flag: "--threshold")
            drift.setThreshold(value, for: metric)
            key.append("threshold=" + flag)
        }
        var suite: ConstraintSuite?
        if let constraints {
            let bytes = try readFile(constraints, limit: 16 << 20)
            do {
                suite = try ConstraintSuite(text: bytes)
            } catch {
                throw CommandError("\(constraints): \(error)")
            }
            key.append("constraints=" + MonitorState.digest(bytes))
        }
        let monitorBaseline: MonitorBaseline
        if let baseline {
            do {
                monitorBaseline = .reference(try MonitorReference(contentsOf: [baseline], maxBytes: maxBytes))
            } catch {
                throw CommandError("--baseline \(error)")
            }
        } else {
            monitorBaseline = .trailing(trailing ?? 7)
        }
        return MonitorConfiguration(
            granularity: by == .hour ? .hour : .day, baseline: monitorBaseline, drift: drift, constraints: suite,
            bandK: bandK,
            bandWindow: bandWindow, minimumHistory: minHistory, maxFiles: maxFiles, maxBytes: maxBytes,
            cacheKey: key.joined(separator: "\n"))
    }
}
