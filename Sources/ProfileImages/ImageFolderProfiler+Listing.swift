import Foundation
public import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ImageFolderProfiler {
    /// The image files of the inputs, in the order they are logged, and the entries passed over;
    /// the folders that could not be listed come last among those, as entries that cannot be
    /// examined.
    ///
    /// - Parameter inputs: files and folders.
    /// - Returns: the files and the skipped entries.
    /// - Throws: ``ImageFolderError`` (`inputNotFound`): a path named does not exist, or (with
    ///   ``ImageFolderOptions/isStrict``) a folder cannot be listed.
    public func imageFiles(in inputs: [String]) throws(ImageFolderError) -> ProfileInputListing {
        let walk = try walk(inputs)
        var listing = walk.listing
        listing.skipped += walk.unlistable.map { .init(path: $0.path, reason: .cannotExamine) }
        return listing
    }

    /// What a walk over the inputs found.
    struct Walk {
        /// The image files and the entries passed over.
        var listing = ProfileInputListing(paths: [], skipped: [])
        /// The folders that could not be listed, in the order they were met, and why.
        var unlistable: [ImageFolderResult.Unreadable] = []
    }

    /// Walks the inputs: see the type's documentation for the rules.
    ///
    /// - Throws: ``ImageFolderError`` (`inputNotFound`): a path named does not exist, or (with
    ///   ``ImageFolderOptions/isStrict``) a folder cannot be listed.
    func walk(_ inputs: [String]) throws(ImageFolderError) -> Walk {
        var walk = Walk()
        var firstPath: [FileIdentity: String] = [:]
        var visitedFolders: Set<FileIdentity> = []
        let extensions = options.extensions.map { $0.lowercased() }
        func add(_ path: String, _ identity: FileIdentity) {
            if let first = firstPath[identity] {
                if first != path { walk.listing.skipped.append(.init(path: path, reason: .sameFile(as: first))) }
                return
            }
            firstPath[identity] = path
            walk.listing.paths.append(path)
        }
        func visit(_ folder: String) throws(ImageFolderError) {
            let names: [String]
            do {
                names = try listFolder(folder)
            } catch {
                // Found in review: one folder without permission aborted the whole run. Like an
                // unreadable file, it is reported and counted, and an error only when strict.
                let reason = Self.listingFailure(error)
                if options.isStrict { throw ImageFolderError(.inputNotFound, path: folder, reason: reason) }
                walk.unlistable.append(.init(path: folder, reason: reason))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                guard let (identity, kind) = FileIdentity.of(path) else {
                    // Reported, not silently dropped (found in review).
                    walk.listing.skipped.append(.init(path: path, reason: .cannotExamine))
                    continue
                }
                if kind == .directory {
                    if FileIdentity.isSymbolicLink(path) {
                        walk.listing.skipped.append(.init(path: path, reason: .linkToDirectory))
                    } else if visitedFolders.insert(identity).inserted {
                        try visit(path)
                    }
                } else if extensions.contains(where: { name.lowercased().hasSuffix($0) }) {
                    add(path, identity)
                }
            }
        }
        for input in inputs {
            guard let (identity, kind) = FileIdentity.of(input) else {
                throw ImageFolderError(.inputNotFound, path: input, reason: "no such file or folder")
            }
            if kind == .directory {
                if visitedFolders.insert(identity).inserted { try visit(input) }
            } else {
                add(input, identity)
            }
        }
        return walk
    }

    /// `cannot list the folder`, with the system's reason when the error carries one
    /// (`: Permission denied`; Foundation wraps it in a `CocoaError`).
    static func listingFailure(_ error: any Error) -> String {
        let system = ((error as? CocoaError)?.underlying ?? error) as NSError
        guard system.domain == NSPOSIXErrorDomain, let code = Int32(exactly: system.code) else {
            return "cannot list the folder"
        }
        return "cannot list the folder: " + String(cString: strerror(code))
    }

    /// A file's device and inode, and whether it is a folder.
    struct FileIdentity: Hashable, Sendable {
        enum Kind { case directory, other }
        var device: UInt64
        var inode: UInt64

        /// Follows links; `nil` when the path cannot be reached.
        static func of(_ path: String) -> (FileIdentity, Kind)? {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            let identity = FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            return (identity, (status.st_mode & S_IFMT) == S_IFDIR ? .directory : .other)
        }

        static func isSymbolicLink(_ path: String) -> Bool {
            var status = stat()
            return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
        }
    }
}
