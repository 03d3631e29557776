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

            A directory (profile csv --segment-by writes one) is checked as its overall profile (its \
            whole-dataset profiles, or the merge of its segments when there are none) and then each \
            segment apart, one result per constraint for each; with a --reference directory, a \
            segment's no_drift constraints compare with the reference's same segment when it has \
            one, else with its overall profile. --merge checks the merge of the inputs' overall \
            profiles once.

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

    @Argument(help: "The profiles to check (.bin or .bin.gz), or directories of (segmented) profiles.")
    var profiles: [String]

    @Option(help: ArgumentHelp("The constraint suite (.yaml, .yml or .json).", valueName: "suite"))
    var constraints: String

    @Option(help: ArgumentHelp("A reference profile (or directory) for no_drift constraints.", valueName: "profile"))
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
        let references = try reference.map(Self.loadProfiles)
        var loaded: [(name: String, key: SegmentKey?, profile: DatasetProfile)] = []
        for path in profiles {
            let set = try Self.loadProfiles(path)
            loaded.append(
                (DiffCommand.isDirectory(path) ? "\(path) (overall)" : path, nil, try Self.overall(set, path)))
            for key in set.keys { loaded.append(("\(path) [segment \(key)]", key, set.segments[key]!)) }
        }
        if merge && loaded.count > 1 {
            // The overall profiles: each input's whole dataset once, not its segments again.
            let wholes = loaded.filter { $0.key == nil }
            var merged = wholes[0].profile
            for entry in wholes.dropFirst() { merged.merge(entry.profile) }
            loaded = [("merge of " + profiles.joined(separator: " + "), nil, merged)]
        }
        var checked: [ConstraintOutput.Checked] = []
        for entry in loaded {
            // A segment is compared with the reference's same segment when it has one.
            let referenceProfile = try references.map { set in
                try entry.key.flatMap { set.segments[$0] } ?? Self.overall(set, reference!)
            }
            checked.append(
                ConstraintOutput.Checked(
                    profile: entry.name, report: suite.check(entry.profile, reference: referenceProfile)))
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

    /// A profile file as it is, or a directory's profiles merged by segment.
    static func loadProfiles(_ path: String) throws -> SegmentedProfiles {
        guard DiffCommand.isDirectory(path) else {
            let profile = try DiffCommand.load(path)
            return SegmentedProfiles(whole: profile, segments: [:], fileCount: 1)
        }
        return try DiffCommand.loadSegmented(path)
    }

    static func overall(_ set: SegmentedProfiles, _ path: String) throws -> DatasetProfile {
        do {
            return try set.overall
        } catch {
            throw CommandError("\(path): the segments cannot be merged into an overall profile: \(error)")
        }
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
