/// How far a ``ProfileMerger`` has got, reported after each file.
public struct ProfileMergeProgress: Sendable, Hashable {
    /// Files read so far (merged or skipped).
    public var filesDone: Int
    /// Files to read in all.
    public var filesTotal: Int
    /// Invalid files skipped so far (only with ``ProfileMerger/skipsInvalidFiles``).
    public var filesSkipped: Int
    /// The file just read.
    public var path: String

    /// Creates a progress report.
    public init(filesDone: Int, filesTotal: Int, filesSkipped: Int, path: String) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.filesSkipped = filesSkipped
        self.path = path
    }
}
