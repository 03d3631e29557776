import Foundation
import ProfileCSV
import Profiles
import SketchbookTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile CSV input: fields far larger than memory should allow, NUL bytes and invalid UTF-8.
/// Each gets a typed error or a defined result, in bounded time and memory.
@Suite struct IngestHostileCSVTests {
    /// A file of `prefix`, then `gap` bytes that are never written (a sparse file: they read as NUL
    /// bytes and take no disk), then `suffix`.
    static func sparseFile(prefix: String, gap: Int64, suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sketchbook-sparse-\(UUID().uuidString).csv").path
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(descriptor >= 0, "cannot create \(path)")
        defer { close(descriptor) }
        let head = Array(prefix.utf8)
        let tail = Array(suffix.utf8)
        #expect(write(descriptor, head, head.count) == head.count)
        #expect(lseek(descriptor, off_t(Int64(head.count) + gap), SEEK_SET) >= 0)
        #expect(write(descriptor, tail, tail.count) == tail.count)
        return path
    }

    @Test(arguments: [true, false])
    func aFourGigabyteFieldIsRowTooLongInBoundedTimeAndMemory(quoted: Bool) throws {
        let quote = quoted ? "\"" : ""
        let path = try Self.sparseFile(prefix: "a,b\n1,\(quote)", gap: 4 << 30, suffix: "\(quote)\n2,3\n")
        defer { unlink(path) }
        let peakBefore = ProcessMemory.peakResidentBytes()
        let started = ContinuousClock.now
        let error = #expect(throws: CSVError.self) { try CSVProfiler().profile(fileAt: path) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .rowTooLong, "\(String(describing: error))")
        #expect(error?.offset == 4, "the row starts at byte 4: \(String(describing: error))")
        #expect(elapsed < .seconds(60), "took \(elapsed)")
        // The row limit is 64 MiB; a reader that held the field would need 4 GiB.
        let growth = ProcessMemory.peakResidentBytes() - peakBefore
        #expect(growth < 1 << 30, "peak resident memory grew by \(growth >> 20) MiB")
    }

    @Test func nulBytesAreFieldContent() throws {
        let bytes = Array("a,b\n".utf8) + [0x78, 0x00, 0x79, UInt8(ascii: ","), 0x00, 0x0A] + Array("z,2\n".utf8)
        let result = try CSVProfiler().profile(bytes: bytes)
        #expect(result.rowCount == 2)
        #expect(result.malformedRowCount == 0)
        let summary = Dictionary(uniqueKeysWithValues: result.profile.summary().map { ($0.column, $0) })
        #expect(summary["a"]?["counts/n"] == .int(2))
        #expect(summary["a"]?["types/string"] == .int(2))
    }

    @Test func invalidUTF8InTheHeaderIsReplacedNotFatal() throws {
        let bytes: [UInt8] = [0xFF, 0xC3, UInt8(ascii: ","), UInt8(ascii: "b"), 0x0A] + Array("1,2\n".utf8)
        let result = try CSVProfiler().profile(bytes: bytes)
        #expect(result.columns.count == 2)
        #expect(result.columns[1].name == "b")
        #expect(result.rowCount == 1)
    }
}
