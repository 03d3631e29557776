import ArgumentParser
import Foundation
import ProfileConstraints
import Profiles

/// `profile constraints`: constraint suites. Its one sub-command is `generate`.
struct ConstraintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constraints",
        abstract: "Work with constraint suites (see `profile check`).",
        subcommands: [GenerateCommand.self])

    /// `profile constraints generate REFERENCE… -o SUITE`.
    struct GenerateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a constraint suite from one or more reference profiles (merged).",
            discussion: """
                Limits are the reference's statistics widened by the sketches' error, by the sampling \
                error of a batch as large as the smallest reference (4 standard errors), and by \
                --tolerance: quantiles at 0.1, 0.25, 0.5, 0.75 and 0.9 (± twice the KLL rank error and \
                the rank's sampling error, ± tolerance × IQR), the mean (± standard errors ± tolerance \
                × stddev), non-negativity when no value was negative, the min–max range (± tolerance \
                × range, a warning), the null share (a binomial upper bound), types that never occurred \
                (integral and fractional as one class), a category set and distinct-count range for columns of at most 20 values \
                counted exactly, the columns present and the row count (at least half the smallest \
                reference's). Every entry has a comment saying why it was chosen, with its numbers; \
                edit the suite freely. Several references (a week of days) give better limits than one.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case yaml, json
        }

        @Argument(help: "The reference profiles (.bin or .bin.gz), merged.")
        var references: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the suite to this file.", valueName: "suite"))
        var output: String?

        @Option(help: "The slack, a fraction of the IQR, range, stddev or value (default 0.1).")
        var tolerance: Double = 0.1

        @Option(help: ArgumentHelp("Only these columns (comma-separated).", valueName: "a,b"))
        var columns: String?

        @Option(
            name: .customLong("exclude-columns"),
            help: ArgumentHelp("Leave these columns out (comma-separated).", valueName: "a,b"))
        var excludeColumns: String?

        @Option(help: "yaml or json (default: json for -o *.json, else yaml).")
        var format: Format?

        func validate() throws {
            if references.isEmpty { throw ValidationError("give at least one reference profile") }
            guard tolerance.isFinite, tolerance >= 0, tolerance <= 10 else {
                throw ValidationError("--tolerance must be a number between 0 and 10")
            }
        }

        static func list(_ text: String?) -> [String]? {
            text.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        }

        func run() throws {
            let profiles = try references.map(DiffCommand.load)
            let options = ConstraintGenerationOptions(
                tolerance: tolerance, columns: Self.list(columns), excludedColumns: Set(Self.list(excludeColumns) ?? [])
            )
            if let wanted = options.columns {
                let known = Set(profiles.flatMap(\.columns.keys))
                let unknown = wanted.filter { !known.contains($0) }
                if !unknown.isEmpty {
                    throw CommandError("--columns: not in the references: " + unknown.joined(separator: ", "))
                }
            }
            let suite = ConstraintSuite.generate(from: profiles, options: options)
            let chosen = format ?? (output?.lowercased().hasSuffix(".json") == true ? .json : .yaml)
            let text = chosen == .json ? suite.json() : suite.yaml()
            try ReportDestination.write(text, to: output)
            if let output { printToStandardError("generated \(suite.constraints.count) constraints → \(output)") }
        }
    }
}
