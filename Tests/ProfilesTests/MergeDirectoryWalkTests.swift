import Foundation
import Profiles
import Testing

/// The directory walk of ``ProfileMerger``: links to directories are not followed (a link to
/// itself would repeat its folder without end), and one file reached by two paths is merged once.
@Suite struct MergeDirectoryWalkTests {
    /// A folder holding `a.bin` (one row), `sub/b.bin` (one row), a link to itself, a link to
    /// `sub`, and a link to `a.bin`.
    static func folderWithLinks() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        var profile = DatasetProfile()
        profile.log(row: ["x": .int(1)])
        try profile.file.write(to: directory + "/a.bin")
        try profile.file.write(to: directory + "/sub/b.bin")
        try FileManager.default.createSymbolicLink(atPath: directory + "/loop", withDestinationPath: directory)
        try FileManager.default.createSymbolicLink(atPath: directory + "/sibling", withDestinationPath: "sub")
        try FileManager.default.createSymbolicLink(atPath: directory + "/same.bin", withDestinationPath: "a.bin")
        return directory
    }

    @Test func linksToDirectoriesAreSkippedAndEachFileIsMergedOnce() throws {
        let directory = try Self.folderWithLinks()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listing = try ProfileMerger.profileInputs(in: [directory])
        #expect(listing.paths == [directory + "/a.bin", directory + "/sub/b.bin"])
        #expect(
            Set(listing.skipped.map(\.path)) == [directory + "/loop", directory + "/sibling", directory + "/same.bin"])
        #expect(listing.skipped.first { $0.path.hasSuffix("/loop") }?.reason == .linkToDirectory)
        #expect(listing.skipped.first { $0.path.hasSuffix("/same.bin") }?.reason == .sameFile(as: directory + "/a.bin"))
        #expect(try ProfileMerger.profilePaths(in: [directory]) == listing.paths)

        let result = try ProfileMerger().merge(inputs: [directory])
        #expect(result.filesMerged == 2)
        #expect(try result.profile.columns["x"]?.counts?.n == 2)
        #expect(result.skippedInputs.count == 3)
    }

    @Test func aLinkGivenAsAnInputIsFollowedOnceAndDuplicatesAreSkipped() throws {
        let directory = try Self.folderWithLinks()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The link named on the command line is the user's choice: followed. Its files are the
        // folder's own, so naming the folder too adds nothing.
        let listing = try ProfileMerger.profileInputs(in: [directory + "/loop", directory])
        #expect(listing.paths == [directory + "/loop/a.bin", directory + "/loop/sub/b.bin"])
        #expect(listing.skipped.filter { if case .sameFile = $0.reason { true } else { false } }.count == 4)
    }
}
