import Foundation
import Profiles
import SketchbookTestSupport
import Testing

@testable import ProfileImages

/// A folder that cannot be listed (no permission) is counted and reported like an unreadable
/// file, never fatal unless strict (found in review: one such subfolder aborted the whole run).
/// The walk lists folders through a seam, so the failure is simulated whoever runs the tests; one
/// test also makes a real folder with mode 000, when not run as root (root lists it anyway).
@Suite struct ImageFolderListingTests {
    /// `root/` holds `a.png`, `locked/` (with `b.png`) and `z/` (with `c.png`).
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("listing-\(UUID().uuidString)")
        let image = try Fixtures.bytes("images/png_c2_d8.png")
        for folder in ["locked", "z"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data(image).write(to: root.appendingPathComponent("a.png"))
        try Data(image).write(to: root.appendingPathComponent("locked/b.png"))
        try Data(image).write(to: root.appendingPathComponent("z/c.png"))
        return root
    }

    /// A profiler whose listing of folders named `locked` fails as Foundation's fails without
    /// permission (a `CocoaError` over the `POSIXError`).
    static func profiler(strict: Bool = false) -> ImageFolderProfiler {
        ImageFolderProfiler(options: ImageFolderOptions(isStrict: strict, threadCount: 1)) { folder in
            if folder.hasSuffix("/locked") {
                throw CocoaError(
                    .fileReadNoPermission,
                    userInfo: [NSUnderlyingErrorKey: POSIXError(.EACCES)])
            }
            return try FileManager.default.contentsOfDirectory(atPath: folder)
        }
    }

    @Test func aSubfolderThatCannotBeListedIsCountedAndReportedNotFatal() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.profiler().profile(inputs: [root.path])
        let locked = root.appendingPathComponent("locked").path
        #expect(
            result.paths == [root.appendingPathComponent("a.png").path, root.appendingPathComponent("z/c.png").path])
        #expect(result.imageCount == 2)
        #expect(result.unreadableCount == 1)
        #expect(
            result.unreadable == [
                .init(path: locked, reason: "cannot list the folder: \(String(cString: strerror(EACCES)))")
            ])
        // The profile counts the files it read: the folder's files are unknown.
        #expect(result.profile.columns["image"]?.counts?.n == 2)
        #expect(result.profile.columns["image.decode_error"] == nil)
    }

    @Test func aNamedFolderThatCannotBeListedIsCountedToo() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let locked = root.appendingPathComponent("locked").path
        let result = try Self.profiler().profile(inputs: [locked, root.appendingPathComponent("z").path])
        #expect(result.imageCount == 1)
        #expect(result.unreadable.map(\.path) == [locked])
    }

    @Test func withStrictAFolderThatCannotBeListedIsAnError() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let locked = root.appendingPathComponent("locked").path
        #expect(
            throws: ImageFolderError(
                .inputNotFound, path: locked, reason: "cannot list the folder: \(String(cString: strerror(EACCES)))")
        ) {
            try Self.profiler(strict: true).profile(inputs: [root.path])
        }
    }

    @Test func theListingReportsAFolderThatCannotBeListedAsNotExamined() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let listing = try Self.profiler().imageFiles(in: [root.path])
        #expect(listing.paths.count == 2)
        #expect(listing.skipped == [.init(path: root.appendingPathComponent("locked").path, reason: .cannotExamine)])
    }

    @Test(.enabled(if: geteuid() != 0, "root lists a folder whatever its mode"))
    func aRealFolderWithModeZeroIsCountedNotFatal() throws {
        let root = try Self.makeTree()
        let locked = root.appendingPathComponent("locked")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
            try? FileManager.default.removeItem(at: root)
        }
        let result = try ImageFolderProfiler(options: ImageFolderOptions(threadCount: 1)).profile(inputs: [root.path])
        #expect(result.imageCount == 2)
        #expect(result.unreadableCount == 1)
        #expect(result.unreadable.map(\.path) == [locked.path])
        #expect(result.unreadable.first?.reason.hasPrefix("cannot list the folder") == true)
    }
}
