/// The source of the random bit each KLL compaction draws to choose which half of a level
/// survives.
///
/// The bit is the only non-determinism in KLL: the structure of a sketch (n, levels, min_k, byte
/// length) does not depend on it, only which items survive. DataSketches draws the bit from a
/// clock-seeded Mersenne Twister that cannot be seeded from Python; a validation build
/// (`KLL_VALIDATION`) alternates 0, 1, 0, … instead.
///
/// The coin is a value: copying a sketch copies its coin state, so a copy of a seeded sketch
/// draws the same bits as the original.
public struct KLLCompactionCoin: Sendable {
    @usableFromInline enum Source: Sendable { case system, seeded, alternating }

    @usableFromInline var source: Source
    /// SplitMix64 state (seeded source; unused otherwise).
    @usableFromInline var state: UInt64
    /// Unused random bits, consumed from the low end.
    @usableFromInline var buffer: UInt64 = 0
    @usableFromInline var bitsLeft: Int = 0

    @usableFromInline init(source: Source, state: UInt64) {
        self.source = source
        self.state = state
    }

    /// Fresh bits from `SystemRandomNumberGenerator` (the default; like DataSketches).
    public static var system: KLLCompactionCoin { KLLCompactionCoin(source: .system, state: 0) }

    /// Deterministic bits from a SplitMix64 generator started at `seed`.
    ///
    /// - Parameter seed: any value; equal seeds give equal bit sequences.
    /// - Returns: a coin whose draws repeat for the same seed.
    public static func seeded(_ seed: UInt64) -> KLLCompactionCoin {
        KLLCompactionCoin(source: .seeded, state: seed)
    }

    /// The bits 0, 1, 0, 1, … (as the DataSketches `KLL_VALIDATION` build).
    public static var alternating: KLLCompactionCoin { KLLCompactionCoin(source: .alternating, state: 0) }

    /// Draws the next bit.
    ///
    /// - Returns: 0 or 1.
    /// - Complexity: O(1); the sources produce 64 bits at a time.
    @inlinable public mutating func flip() -> Int {
        if bitsLeft == 0 { refill() }
        let bit = Int(buffer & 1)
        buffer >>= 1
        bitsLeft -= 1
        return bit
    }

    /// Loads the next 64 bits. Kept out of line so that ``flip()`` stays small.
    @usableFromInline mutating func refill() {
        buffer = nextWord()
        bitsLeft = 64
    }

    @usableFromInline mutating func nextWord() -> UInt64 {
        switch source {
        case .system:
            var generator = SystemRandomNumberGenerator()
            return generator.next()
        case .seeded:
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        case .alternating:
            // Read from the low end: 0, 1, 0, 1, …
            return 0xAAAA_AAAA_AAAA_AAAA
        }
    }
}
