import Profiles

/// The fields of a block's rows, column by column: for each selected column, one ``Field`` per
/// row, so that a column's values are read in one sequential pass.
final class _CSVFieldTable {
    /// A field's bytes in the block buffer: `[start, end)`, with the top bit of `end` set when the
    /// raw text needs unescaping (``_CSVTokenizer/unescape(_:into:)``).
    struct Field {
        var start: UInt32
        var endAndFlag: UInt32

        static let unescapeFlag: UInt32 = 1 << 31

        @inline(__always) var end: Int { Int(endAndFlag & ~Self.unescapeFlag) }
        @inline(__always) var needsUnescaping: Bool { endAndFlag & Self.unescapeFlag != 0 }
    }

    /// The number of columns held.
    let columnCount: Int
    /// Rows held.
    var rowCount = 0
    private(set) var capacity: Int
    /// The distance between two columns' first fields: the capacity plus 16 fields, so that the
    /// columns' write positions (which advance together) fall in different cache sets; a
    /// power-of-two stride would map them all to the same few sets.
    private(set) var stride: Int
    private(set) var storage: UnsafeMutablePointer<Field>

    init(columnCount: Int, capacity: Int = 4096) {
        self.columnCount = columnCount
        self.capacity = max(capacity, 16)
        stride = self.capacity + 16
        storage = .allocate(capacity: max(1, columnCount) * stride)
    }

    deinit { storage.deallocate() }

    /// Makes room for `rows` rows, keeping the fields held.
    @inline(__always)
    func reserve(rows: Int) {
        if rows > capacity { grow(to: rows) }
    }

    private func grow(to rows: Int) {
        let newCapacity = max(rows, capacity * 2)
        let newStride = newCapacity + 16
        let newStorage = UnsafeMutablePointer<Field>.allocate(capacity: max(1, columnCount) * newStride)
        for column in 0..<columnCount {
            (newStorage + column * newStride).update(from: storage + column * stride, count: rowCount)
        }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
        stride = newStride
    }

    @inline(__always)
    func set(column: Int, row: Int, start: Int, end: Int, needsUnescaping: Bool) {
        storage[column * stride + row] = Field(
            start: UInt32(truncatingIfNeeded: start),
            endAndFlag: UInt32(truncatingIfNeeded: end) | (needsUnescaping ? Field.unescapeFlag : 0))
    }

    /// The fields of one column, rows `0..<rowCount`.
    @inline(__always)
    func column(_ column: Int) -> UnsafeBufferPointer<Field> {
        UnsafeBufferPointer(start: storage + column * stride, count: rowCount)
    }
}
