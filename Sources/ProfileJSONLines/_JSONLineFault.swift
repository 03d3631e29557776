/// Why a line is not one JSON object, found by ``_JSONLineValidator``: the kind, the byte offset in
/// the line of the first byte found wrong, and what was expected and found.
struct _JSONLineFault: Error {
    var kind: JSONLinesMalformedLine.Kind
    var offset: Int
    var detail: String

    /// A syntax fault at `offset`: `expected`, got the byte there (or the end of the line).
    static func unexpected(
        _ line: UnsafeBufferPointer<UInt8>, at offset: Int, expected: String,
        kind: JSONLinesMalformedLine.Kind = .syntax
    ) -> _JSONLineFault {
        _JSONLineFault(kind: kind, offset: offset, detail: "expected \(expected), got \(describe(line, at: offset))")
    }

    /// The byte at `offset` in words: `'x'`, `byte 0x1b`, or `the end of the line`.
    static func describe(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        guard offset < line.count else { return "the end of the line" }
        let byte = line[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: false))"
    }
}
