/// The body of one record batch or dictionary batch, with its buffers and nodes, read with every
/// length and offset checked (spec §6): errors name the column, the buffer and the byte offset in
/// the input.
struct _ArrowBody {
    let bytes: UnsafeRawBufferPointer
    /// The offset of the body's first byte in the input.
    let offset: Int64
    let buffers: [_ArrowRecordBatchHeader.Buffer]
    let input: String
    /// For a decompressed body (spec §5.2): where each compressed buffer starts in the input,
    /// since offsets inside the decompressed bytes are not input offsets.
    var compressedPositions: [Int64]? = nil

    func error(_ field: String, expected: String, actual: String, at position: Int64) -> ArrowError {
        ArrowError(.malformedBody, input: input, field: field, expected: expected, actual: actual, offset: position)
    }

    /// Buffer `index`, checked to lie inside the body.
    func buffer(_ index: Int, column: String, what: String) throws(ArrowError) -> UnsafeRawBufferPointer {
        let spec = buffers[index]
        guard spec.offset <= Int64(bytes.count), spec.length <= Int64(bytes.count) - spec.offset else {
            throw error(
                "\(column): \(what) buffer (buffers[\(index)])",
                expected: "inside the \(bytes.count)-byte body",
                actual: "offset \(spec.offset), length \(spec.length)", at: offset)
        }
        return UnsafeRawBufferPointer(rebasing: bytes[Int(spec.offset)..<Int(spec.offset + spec.length)])
    }

    /// Where byte `delta` of buffer `index` is in the input (for a decompressed body, where the
    /// compressed buffer starts).
    func position(of index: Int, plus delta: Int = 0) -> Int64 {
        if let compressedPositions { return compressedPositions[index] }
        return offset + buffers[index].offset + Int64(delta)
    }

    /// The validity bitmap of a node (spec §6.1): `nil` when no value is null. A bitmap must
    /// cover the values and clear exactly `nullCount` bits.
    func validity(
        _ index: Int, length: Int, nullCount: Int, column: String
    ) throws(ArrowError) -> UnsafeRawBufferPointer? {
        if nullCount == 0 { return nil }
        let bits = try buffer(index, column: column, what: "validity")
        guard bits.count >= (length + 7) / 8 else {
            throw error(
                "\(column): validity buffer (buffers[\(index)])", expected: "at least \((length + 7) / 8) bytes",
                actual: "\(bits.count) bytes", at: position(of: index))
        }
        var valid = 0
        let whole = length / 8
        for byte in 0..<whole { valid += bits[byte].nonzeroBitCount }
        if length % 8 != 0 {
            valid += (bits[whole] & UInt8((1 << (length % 8)) - 1)).nonzeroBitCount
        }
        guard length - valid == nullCount else {
            throw error(
                "\(column): validity buffer (buffers[\(index)])",
                expected: "\(nullCount) null values (the node's null_count)",
                actual: "\(length - valid) cleared bits", at: position(of: index))
        }
        return bits
    }

    /// A fixed-width data buffer holding at least `length` values of `width` bytes.
    func values(_ index: Int, length: Int, width: Int, column: String) throws(ArrowError) -> UnsafeRawBufferPointer {
        let data = try buffer(index, column: column, what: "data")
        guard data.count / width >= length else {
            throw error(
                "\(column): data buffer (buffers[\(index)])", expected: "at least \(length) × \(width) bytes",
                actual: "\(data.count) bytes", at: position(of: index))
        }
        return data
    }

    /// The offsets of a variable-size column (spec §6.3): `length + 1` offsets of `width` bytes,
    /// non-decreasing, from ≥ 0 to at most the data buffer's size.
    func offsets(
        _ index: Int, length: Int, width: Int, dataCount: Int, column: String
    ) throws(ArrowError) -> [Int] {
        let raw = try buffer(index, column: column, what: "offsets")
        if length == 0 && raw.count == 0 { return [0] }
        guard raw.count / width >= length + 1 else {
            throw error(
                "\(column): offsets buffer (buffers[\(index)])", expected: "at least \(length + 1) × \(width) bytes",
                actual: "\(raw.count) bytes", at: position(of: index))
        }
        var result = [Int](repeating: 0, count: length + 1)
        var previous = 0
        for slot in 0...length {
            let value =
                width == 4
                ? Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: slot * 4, as: Int32.self)))
                : Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: slot * 8, as: Int64.self)))
            guard value >= previous, value <= dataCount else {
                throw error(
                    "\(column): offsets[\(slot)] (buffers[\(index)])",
                    expected: "\(slot == 0 ? "≥ 0" : "≥ \(previous)") and ≤ \(dataCount) (the data buffer's size)",
                    actual: "\(value)", at: position(of: index, plus: slot * width))
            }
            previous = value
            result[slot] = value
        }
        return result
    }
}

extension UnsafeRawBufferPointer {
    /// Whether bit `index` of a validity bitmap is set (spec §6.1: least significant bit first).
    @inline(__always) func isValid(_ index: Int) -> Bool {
        self[index >> 3] & (1 << UInt8(index & 7)) != 0
    }
}
