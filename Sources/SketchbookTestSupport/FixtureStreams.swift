/// The input streams of the DataSketches fixtures, rebuilt in Swift.
///
/// Mirrors `fixtures/datasketches/streams.py` exactly: one 64-bit LCG (Knuth's MMIX constants),
/// each draw returning the new state. Change both or neither.
public struct FixtureLCG: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

public enum FixtureStreams {
    /// Multiples of 1/64 in [-15625, 15625]; exact in `Float` and `Double`.
    public static func doubles(seed: UInt64, count: Int) -> [Double] {
        var g = FixtureLCG(seed: seed)
        return (0..<count).map { _ in Double(Int64((g.next() >> 11) % 2_000_001) - 1_000_000) / 64 }
    }

    /// The raw draws as two's-complement `Int64`.
    public static func int64s(seed: UInt64, count: Int) -> [Int64] {
        var g = FixtureLCG(seed: seed)
        return (0..<count).map { _ in Int64(bitPattern: g.next()) }
    }

    /// Skewed strings `"item-<b>"`: `a = draw % universe`, `b = draw % (a + 1)` (two draws).
    public static func strings(seed: UInt64, count: Int, universe: UInt64 = 1000) -> [String] {
        var g = FixtureLCG(seed: seed)
        return (0..<count).map { _ in
            let a = (g.next() >> 11) % universe
            let b = (g.next() >> 11) % (a + 1)
            return "item-\(b)"
        }
    }

    /// Distinct strings `"u-<16 hex digits>"`.
    public static func uniques(seed: UInt64, count: Int) -> [String] {
        var g = FixtureLCG(seed: seed)
        return (0..<count).map { _ in
            let hex = String(g.next(), radix: 16)
            return "u-" + String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}
