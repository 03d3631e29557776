/// One message as read from the input: its metadata, its body bytes, and where they start.
struct _ArrowRawMessage: Sendable {
    var message: _ArrowMessage
    var body: [UInt8]
    /// The offset of the message's first byte (its length prefix).
    var offset: Int64
    /// The offset of the body's first byte.
    var bodyOffset: Int64
}

/// Splits an input into IPC messages (spec §2): the stream framing (the `0xFFFFFFFF`
/// continuation marker and a length, or the legacy bare length; a zero length ends the stream),
/// and the file format's `ARROW1` magic, whose footer is read and checked at the end (spec §3).
/// Each message's metadata and body are checked against ``ArrowReadLimits`` before they are read.
final class _ArrowMessageReader {
    let input: _ArrowInput
    let limits: ArrowReadLimits
    /// Whether the input is the file format (known after the first ``next()``).
    private(set) var isFile = false
    private var started = false
    private var finished = false
    private var pending: [UInt8] = []
    private static let magic: [UInt8] = Array("ARROW1".utf8)

    init(input: _ArrowInput, limits: ArrowReadLimits) {
        self.input = input
        self.limits = limits
    }

    /// Offset of the next byte to be read.
    var offset: Int64 { input.offset - Int64(pending.count) }

    private func read(exactly count: Int, what: String) throws(ArrowError) -> [UInt8] {
        if pending.isEmpty { return try input.read(exactly: count, what: what) }
        if count <= pending.count {
            let head = Array(pending.prefix(count))
            pending.removeFirst(count)
            return head
        }
        let start = offset
        var head = pending
        pending = []
        let rest = try input.read(upTo: count - head.count)
        head += rest
        guard head.count == count else {
            throw ArrowError(
                .truncated, input: input.name, field: what, expected: "\(count) bytes", actual: "\(head.count) bytes",
                offset: start)
        }
        return head
    }

    /// The next schema, dictionary or record batch message, or `nil` at the end of the stream.
    func next() throws(ArrowError) -> _ArrowRawMessage? {
        if finished { return nil }
        if !started {
            started = true
            let head = try input.read(upTo: 8)
            if head.isEmpty {
                throw ArrowError(
                    .notArrow, input: input.name, field: "input", expected: "an Arrow IPC stream or file",
                    actual: "no bytes", offset: 0)
            }
            if head.count >= 6, Array(head.prefix(6)) == Self.magic {
                guard head.count == 8 else {
                    throw ArrowError(
                        .truncated, input: input.name, field: "file magic and padding", expected: "8 bytes",
                        actual: "\(head.count) bytes", offset: 0)
                }
                isFile = true
            } else {
                pending = head
            }
        }
        let start = offset
        // spec §2.1: at a message boundary the input may end (a stream without its end marker).
        if pending.isEmpty {
            let first = try input.read(upTo: 4)
            if first.isEmpty {
                if isFile {
                    throw ArrowError(
                        .truncated, input: input.name, field: "file",
                        expected: "the end-of-stream marker and the footer",
                        actual: "the end of the input", offset: start)
                }
                finished = true
                return nil
            }
            pending = first
        }
        let prefix = try read(exactly: 4, what: "message length prefix")
        var length = Self.int32(prefix)
        var continued = false
        if length == -1 {
            continued = true
            length = Self.int32(try read(exactly: 4, what: "message length"))
        }
        if length == 0 {
            finished = true
            if isFile { try readFooter(after: offset) }
            return nil
        }
        guard length > 0, length <= limits.maximumMetadataBytes else {
            if start == (isFile ? 8 : 0) && !continued {
                throw ArrowError(
                    .notArrow, input: input.name, field: "first 4 bytes",
                    expected: "0xFFFFFFFF (an Arrow stream) or ARROW1 (an Arrow file)",
                    actual: prefix.map { String($0, radix: 16) }.joined(separator: " "), offset: start)
            }
            if length < 0 {
                throw ArrowError(
                    .malformedMetadata, input: input.name, field: "message length", expected: "≥ 0",
                    actual: "\(length)", offset: start)
            }
            throw ArrowError(
                .limitExceeded, input: input.name, field: "message metadata (maximumMetadataBytes)",
                expected: "at most \(limits.maximumMetadataBytes) bytes", actual: "\(length) bytes", offset: start)
        }
        let metadataOffset = offset
        let metadata = try read(exactly: Int(length), what: "message metadata")
        var message: _ArrowMessage
        do {
            message = try _ArrowMessage(buffer: _FlatBuffer(bytes: metadata, base: metadataOffset, what: "message"))
        } catch {
            throw error.in(input.name)
        }
        guard message.bodyLength <= Int64(limits.maximumBodyBytes) else {
            throw ArrowError(
                .limitExceeded, input: input.name, field: "message body (maximumBodyBytes)",
                expected: "at most \(limits.maximumBodyBytes) bytes", actual: "\(message.bodyLength) bytes",
                offset: metadataOffset)
        }
        let bodyOffset = offset
        let body = try read(exactly: Int(message.bodyLength), what: "message body")
        message.bodyLength = Int64(body.count)
        return _ArrowRawMessage(message: message, body: body, offset: start, bodyOffset: bodyOffset)
    }

    /// Facts from the file footer, once read.
    private(set) var footer: _ArrowFooter?

    /// Reads the file's trailer after the end-of-stream marker (spec §3): the footer, its
    /// `int32` length and the closing magic, and nothing after them.
    private func readFooter(after start: Int64) throws(ArrowError) {
        let budget = limits.maximumMetadataBytes + 10
        let rest = try read(upToEnd: budget + 1)
        guard rest.count <= budget else {
            throw ArrowError(
                .limitExceeded, input: input.name, field: "file footer (maximumMetadataBytes)",
                expected: "at most \(limits.maximumMetadataBytes) bytes", actual: "more", offset: start)
        }
        guard rest.count >= 10, Array(rest.suffix(6)) == Self.magic else {
            throw ArrowError(
                .truncated, input: input.name, field: "file trailer",
                expected: "a footer, its length and ARROW1 at the end", actual: "\(rest.count) bytes",
                offset: start + Int64(max(0, rest.count - 6)))
        }
        let footerLength = Int(Self.int32(Array(rest[rest.count - 10..<rest.count - 6])))
        guard footerLength == rest.count - 10 else {
            throw ArrowError(
                .malformedMetadata, input: input.name, field: "footer length",
                expected: "\(rest.count - 10) (the bytes between the end-of-stream marker and the length)",
                actual: "\(footerLength)", offset: start + Int64(rest.count - 10))
        }
        do {
            footer = try _ArrowFooter(
                buffer: _FlatBuffer(bytes: Array(rest.prefix(footerLength)), base: start, what: "footer"),
                limits: limits)
        } catch {
            throw error.in(input.name)
        }
    }

    private func read(upToEnd count: Int) throws(ArrowError) -> [UInt8] {
        var head = pending
        pending = []
        head += try input.read(upTo: count - head.count)
        return head
    }

    static func int32(_ bytes: [UInt8]) -> Int32 {
        Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
    }
}

extension ArrowError {
    /// This error with the input's name filled in.
    func `in`(_ input: String) -> ArrowError {
        var copy = self
        if copy.input.isEmpty { copy.input = input }
        return copy
    }
}
