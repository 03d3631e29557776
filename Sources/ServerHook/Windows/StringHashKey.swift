/// The secret key of ``ServerHookConfiguration/hashedStringColumns``: 128 bits, never all zero.
///
/// Generate one once (`openssl rand -hex 16`), keep it with your other secrets, and give every
/// instance the same key so that their windows merge. The key is never printed: its
/// `description`, `debugDescription` and reflection show `StringHashKey(redacted)`.
public struct StringHashKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Bytes 0–7 and 8–15 of the key, little-endian (SipHash's k0 and k1).
    let k0: UInt64
    let k1: UInt64

    /// A key from 16 bytes.
    ///
    /// - Parameter bytes: the key, exactly 16 bytes.
    /// - Throws: ``ServerHookError`` (``ServerHookError/Code/invalidConfiguration``, field
    ///   `string hash key`) if `bytes` is not 16 bytes long or is all zero (a key anyone can guess).
    public init(bytes: some Collection<UInt8>) throws(ServerHookError) {
        let bytes = Array(bytes)
        guard bytes.count == 16 else {
            throw ServerHookError(
                .invalidConfiguration, field: "string hash key", expected: "16 bytes (128 bits)",
                actual: "\(bytes.count) bytes")
        }
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        for index in 0..<8 {
            k0 |= UInt64(bytes[index]) << (8 * UInt64(index))
            k1 |= UInt64(bytes[index + 8]) << (8 * UInt64(index))
        }
        guard k0 != 0 || k1 != 0 else {
            throw ServerHookError(
                .invalidConfiguration, field: "string hash key", expected: "a secret random key",
                actual: "all zero")
        }
        self.k0 = k0
        self.k1 = k1
    }

    /// A key from 32 hex digits (as `openssl rand -hex 16` prints it).
    ///
    /// - Parameter hexDigits: 32 hex digits, either case.
    /// - Throws: ``ServerHookError`` (field `string hash key`) for other text or an all-zero key;
    ///   the message never repeats the text.
    public init(hexDigits: some StringProtocol) throws(ServerHookError) {
        let digits = Array(hexDigits.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var index = 0
        while digits.count == 32 && index < 32 {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { break }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard bytes.count == 16 else {
            throw ServerHookError(
                .invalidConfiguration, field: "string hash key", expected: "32 hex digits (128 bits)",
                actual: "\(digits.count) characters" + (digits.count == 32 ? ", not all hex digits" : ""))
        }
        try self.init(bytes: bytes)
    }

    /// `StringHashKey(redacted)`: never the key.
    public var description: String { "StringHashKey(redacted)" }
    /// `StringHashKey(redacted)`, as ``description``.
    public var debugDescription: String { description }
    /// A mirror with no children, so that `dump` and debuggers show no key material.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
