import ArgumentParser
import Foundation
import ProfileImages
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `profile images PATH… [-o OUT]`: profile folders of images with whylogs' image feature names.
struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Profile folders of PNG, JPEG and PPM/PGM images into one whylogs profile, on every core.",
        discussion: """
            Every file named, and every .png, .jpg, .jpeg, .ppm, .pgm and .pnm file inside the \
            folders named (recursively; hidden names passed over; links to folders not followed; a \
            file reached twice read once), is decoded as PIL decodes it and logged in one profile: \
            the column `image` (one object per file) and the feature columns image.ImagePixelWidth, \
            image.ImagePixelHeight, image.Colorspace, image.entropy, image.Hue.mean, \
            image.Hue.stddev, image.Saturation.*, image.Brightness.* — the columns whylogs makes of \
            log_image's `image` metric when it uncompounds it — plus image.aspect_ratio and \
            image.mean_R/G/B.

            A file that cannot be read or decoded (corrupt, truncated, not an image, larger than \
            --max-file-mib) is counted in image.decode_error and reported on stderr with its path \
            (the first 10; all are counted); --strict makes the first one an error instead.

            Files are decoded in parallel and logged in listing order, so the profile does not \
            depend on --threads. A progress bar is drawn on stderr when it is a terminal. Exit \
            status: 0 on success, 2 on a usage or input error.
            """)

    @Argument(help: ArgumentHelp("Image files and folders.", valueName: "path"))
    var paths: [String]

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the profile here (.bin, or .bin.gz to compress).", valueName: "out"))
    var output: String?

    @Option(help: ArgumentHelp("The image column's name (default image).", valueName: "name"))
    var column: String = "image"

    @Option(
        help: ArgumentHelp(
            "The profile's dataset timestamp: 2026-11-25, 2026-11-25T13:00:00Z (ISO 8601; UTC when no offset), or Unix epoch milliseconds. Default: now.",
            valueName: "time"))
    var datasetTimestamp: String?

    @Flag(help: "Stop at the first unreadable file (exit 2) instead of reporting it.")
    var strict = false

    @Flag(help: "No progress bar, warnings or summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("Without -o: the summary format, table, json or csv.", valueName: "format"))
    var format: ShowCommand.Format = .table

    @Option(help: ArgumentHelp("The largest file read, in MiB.", valueName: "MiB"))
    var maxFileMib: Int = 64

    @Option(help: ArgumentHelp("Threads. Default: one per core.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one image file or folder") }
        if let datasetTimestamp, CSVCommand.parseTimestamp(datasetTimestamp) == nil {
            throw ValidationError(
                "--dataset-timestamp: expected a date (2026-11-25), an ISO 8601 time (2026-11-25T13:00:00Z) or epoch milliseconds, got '\(datasetTimestamp)'"
            )
        }
        if maxFileMib < 1 || maxFileMib > 4096 { throw ValidationError("--max-file-mib must be 1 to 4096") }
        if column.isEmpty { throw ValidationError("--column must not be empty") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let output, output.hasSuffix("/") {
            throw ValidationError("-o must name a file, got a directory '\(output)'")
        }
    }

    func run() throws {
        var options = ImageFolderOptions(column: column)
        options.maximumFileBytes = maxFileMib << 20
        options.isStrict = strict
        options.datasetTimestampMilliseconds = datasetTimestamp.flatMap(CSVCommand.parseTimestamp)
        options.threadCount = threads
        let label = paths.count == 1 ? paths[0] : "\(paths.count) paths"
        let bar = CSVProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0, label: label)
        let started = DispatchTime.now().uptimeNanoseconds
        let result: ImageFolderResult
        do {
            result = try ImageFolderProfiler(options: options).profile(inputs: paths) { done, total, _ in
                bar.update(bytes: Int64(done), total: Int64(total), rows: Int64(done), unit: "files")
            }
        } catch {
            bar.clear()
            throw CommandError("\(error)")
        }
        bar.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if !quiet {
            for entry in result.skipped { printToStandardError("profile: note: \(entry)") }
            for file in result.unreadable.prefix(10) { printToStandardError("profile: warning: \(file)") }
            if result.unreadableCount > 10 {
                printToStandardError("profile: warning: \(result.unreadableCount - 10) more unreadable files")
            }
        }
        if let output {
            do {
                try result.profile.file.write(to: output)
            } catch {
                throw CommandError("\(output): \(error)")
            }
        } else {
            let report = ProfileReport(path: label, profile: result.profile)
            switch format {
            case .json: print(report.json.rendered())
            case .csv: print(ProfileReport.csv([report]), terminator: "")
            case .table: print(report.table(width: TerminalSize.columns()), terminator: "")
            }
        }
        if !quiet {
            let unreadable = result.unreadableCount > 0 ? ", \(result.unreadableCount) unreadable" : ""
            let target = output.map { " → \($0)" } ?? ""
            printToStandardError(
                "profiled \(result.imageCount.formatted(.number)) images\(unreadable), \(CSVProgressBar.byteText(result.byteCount)) in \(String(format: "%.2f", seconds)) s\(target)"
            )
        }
    }
}
