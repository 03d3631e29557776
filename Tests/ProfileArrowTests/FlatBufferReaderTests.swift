import Testing

@testable import ProfileArrow

/// The FlatBuffers reader on hand-built bytes (docs/formats/arrow.md §1): fields, defaults, and a
/// typed error naming the field and offset for every out-of-bounds reference.
@Suite struct FlatBufferReaderTests {
    /// A root offset, a vtable of two fields (the first at table offset 4, the second absent), and
    /// a 12-byte table holding one int64, then a vector of three bytes the second table field
    /// points to when `withVector` is set.
    static func buffer(
        vtableSize: UInt16 = 8, tableSize: UInt16 = 12, firstField: UInt16 = 4, soffset: Int32 = 8,
        vectorCount: UInt32 = 3
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(value >> shift & 0xFF)) }
        }
        u32(12)  // root table at 12
        u16(vtableSize)
        u16(tableSize)
        u16(firstField)
        u16(0)  // second field absent
        u32(UInt32(bitPattern: soffset))  // table at 12: vtable at 12 − 8 = 4
        bytes += [8, 7, 6, 5, 4, 3, 2, 1]  // int64 field at 16
        u32(vectorCount)  // a vector at 24
        bytes += [9, 9, 9]
        return bytes
    }

    static func table(_ bytes: [UInt8]) throws(ArrowError) -> _FlatTable {
        try _FlatBuffer(bytes: bytes, base: 100, what: "test").root(field: "T")
    }

    @Test func readsAFieldAndTheDefaultsOfAbsentOnes() throws {
        let table = try Self.table(Self.buffer())
        #expect(try table.int(0, "a", default: Int64(0)) == 0x0102_0304_0506_0708)
        #expect(try table.int(1, "b", default: Int32(42)) == 42)
        #expect(try table.int(9, "c", default: Int16(-1)) == -1)
        #expect(try table.table(1, "b") == nil)
        #expect(try table.string(1, "b") == nil)
    }

    @Test func vectorsAreCheckedAgainstTheBytesLeft() throws {
        let buffer = _FlatBuffer(bytes: Self.buffer(), base: 0, what: "test")
        let vector = try buffer.vector(at: 24, elementSize: 1, field: "v")
        #expect(vector.start == 28 && vector.count == 3)
        let long = _FlatBuffer(bytes: Self.buffer(vectorCount: 4), base: 0, what: "test")
        #expect(throws: ArrowError.self) { try long.vector(at: 24, elementSize: 1, field: "v") }
        #expect(throws: ArrowError.self) { try buffer.vector(at: 24, elementSize: 16, field: "v") }
    }

    @Test(arguments: [
        ("root offset past the end", buffer().enumerated().map { $0.offset == 0 ? 200 : $0.element }),
        ("vtable before the buffer", buffer(soffset: 400)),
        ("vtable after the buffer", buffer(soffset: -400)),
        ("odd vtable size", buffer(vtableSize: 7)),
        ("vtable larger than the buffer", buffer(vtableSize: 600)),
        ("table larger than the buffer", buffer(tableSize: 600)),
        ("empty buffer", []),
    ])
    func badReferencesAreTypedErrorsWithTheOffset(_ name: String, _ bytes: [UInt8]) {
        do {
            _ = try Self.table(bytes)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.code == .malformedMetadata, "\(name)")
            #expect((error.offset ?? -1) >= 100, "\(name): offset \(String(describing: error.offset))")
        }
    }

    @Test func aFieldPastTheTableIsAnError() throws {
        let table = try Self.table(Self.buffer(firstField: 8))
        #expect(throws: ArrowError.self) { try table.int(0, "a", default: Int64(0)) }
        #expect(try table.int(0, "a", default: Int32(0)) == 0x0102_0304)
    }
}
