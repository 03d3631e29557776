/// The profile files among a merge's inputs, and the directory entries passed over (see
/// ``ProfileMerger/profileInputs(in:)``).
public struct ProfileInputListing: Sendable, Hashable {
    /// A path that was found but not listed, and why.
    public struct Skipped: Sendable, Hashable, CustomStringConvertible {
        /// Why a path was not listed.
        public enum Reason: Sendable, Hashable {
            /// A symbolic link to a directory, inside a searched directory: not followed, so that a
            /// link to an enclosing directory cannot repeat it without end.
            case linkToDirectory
            /// The same file (device and inode) as a path listed before it: a link, a hard link,
            /// or a directory named twice. Merging it again would count its data twice.
            case sameFile(as: String)
            /// An entry that could not be examined: a dangling link, a link loop, or no
            /// permission to look at it.
            case cannotExamine
        }

        /// The path passed over.
        public var path: String
        /// Why.
        public var reason: Reason

        /// Creates an entry.
        public init(path: String, reason: Reason) {
            self.path = path
            self.reason = reason
        }

        /// One line: the path and why it was passed over.
        public var description: String {
            switch reason {
            case .linkToDirectory: "\(path): a link to a directory, not followed"
            case .sameFile(let first): "\(path): the same file as \(first), merged once"
            case .cannotExamine: "\(path): cannot be examined (a dangling link, a link loop or no permission)"
            }
        }
    }

    /// The profile files, in merge order.
    public var paths: [String]
    /// The paths passed over, in the order they were met.
    public var skipped: [Skipped]

    /// Creates a listing.
    public init(paths: [String], skipped: [Skipped]) {
        self.paths = paths
        self.skipped = skipped
    }
}
