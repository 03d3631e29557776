import ArgumentParser
import Foundation
import ProfileConstraints
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `profile check PROFILE… --constraints SUITE`: a constraint suite's verdict on profiles.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check profiles against a constraint suite (YAML or JSON) and report each constraint.",
        discussion: """
            The suite lists whylogs' constraint factories with their parameters (docs/constraints.md); \
            `profile constraints generate` writes one from reference profiles. Each profile is checked \
            on its own (one result per constraint per profile), or, with --merge, their merge once. \
            no_drift constraints compare with --reference.

            Formats: text (a table, coloured on a terminal unless NO_COLOR is set), json, markdown, \
            html, junit (JUnit XML: one testsuite per profile, one testcase per constraint; an \
            error-severity failure is a <failure>, a failed warning or an indeterminate drift check \
            is <skipped> with its detail, so CI shows it without failing). With -o the format \
            follows the file's extension (.json, .md, .html, .xml) unless --format is given.

            Exit status: 0 when no error-severity constraint failed (warnings allowed), 1 when one \
            did, 2 on a usage or input error (an unreadable profile, a suite entry with an unknown \
            factory, a missing parameter or a wrong type: the message names the entry and the field).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, html, junit
    }

    @Argument(help: "The profiles to check (.bin or .bin.gz).")
    var profiles: [String]

    @Option(help: ArgumentHelp("The constraint suite (.yaml, .yml or .json).", valueName: "suite"))
    var constraints: String

    @Option(help: ArgumentHelp("A reference profile for no_drift constraints.", valueName: "profile"))
    var reference: String?

    @Flag(help: "Check the merge of the profiles once, instead of each profile.")
    var merge = false

    @Option(help: "Output format: text, json, markdown, html or junit (default: from -o's extension, else text).")
    var format: Format?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    func validate() throws {
        if profiles.isEmpty { throw ValidationError("give at least one profile to check") }
    }

    func run() throws {
        let suite: ConstraintSuite
        do {
            suite = try ConstraintSuite(contentsOf: constraints)
        } catch {
            throw CommandError("\(constraints): \(error)")
        }
        if suite.needsReference && reference == nil {
            throw CommandError("\(constraints): the suite has no_drift constraints; give a --reference profile")
        }
        let referenceProfile = try reference.map(DiffCommand.load)
        var loaded: [(String, DatasetProfile)] = []
        for path in profiles { loaded.append((path, try DiffCommand.load(path))) }
        if merge && loaded.count > 1 {
            var merged = loaded[0].1
            for (_, profile) in loaded.dropFirst() { merged.merge(profile) }
            loaded = [("merge of " + profiles.joined(separator: " + "), merged)]
        }
        let checked = loaded.map { name, profile in
            ConstraintOutput.Checked(profile: name, report: suite.check(profile, reference: referenceProfile))
        }

        let chosen = format ?? Self.format(forOutput: output)
        let text: String
        switch chosen {
        case .json: text = ConstraintOutput.json(checked)
        case .markdown: text = ConstraintOutput.markdown(checked)
        case .html: text = ConstraintOutput.html(checked, suiteName: constraints)
        case .junit: text = ConstraintOutput.junit(checked, suiteName: constraints)
        case .text:
            let colour = ReportDestination.allowsColour(output: output)
            text = ConstraintOutput.text(checked, colour: colour)
        }
        try ReportDestination.write(text, to: output)
        if ConstraintOutput.summary(checked).verdict == .fail { throw ExitCode(1) }
    }

    /// The format an output file's extension implies: .json, .md, .html/.htm, .xml; else text.
    static func format(forOutput output: String?) -> Format {
        guard let name = output?.lowercased() else { return .text }
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") { return .markdown }
        if name.hasSuffix(".html") || name.hasSuffix(".htm") { return .html }
        if name.hasSuffix(".xml") { return .junit }
        return .text
    }
}
