import Foundation
import Testing

@testable import Profiles

/// Unknown protobuf fields are skipped, not kept: the readers never use them, and a kept copy
/// was memory no budget counted (a 286 KB gzip v0 file with a 240 MB unknown field took 1 GB).
@Suite struct FormatUnknownFieldsTests {
    /// Field 15, length-delimited, of `count` zero bytes.
    static func unknownField(_ count: Int) -> [UInt8] {
        FormatDecodingBudgetTests.delimited(0x7a, [UInt8](repeating: 0, count: count))
    }

    @Test func aParsedMessageKeepsNoUnknownFields() throws {
        // A header with length = 7, then a 1 MiB unknown field, read from inside a larger buffer.
        let message: [UInt8] = [0x20, 0x07] + Self.unknownField(1 << 20)
        let bytes: [UInt8] = [0xff, 0xff, 0xff] + message + [0xff]
        let header = try Sketchbook_Whylogs_DatasetProfileHeader(
            parsing: bytes, range: 3..<(3 + message.count), field: "header")
        #expect(header.length == 7)
        let kept = header.deterministicBytes()
        #expect(kept == [0x20, 0x07], "\(kept.count) bytes kept")
    }

    @Test func aV0FileWithAnUnknownFieldReadsAsWithout() throws {
        let column = FormatDecodingBudgetTests.delimited(
            0x12, FormatDecodingBudgetTests.delimited(0x0a, Array("c".utf8)) + [0x12, 0x00])
        func file(_ extra: [UInt8]) -> [UInt8] {
            let body = column + extra
            return FormatDecodingBudgetTests.varint(UInt64(body.count)) + body
        }
        let plain = try ProfileFile(serializedBytes: file([]))
        let padded = try ProfileFile(serializedBytes: file(Self.unknownField(4 << 20)))
        #expect(plain.columns.keys.sorted() == ["c"])
        #expect(padded == plain)
    }
}
