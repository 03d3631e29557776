/// The identifier of one prediction, returned to the client so that it can report the ground
/// truth later (``ServerHook/recordFeedback(predictionID:actual:)``): 32 lowercase hex digits of
/// randomness.
public struct PredictionID: Sendable, Hashable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    /// A new random identifier (128 bits from the system's cryptographic generator, drawn in
    /// batches).
    public init() {
        (high, low) = _RandomPool.next()
    }

    /// Parses the 32-hex-digit text form.
    ///
    /// - Returns: `nil` unless `text` is exactly 32 hex digits.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 32 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            if index < 16 { high = high << 4 | digit } else { low = low << 4 | digit }
        }
        self.high = high
        self.low = low
    }

    /// The 32 lowercase hex digits, as returned to clients and accepted by ``init(_:)``.
    public var description: String {
        Self.hexDigits(high, low)
    }

    /// Words as lowercase hex digits, 16 per word, the first word first (a prediction id's two
    /// words, a pseudonym's one).
    static func hexDigits(_ words: UInt64...) -> String {
        String(unsafeUninitializedCapacity: 16 * words.count) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for (index, word) in words.enumerated() {
                for nibble in 0..<16 {
                    buffer[16 * index + nibble] = digits.utf8Start[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)]
                }
            }
            return 16 * words.count
        }
    }
}
