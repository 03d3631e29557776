public import Profiles

/// A folder of images' profile, and the files that could not be read.
public struct ImageFolderResult: Sendable {
    /// A file that was found but not profiled as an image, or a folder that could not be listed,
    /// and why.
    public struct Unreadable: Sendable, Hashable, CustomStringConvertible {
        /// The file or folder.
        public var path: String
        /// Why: the read error, the size limit, the decoder's error (`ProfileError`'s text), or
        /// `cannot list the folder: …`.
        public var reason: String

        /// An entry.
        ///
        /// - Parameters:
        ///   - path: the file.
        ///   - reason: why it was not profiled.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// The profile: the image column (counts and types: one object per file) and its feature
    /// columns `<column>.<feature>`, with `<column>.decode_error` for files that did not decode.
    public var profile: DatasetProfile
    /// The image files found, in the order they were logged.
    public var paths: [String]
    /// The images profiled.
    public var imageCount: Int
    /// Bytes read.
    public var byteCount: Int64
    /// The number of unreadable files, and of folders that could not be listed.
    public var unreadableCount: Int
    /// The first of them (at most ``maximumReportedUnreadable``): the folders that could not be
    /// listed, in the order they were met, then the files in listing order.
    public var unreadable: [Unreadable]
    /// Folder entries passed over: links to folders (not followed) and second paths to a file
    /// already listed.
    public var skipped: [ProfileInputListing.Skipped]

    /// How many unreadable files are kept in ``unreadable``.
    public static let maximumReportedUnreadable = 100
}
