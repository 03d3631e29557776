import ArgumentParser
import Foundation
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `profile merge INPUT... -o OUT [--by hour|day]`: merge many profiles, optionally into one per period.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge whylogs profiles (files and directories) into one profile, or one per hour or day.",
        discussion: """
            Inputs are profile files and directories; directories are searched recursively for .bin and \
            .bin.gz files (sorted by path; hidden entries skipped). Links to files are followed; \
            links to directories inside them are not (a link to an enclosing directory would repeat \
            it without end), and a file reached by a second path (a link, or a directory named \
            twice) is merged once; each is named in a warning. Files are read in small batches and \
            merged as whylogs merges them: the merged dataset timestamp is the earliest.

            Without --by, OUT is a profile file (gzipped when it ends in .gz). With --by hour|day, \
            profiles are grouped by the UTC hour or day of their dataset timestamp, and OUT is a \
            directory (created if missing) with one file per period, named by the period: \
            2026-11-25.bin (day) or 2026-11-25T13.bin (hour); --gzip writes .bin.gz files instead. \
            Files are written atomically (a temporary file, then a rename).

            Segmented profiles (whylogs' segmented files, or profile csv --segment-by) are merged \
            segment by segment: each segment key apart, and whole-dataset profiles apart from them. \
            When any input is segmented, OUT is a directory: merged.bin for the whole-dataset \
            profiles (if any) and segment-COL=VALUE….bin per segment (with --by, prefixed by the \
            period and _); an OUT ending in .bin or .gz is then an error. --gzip writes .bin.gz files.

            Progress is shown on stderr when it is a terminal; otherwise one summary line is printed \
            on stderr. An invalid file stops the merge with status 2 and one line naming it, unless
            --skip-invalid, which skips it with a warning and counts it in the summary.
            """)

    enum Period: String, ExpressibleByArgument, CaseIterable {
        case hour, day
    }

    @Argument(help: "Profile files and directories.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The output file, or directory with --by.")
    var output: String

    @Option(help: "Write one profile per UTC period of the dataset timestamp: hour or day.")
    var by: Period?

    @Flag(help: "With --by or segments, write .bin.gz files.")
    var gzip = false

    @Flag(help: "Skip files that are not valid profiles instead of failing.")
    var skipInvalid = false

    @Flag(help: "No progress, warnings or summary.")
    var quiet = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one profile file or directory") }

    }

    func run() throws {
        let granularity = by.map { $0 == .hour ? MergePeriod.Granularity.hour : .day }
        let merger = ProfileMerger(by: granularity, skipsInvalidFiles: skipInvalid)
        let progress = MergeProgressLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let result: ProfileMergeResult
        do {
            result = try merger.merge(inputs: inputs) { progress.update($0) }
            progress.clear()
            if gzip && granularity == nil && !result.hasSegments {
                throw CommandError("--gzip applies with --by or segmented inputs; name the output file .gz instead")
            }
            if result.hasSegments && (output.hasSuffix(".bin") || output.hasSuffix(".gz")) {
                throw CommandError(
                    "\(output): the inputs are segmented, so the merge is a directory (one file per segment); "
                        + "name a directory with -o")
            }
            if granularity != nil || result.hasSegments {
                try result.write(toDirectory: output, gzip: gzip)
            } else {
                try result.write(toFile: output)
            }
        } catch {
            progress.clear()
            throw CommandError("\(error)")
        }
        guard !quiet else { return }
        for skipped in result.skippedInputs {
            printToStandardError("profile: warning: skipped \(skipped.description)")
        }
        for skipped in result.skipped {
            printToStandardError("profile: warning: skipped \(skipped.description)")
        }
        let skippedText = result.skipped.isEmpty ? "" : " (\(result.skipped.count) invalid skipped)"
        let files = "\(result.filesMerged) file\(result.filesMerged == 1 ? "" : "s")"
        let segments = Set(result.groups.compactMap(\.segment)).count
        let segmentText = segments == 0 ? "" : " (\(segments) segment\(segments == 1 ? "" : "s"))"
        if by != nil {
            let periods = "\(result.groups.count) period\(result.groups.count == 1 ? "" : "s")"
            printToStandardError("merged \(files)\(skippedText) into \(periods)\(segmentText) in \(output)")
        } else if segments > 0 {
            let groups = "\(result.groups.count) profile\(result.groups.count == 1 ? "" : "s")"
            printToStandardError("merged \(files)\(skippedText) into \(groups)\(segmentText) in \(output)")
        } else {
            printToStandardError("merged \(files)\(skippedText) into \(output)")
        }
    }
}

/// A progress line on stderr (`\r`-rewritten, at most every 100 ms), for terminals only.
final class MergeProgressLine {
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: ProfileMergeProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard progress.filesDone == progress.filesTotal || now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        let skipped = progress.filesSkipped > 0 ? ", \(progress.filesSkipped) skipped" : ""
        let line = "merging \(progress.filesDone)/\(progress.filesTotal) files\(skipped)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
