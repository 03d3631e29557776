/// The benchmark inputs: the fixture LCG streams (`fixtures/datasketches/streams.py`), so that
/// Sketchbook, the C++ side (`bench/sketches/native_bench.cpp`) and the fixtures see the same data.
public enum BenchmarkInputs {
    struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    /// Multiples of 1/64 in [-15625, 15625] (the `doubles` stream).
    public static func doubles(seed: UInt64, count: Int) -> [Double] {
        var g = LCG(state: seed)
        return (0..<count).map { _ in Double(Int64((g.next() >> 11) % 2_000_001) - 1_000_000) / 64 }
    }

    /// Skewed `"item-<b>"` strings (the `strings` stream).
    public static func strings(seed: UInt64, count: Int, universe: UInt64) -> [String] {
        var g = LCG(state: seed)
        return (0..<count).map { _ in
            let a = (g.next() >> 11) % universe
            let b = (g.next() >> 11) % (a + 1)
            return "item-\(b)"
        }
    }
}
