import Testing

@testable import Sketches

@Suite struct ByteReaderTests {
    @Test func readsLittleEndianFieldsAndAdvances() throws {
        var reader = ByteReader(
            [0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0xF8, 0x7F, 0x00, 0x00, 0x00, 0x00], family: "test")
        #expect(try reader.readInteger(as: UInt16.self, field: "a") == 0x0201)
        #expect(try reader.readInteger(as: UInt16.self, field: "b") == 0x0403)
        #expect(try reader.peekInteger(at: 0, as: UInt8.self, field: "c") == 1)
        #expect(try reader.readFloat(field: "d").isNaN)
        #expect(reader.readableBytes == 4)
        #expect(try reader.readInteger(as: UInt32.self, field: "e") == 0)
        try reader.requireFullyConsumed()
    }

    @Test func shortReadThrowsTruncatedNamingFieldAndOffset() {
        var reader = ByteReader([1, 2, 3], family: "KLL")
        #expect(throws: SketchDecodingError.self) { try reader.readInteger(as: UInt32.self, field: "n") }
        do {
            _ = try reader.readInteger(as: UInt64.self, field: "n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .truncated)
            #expect(error.field == "n")
            #expect(error.offset == 0)
            #expect(error.description == "KLL: n at byte 0: expected 8 more bytes, got 3 remaining in a 3-byte image")
        }
    }

    @Test(arguments: [-1, Int.max, Int.min])
    func hostileCountsThrowInsteadOfTrapping(_ count: Int) {
        var reader = ByteReader([0, 0, 0, 0], family: "test")
        #expect(throws: SketchDecodingError.self) { try reader.readBytes(count: count, field: "items") }
        #expect(throws: SketchDecodingError.self) { try reader.skip(count, field: "items") }
        #expect(throws: SketchDecodingError.self) { try reader.requireBytes(4, at: count, field: "items") }
    }

    @Test func trailingBytesAreReported() throws {
        var reader = ByteReader([0, 0, 0], family: "HLL")
        _ = try reader.readInteger(as: UInt16.self, field: "x")
        #expect(
            throws: SketchDecodingError(
                .trailingBytes, family: "HLL", field: "image length",
                expected: "2 bytes", actual: "3 bytes", offset: 2)
        ) {
            try reader.requireFullyConsumed()
        }
    }

    @Test func writerRoundTripsThroughReader() throws {
        var writer = ByteWriter()
        writer.writeInteger(UInt8(7))
        writer.writeInteger(UInt16(0xBEEF))
        writer.writeDouble(-3259.0625)
        writer.writeFloat(1.5)
        writer.writeZeros(3)
        writer.setInteger(UInt16(0xCAFE), at: 1)
        var reader = ByteReader(writer.bytes, family: "test")
        #expect(try reader.readInteger(as: UInt8.self, field: "") == 7)
        #expect(try reader.readInteger(as: UInt16.self, field: "") == 0xCAFE)
        #expect(try reader.readDouble(field: "") == -3259.0625)
        #expect(try reader.readFloat(field: "") == 1.5)
        #expect(reader.readableBytes == 3)
    }

    @Test func familyIsDetectedFromByteTwo() throws {
        #expect(try SketchFamily(detectingFrom: [0x02, 0x01, 0x0F, 0x01, 0xC8, 0x00, 0x08, 0x00]) == .kll)
        #expect(try SketchFamily(detectingFrom: [0x02, 0x01, 0x07, 0x0C, 0x03, 0x0C, 0x00, 0x00]) == .hll)
        #expect(try SketchFamily(detectingFrom: [0x01, 0x01, 0x0A, 0x0A, 0x03, 0x05, 0x00, 0x00]) == .frequentItems)
        #expect(throws: SketchDecodingError.self) {
            try SketchFamily(detectingFrom: [0x02, 0x01, 0x03, 0, 0, 0, 0, 0])
        }
        #expect(throws: SketchDecodingError.self) { try SketchFamily(detectingFrom: [0x02, 0x01]) }
    }
}
