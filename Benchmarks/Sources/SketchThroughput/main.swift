// Per-item update cost of Sketchbook's sketches on the fixture streams, printed as
// "<name> <ns per item>" per repetition: the same inputs, names and format as
// bench/sketches/native_bench.cpp, so bench/sketches/run.sh can put the two side by side.
//
// usage: SketchThroughput N REPS [NAME-SUBSTRING]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sketches

struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

func doubles(seed: UInt64, count: Int) -> [Double] {
    var g = LCG(state: seed)
    return (0..<count).map { _ in Double(Int64((g.next() >> 11) % 2_000_001) - 1_000_000) / 64 }
}

func strings(seed: UInt64, count: Int, universe: UInt64) -> [String] {
    var g = LCG(state: seed)
    return (0..<count).map { _ in
        let a = (g.next() >> 11) % universe
        let b = (g.next() >> 11) % (a + 1)
        return "item-\(b)"
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

nonisolated(unsafe) var filter = ""  // set once in main() before any benchmark runs

func run(_ name: String, count: Int, repetitions: Int, _ body: () -> Void) {
    guard filter.isEmpty || name.contains(filter) else { return }
    for _ in 0..<repetitions {
        let start = now()
        body()
        let elapsed = now() - start
        print(name, formatted(elapsed / Double(count)))
        fflush(nil)
    }
}

func formatted(_ nanoseconds: Double) -> String {
    let scaled = (nanoseconds * 1000).rounded() / 1000
    return "\(scaled)"
}

func main() {
    let arguments = CommandLine.arguments
    let count = arguments.count > 1 ? Int(arguments[1]) ?? 5_000_000 : 5_000_000
    let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
    filter = arguments.count > 3 ? arguments[3] : ""
    let xs = doubles(seed: 1, count: count)
    let floats = xs.map { Float($0) }
    let names = strings(seed: 2, count: count, universe: 1000)
    let regions = strings(seed: 3, count: count, universe: 20)

    run("kll_double_k200_update", count: count, repetitions: repetitions) {
        var sketch = KLLSketch<Double>(k: 200)
        for x in xs { sketch.update(x) }
        blackHole(sketch.maxItem)
    }
    run("kll_float_k200_update", count: count, repetitions: repetitions) {
        var sketch = KLLSketch<Float>(k: 200)
        for x in floats { sketch.update(x) }
        blackHole(sketch.maxItem)
    }
    run("hll_lg12_hll4_double_update", count: count, repetitions: repetitions) {
        var sketch = HLLSketch(lgK: 12, targetType: .hll4)
        for x in xs { sketch.update(x) }
        blackHole(sketch.estimate)
    }
    run("hll_lg12_hll8_double_update", count: count, repetitions: repetitions) {
        var sketch = HLLSketch(lgK: 12, targetType: .hll8)
        for x in xs { sketch.update(x) }
        blackHole(sketch.estimate)
    }
    run("hll_lg12_hll4_string_update", count: count, repetitions: repetitions) {
        var sketch = HLLSketch(lgK: 12, targetType: .hll4)
        for x in names { sketch.update(x) }
        blackHole(sketch.estimate)
    }
    run("fi_lg7_string_update", count: count, repetitions: repetitions) {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        for x in regions { sketch.update(x) }
        blackHole(sketch.maximumError)
    }
    run("fi_lg10_string_update", count: count, repetitions: repetitions) {
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 10)
        for x in names { sketch.update(x) }
        blackHole(sketch.maximumError)
    }
}

main()
