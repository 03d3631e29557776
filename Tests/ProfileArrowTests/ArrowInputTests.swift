import Foundation
import SketchbookTestSupport
import Testing

@testable import ProfileArrow

/// The input reader sets aside memory for the bytes that are there, not for the count asked for.
/// Found in review: reading a small `.arrow` file zero-filled 16 MiB at the footer (whose budget
/// is `maximumMetadataBytes`), 3–5 s in a debug build.
@Suite struct ArrowInputTests {
    static let files = ["one_batch_file.arrow", "temporal_lz4_file.arrow", "types_file.arrow"]

    @Test(arguments: files)
    func aSmallFileIsReadToItsFooterWithoutALargeBuffer(_ name: String) throws {
        let input = try _ArrowInput(path: Fixtures.url("arrow/" + name).path)
        let reader = _ArrowMessageReader(input: input, limits: ArrowReadLimits())
        var messages = 0
        while try reader.next() != nil { messages += 1 }
        let size = try #require(input.totalBytes)
        #expect(messages > 1 && reader.isFile && reader.footer != nil, "\(name)")
        #expect(input.offset == size, "\(name)")
        #expect(
            input.zeroFilledBytes < 1 << 20, "\(name): \(input.zeroFilledBytes) bytes set aside for a \(size)-byte file"
        )
    }

    /// A read asking for more than the file holds gives the rest of the file, whether it starts
    /// inside the buffer or not, and sets aside little more than the file's size.
    @Test(arguments: [0, 8, 70_000], [16 << 20 + 11, 1 << 30])
    func aLargeReadGivesTheRestOfTheFile(_ first: Int, _ count: Int) throws {
        let path = Fixtures.url("arrow/types_file.arrow").path
        let bytes = try Fixtures.bytes("arrow/types_file.arrow")
        let input = try _ArrowInput(path: path)
        #expect(try input.read(upTo: first) == Array(bytes.prefix(first)))
        #expect(try input.read(upTo: count) == Array(bytes.dropFirst(first)), "after \(first) bytes, \(count) asked")
        #expect(try input.read(upTo: count).isEmpty)
        #expect(input.zeroFilledBytes <= bytes.count + 2 << 16, "after \(first) bytes, \(count) asked")
    }
}
