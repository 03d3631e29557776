import ArgumentParser
import Foundation
import ProfileImages

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
            (the first 10; all are counted); --strict makes the first one an error instead. A \
            folder that cannot be listed (no permission) is reported and counted among them the \
            same way, though not in the profile, which cannot know its files.

            Files are decoded in parallel and logged in listing order, so the profile does not \
            depend on --threads. A progress bar is drawn on stderr when it is a terminal. Exit \
            status: 0 on success, 2 on a usage or input error.
            """)

    @Argument(help: ArgumentHelp("Image files and folders.", valueName: "path"))
    var paths: [String]

    @OptionGroup var ingest: IngestOptions

    @Option(help: ArgumentHelp("The image column's name (default image).", valueName: "name"))
    var column: String = "image"

    @Flag(help: "Stop at the first unreadable file (exit 2) instead of reporting it.")
    var strict = false

    @Option(help: ArgumentHelp("The largest file read, in MiB.", valueName: "MiB"))
    var maxFileMib: Int = 64

    func validate() throws {
        try ingest.checkFileOutput()
        if paths.isEmpty { throw ValidationError("name at least one image file or folder") }
        if maxFileMib < 1 || maxFileMib > 4096 { throw ValidationError("--max-file-mib must be 1 to 4096") }
        if column.isEmpty { throw ValidationError("--column must not be empty") }
    }

    func run() throws {
        var options = ImageFolderOptions(column: column)
        options.maximumFileBytes = maxFileMib << 20
        options.isStrict = strict
        options.datasetTimestampMilliseconds = ingest.datasetTimestampMilliseconds
        options.threadCount = ingest.threads

        let label = paths.count == 1 ? paths[0] : "\(paths.count) paths"
        let (result, seconds) = try ingest.profiling(label: label) { bar throws(ImageFolderError) in
            try ImageFolderProfiler(options: options).profile(inputs: paths) { done, total, _ in
                bar.update(bytes: Int64(done), total: Int64(total), rows: Int64(done), unit: "files")
            }
        }

        if !ingest.quiet {
            for entry in result.skipped { printToStandardError("profile: note: \(entry)") }
        }
        ingest.warn(result.unreadable, count: result.unreadableCount, prefix: "", noun: "unreadable files")
        try ingest.deliver(result.profile, label: label)
        let unreadable = result.unreadableCount > 0 ? ", \(result.unreadableCount) unreadable" : ""
        ingest.printSummary(
            "\(result.imageCount.formatted(.number)) images\(unreadable)", bytes: result.byteCount, seconds: seconds,
            throughput: .none)
    }
}
