/// A FlatBuffers buffer read with every offset checked (spec §1): the metadata of one message,
/// or the file footer. Errors name the table field and the byte offset in the input.
struct _FlatBuffer: Sendable {
    /// The bytes.
    let bytes: [UInt8]
    /// The offset of `bytes[0]` in the input.
    let base: Int64
    /// What the buffer is, for errors ("message metadata", "footer").
    let what: String

    init(bytes: [UInt8], base: Int64, what: String) {
        self.bytes = bytes
        self.base = base
        self.what = what
    }

    func error(_ field: String, expected: String, actual: String, at position: Int) -> ArrowError {
        ArrowError(
            .malformedMetadata, field: "\(what) \(field)", expected: expected, actual: actual,
            offset: base + Int64(position))
    }

    /// Reads a little-endian integer of `size` bytes (spec §1: all scalars are little-endian).
    func load<T: FixedWidthInteger>(_: T.Type, at position: Int, field: String) throws(ArrowError) -> T {
        let size = MemoryLayout<T>.size
        guard position >= 0, position <= bytes.count - size else {
            throw error(
                field, expected: "\(size) bytes inside the \(bytes.count)-byte buffer",
                actual: "position \(position)", at: max(0, min(position, bytes.count)))
        }
        var value: T = 0
        for index in 0..<size { value |= T(truncatingIfNeeded: bytes[position + index]) << (8 * index) }
        return value
    }

    /// The root table (spec §1: a `uoffset` at byte 0).
    func root(field: String) throws(ArrowError) -> _FlatTable {
        let offset = try load(UInt32.self, at: 0, field: "\(field) root offset")
        return try _FlatTable(buffer: self, position: Int(offset), field: field)
    }

    /// The position a `uoffset` at `position` points to.
    func follow(_ position: Int, field: String) throws(ArrowError) -> Int {
        let offset = try load(UInt32.self, at: position, field: field)
        let target = position + Int(offset)
        guard offset > 0, target < bytes.count else {
            throw error(field, expected: "an offset inside the buffer", actual: "\(offset)", at: position)
        }
        return target
    }

    /// A vector at `position` (spec §1: a `uint32` length, then the elements): its first element
    /// and its count, checked to fit.
    func vector(at position: Int, elementSize: Int, field: String) throws(ArrowError) -> (start: Int, count: Int) {
        let count = Int(try load(UInt32.self, at: position, field: "\(field) length"))
        let start = position + 4
        guard count <= (bytes.count - start) / elementSize else {
            throw error(
                field, expected: "at most \((bytes.count - start) / elementSize) elements of \(elementSize) bytes",
                actual: "\(count)", at: position)
        }
        return (start, count)
    }
}

/// A FlatBuffers table: its position and its vtable, both checked to lie in the buffer (spec §1).
struct _FlatTable: Sendable {
    let buffer: _FlatBuffer
    let position: Int
    private let vtable: Int
    private let vtableSize: Int
    private let tableSize: Int
    private let field: String

    init(buffer: _FlatBuffer, position: Int, field: String) throws(ArrowError) {
        self.buffer = buffer
        self.position = position
        self.field = field
        let soffset = Int(try buffer.load(Int32.self, at: position, field: "\(field) vtable offset"))
        let vtable = position - soffset
        guard vtable >= 0, vtable <= buffer.bytes.count - 4 else {
            throw buffer.error(
                "\(field) vtable", expected: "a vtable inside the buffer", actual: "position \(vtable)", at: position)
        }
        let vtableSize = Int(try buffer.load(UInt16.self, at: vtable, field: "\(field) vtable size"))
        let tableSize = Int(try buffer.load(UInt16.self, at: vtable + 2, field: "\(field) table size"))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable + vtableSize <= buffer.bytes.count else {
            throw buffer.error(
                "\(field) vtable size", expected: "an even size ≥ 4 inside the buffer", actual: "\(vtableSize)",
                at: vtable)
        }
        guard tableSize >= 4, position + tableSize <= buffer.bytes.count else {
            throw buffer.error(
                "\(field) table size", expected: "a size ≥ 4 inside the buffer", actual: "\(tableSize)",
                at: vtable + 2)
        }
        self.vtable = vtable
        self.vtableSize = vtableSize
        self.tableSize = tableSize
    }

    /// The position of field `index` holding `size` bytes, or `nil` when the field is absent.
    func fieldPosition(_ index: Int, size: Int, name: String) throws(ArrowError) -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(UInt16.self, at: vtable + entry, field: "\(field).\(name) vtable entry"))
        if offset == 0 { return nil }
        guard offset >= 4, offset + size <= tableSize else {
            throw buffer.error(
                "\(field).\(name)", expected: "a field inside the \(tableSize)-byte table", actual: "offset \(offset)",
                at: vtable + entry)
        }
        return position + offset
    }

    func int<T: FixedWidthInteger>(_ index: Int, _ name: String, default value: T) throws(ArrowError) -> T {
        guard let at = try fieldPosition(index, size: MemoryLayout<T>.size, name: name) else { return value }
        return try buffer.load(T.self, at: at, field: "\(field).\(name)")
    }

    func bool(_ index: Int, _ name: String, default value: Bool = false) throws(ArrowError) -> Bool {
        try int(index, name, default: UInt8(value ? 1 : 0)) != 0
    }

    /// The table a field points to, or `nil` when absent.
    func table(_ index: Int, _ name: String) throws(ArrowError) -> _FlatTable? {
        guard let at = try fieldPosition(index, size: 4, name: name) else { return nil }
        let target = try buffer.follow(at, field: "\(field).\(name)")
        return try _FlatTable(buffer: buffer, position: target, field: "\(field).\(name)")
    }

    /// The string a field points to (UTF-8, invalid sequences replaced), or `nil` when absent.
    func string(_ index: Int, _ name: String) throws(ArrowError) -> String? {
        guard let at = try fieldPosition(index, size: 4, name: name) else { return nil }
        let target = try buffer.follow(at, field: "\(field).\(name)")
        let (start, count) = try buffer.vector(at: target, elementSize: 1, field: "\(field).\(name)")
        return String(decoding: buffer.bytes[start..<start + count], as: UTF8.self)
    }

    /// A vector of inline elements (scalars or structs) a field points to: its first element and
    /// count; `nil` when absent.
    func vector(_ index: Int, _ name: String, elementSize: Int) throws(ArrowError) -> (start: Int, count: Int)? {
        guard let at = try fieldPosition(index, size: 4, name: name) else { return nil }
        let target = try buffer.follow(at, field: "\(field).\(name)")
        return try buffer.vector(at: target, elementSize: elementSize, field: "\(field).\(name)")
    }

    /// The tables of a vector of tables a field points to (empty when absent).
    func tables(_ index: Int, _ name: String) throws(ArrowError) -> [_FlatTable] {
        guard let (start, count) = try vector(index, name, elementSize: 4) else { return [] }
        var result: [_FlatTable] = []
        result.reserveCapacity(count)
        for element in 0..<count {
            let at = start + 4 * element
            let target = try buffer.follow(at, field: "\(field).\(name)[\(element)]")
            result.append(try _FlatTable(buffer: buffer, position: target, field: "\(field).\(name)[\(element)]"))
        }
        return result
    }
}
