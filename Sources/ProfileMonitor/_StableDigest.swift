/// FNV-1a 64 over UTF-8 text, as 16 hex digits: a digest that is the same in every process
/// (Swift's `Hasher` is seeded per process), for the state file's revisions.
enum _StableDigest {
    static func digest(_ text: String) -> String { digest(Array(text.utf8)) }

    static func digest(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
