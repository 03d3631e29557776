import ArgumentParser
import Foundation
import Profiles

/// `--segment-by COL[,COL…]` and `--max-segments N`: one profile per combination of values, written
/// into the directory `-o` names.
struct SegmentOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also write one profile per distinct combination of these columns' values (whylogs segments), into the directory -o names.",
            valueName: "c1,c2,…"),
        transform: { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
    var segmentBy: [String] = []

    @Option(
        help: ArgumentHelp("With --segment-by, the most segments (default 1000); more is an error.", valueName: "n"))
    var maxSegments: Int = 1_000

    var isSegmenting: Bool { !segmentBy.isEmpty }

    func validate() throws {
        if segmentBy.contains(where: \.isEmpty) { throw ValidationError("--segment-by: a column name is empty") }
        if maxSegments < 1 { throw ValidationError("--max-segments must be at least 1") }
    }

    /// Checks `-o` against the segmenting: a directory with `--segment-by`, a file otherwise.
    func checkOutput(of ingest: IngestOptions) throws {
        if isSegmenting {
            if ingest.output == nil {
                throw ValidationError("--segment-by writes a directory of profiles: name it with -o")
            }
        } else {
            try ingest.checkFileOutput()
        }
    }

    /// Writes the whole profile as `profile.bin` and each segment's as `segment-….bin` into
    /// `directory`, which must be new or empty (files of an earlier run would be taken for this
    /// run's segments). Each file is written atomically.
    ///
    /// - Returns: the number of files written.
    func write(whole: DatasetProfile, segments: [ProfileSegment], to directory: String) throws(CommandError) -> Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandError("\(directory): --segment-by writes a directory, and this is a file")
            }
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            guard entries.isEmpty else {
                throw CommandError(
                    "\(directory): the directory is not empty (\(entries.count) entries); --segment-by writes into a new or empty one"
                )
            }
        }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("\(directory): cannot create the directory")
        }
        let names = SegmentKey.fileNames(for: segments.map(\.key))
        var written = 0
        for (profile, name) in [(whole, "profile")] + segments.map({ ($0.profile, names[$0.key]!) }) {
            let path = (directory as NSString).appendingPathComponent(name + ".bin")
            do {
                try profile.file.write(to: path)
            } catch {
                throw CommandError("\(path): \(error)")
            }
            written += 1
        }
        return written
    }
}
