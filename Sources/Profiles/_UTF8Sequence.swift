/// The shape of a well-formed multi-byte UTF-8 sequence by its lead byte (Unicode Table 3-7): its
/// length and the range its second byte must fall in (later bytes are 0x80–0xBF), which rules out
/// overlong forms, surrogates and scalars past U+10FFFF. Shared by the ingest modules' validators.
package enum _UTF8Sequence {
    /// The length and the second byte's range for `lead`, or `nil` if `lead` cannot start a
    /// multi-byte sequence (ASCII, a continuation byte, 0xC0, 0xC1, 0xF5 and above).
    @inline(__always)
    package static func shape(lead: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
        switch lead {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: nil
        }
    }
}
