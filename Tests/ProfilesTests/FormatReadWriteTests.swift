import Foundation
import Profiles
import SketchbookTestSupport
import Testing

@Suite struct FormatReadWriteTests {
    @Test(arguments: FormatFixtures.names)
    func everyFixtureReadsToItsDecodedComponents(name: String) throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes(name))
        let expected = try FormatFixtures.expected(name)
        #expect(file.sourceFormat == expected.sourceFormat, "\(name)")
        #expect(file.datasetTimestampMilliseconds == expected.datasetTimestampMilliseconds, "\(name)")
        #expect(file.creationTimestampMilliseconds == expected.creationTimestampMilliseconds, "\(name)")
        #expect(file.tags == expected.tags, "\(name)")
        #expect(file.metadata == expected.metadata, "\(name)")
        #expect(file.segmentTags == expected.segmentTags, "\(name)")
        #expect(file.columns.keys.sorted() == expected.columns.keys.sorted(), "\(name)")
        for (column, components) in expected.columns {
            let actual = file.columns[column] ?? [:]
            #expect(actual.keys.sorted() == components.keys.sorted(), "\(name) \(column)")
            for (path, component) in components {
                #expect(actual[path]?.isIdentical(to: component) == true, "\(name) \(column) \(path)")
            }
        }
        #expect(file.isIdentical(to: expected), "\(name)")
    }

    @Test(arguments: FormatFixtures.names)
    func writingAFixtureAndReadingItBackGivesTheSameComponents(name: String) throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes(name))
        let bytes = file.serializedBytes()
        let reread = try ProfileFile(serializedBytes: bytes)
        var expected = file
        // v0 files are written as v1, unless they have model performance metrics (as whylogs).
        if expected.sourceFormat == .v0, expected.modelPerformance == nil { expected.sourceFormat = .v1 }
        #expect(reread.isIdentical(to: expected), "\(name)")
        #expect(reread.modelPerformance == file.modelPerformance, "\(name)")
        // Same value, same bytes; and a second generation is byte-identical.
        #expect(reread.serializedBytes() == bytes, "\(name)")
    }

    @Test(arguments: FormatFixtures.v1Names.filter { $0 != "segmented" })
    func rewrittenWhylogsFilesHaveWhylogsLength(name: String) throws {
        // Python's writer differs from ours only in map entry order (spec §1.3), so the sizes match.
        let original = try FormatFixtures.bytes(name)
        let rewritten = try ProfileFile(serializedBytes: original).serializedBytes()
        #expect(rewritten.count == original.count, "\(name)")
        #expect(Array(rewritten.prefix(5)) == [0x57, 0x48, 0x59, 0x31, 0x00], "\(name)")
    }

    @Test func aSegmentedFileExposesItsSegmentTags() throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes("segmented"))
        #expect(file.sourceFormat == .segmentedV1)
        #expect(file.segmentTags == [ProfileFile.SegmentTag(key: "whylogs.tag.cat", value: "blue")])
        let reread = try ProfileFile(serializedBytes: file.serializedBytes())
        #expect(reread.sourceFormat == .segmentedV1)
        #expect(reread.segmentTags == file.segmentTags)
        var plain = file
        plain.segmentTags = nil
        let plainBytes = plain.serializedBytes()
        #expect(plainBytes[4] == 0, "an unsegmented profile has an empty segment header")
        #expect(try ProfileFile(serializedBytes: plainBytes).sourceFormat == .v1)
    }

    @Test func v0FloatsHistogramsBecomeWhylogsDoublesImages() throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes("v0_floats"))
        #expect(file.sourceFormat == .v0)
        guard case .kll(let image)? = file.columns["q"]?["distribution/kll"]?.value else {
            Issue.record("no KLL for q")
            return
        }
        #expect(image.first == 6, "preamble ints of a whylogs doubles image")
        #expect(file.tags == ["whylogs.tag.env": "test"])
        #expect(file.metadata == ["origin": "v0 fixture"])
    }

    @Test func theGzipFixtureReadsLikeThePlainFile() throws {
        let plain = try ProfileFile(serializedBytes: try FormatFixtures.bytes("ints_floats"))
        let gzipped = try ProfileFile(serializedBytes: try FormatFixtures.bytes("ints_floats", suffix: ".bin.gz"))
        #expect(gzipped.isIdentical(to: plain))
    }

    @Test(arguments: ["ints", "strings", "image", "segmented", "v0_floats"])
    func gzipRoundTrip(name: String) throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes(name))
        let compressed = file.gzipSerializedBytes()
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(compressed == file.gzipSerializedBytes(), "gzip output is deterministic")
        let reread = try ProfileFile(serializedBytes: compressed)
        var expected = file
        if expected.sourceFormat == .v0 { expected.sourceFormat = .v1 }
        #expect(reread.isIdentical(to: expected), "\(name)")
        #expect(reread.serializedBytes() == file.serializedBytes(), "\(name)")
    }

    @Test func writeAndReadAFileChoosesGzipByTheSuffix() throws {
        let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes("booleans"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plainPath = folder.appendingPathComponent("p.bin").path
        let gzipPath = folder.appendingPathComponent("p.bin.gz").path
        try file.write(to: plainPath)
        try file.write(to: gzipPath)
        let plainBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plainPath)))
        let gzipBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: gzipPath)))
        #expect(plainBytes == file.serializedBytes())
        #expect(Array(gzipBytes.prefix(2)) == [0x1f, 0x8b])
        #expect(try ProfileFile(contentsOf: plainPath) == file)
        #expect(try ProfileFile(contentsOf: gzipPath) == file)
        try file.write(to: plainPath, gzip: true)
        #expect(try ProfileFile(contentsOf: plainPath) == file)
        #expect(throws: ProfileError.self) {
            try ProfileFile(contentsOf: folder.appendingPathComponent("missing").path)
        }
    }

    /// When run with `SKETCHBOOK_WRITE_PROFILES_DIR` set, writes every fixture re-serialized by
    /// Sketchbook there (for `check_sketchbook_profiles.py` with whylogs' own summaries).
    @Test func exportRewrittenFixturesForPythonWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["SKETCHBOOK_WRITE_PROFILES_DIR"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in FormatFixtures.names {
            let file = try ProfileFile(serializedBytes: try FormatFixtures.bytes(name))
            try file.write(to: "\(folder)/\(name).bin")
        }
    }
}
