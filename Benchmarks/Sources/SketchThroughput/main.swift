import BenchmarkInputs
import Profiles
import Sketches

// Per-item update cost and per-operation merge/serialize/deserialize cost of Sketchbook's sketches
// on the fixture streams, printed as "<name> <ns>" per repetition: the same inputs, names and format
// as bench/sketches/native_bench.cpp, so bench/sketches/run.sh can put the two side by side.
//
// usage: SketchThroughput N REPS [NAME-SUBSTRING]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    let xs = BenchmarkInputs.doubles(seed: 1, count: count)
    let floats = xs.map { Float($0) }
    let names = BenchmarkInputs.strings(seed: 2, count: count, universe: 1000)
    let regions = BenchmarkInputs.strings(seed: 3, count: count, universe: 20)

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

    // The profile layer: whole typed columns logged into a whylogs-standard profile, per value.
    // Compare with the raw sketch updates above: an integral column feeds KLL + HLL + frequent
    // items (its values formatted as strings), a fractional one KLL + HLL, a string one HLL +
    // frequent items. The SketchThroughput-only rows have no C++ counterpart.
    let ints = xs.map { Int64($0) }
    let optionalNames: [String?] = names
    run("profile_ints_column_log", count: count, repetitions: repetitions) {
        var profile = DatasetProfile()
        profile.log(column: "i", ints: ints)
        blackHole(profile.columns.count)
    }
    run("profile_doubles_column_log", count: count, repetitions: repetitions) {
        var profile = DatasetProfile()
        profile.log(column: "d", doubles: xs)
        blackHole(profile.columns.count)
    }
    run("profile_strings_column_log", count: count, repetitions: repetitions) {
        var profile = DatasetProfile()
        profile.log(column: "s", strings: optionalNames)
        blackHole(profile.columns.count)
    }

    // Per-operation costs on sketches of count/2 items each (merge: copy of A, then merge B).
    var kllA = KLLSketch<Double>(k: 200)
    var kllB = KLLSketch<Double>(k: 200)
    var hllA = HLLSketch(lgK: 12)
    var hllB = HLLSketch(lgK: 12)
    var fiA = FrequentItemsSketch<String>(lgMaxMapSize: 10)
    var fiB = FrequentItemsSketch<String>(lgMaxMapSize: 10)
    for i in 0..<count {
        if i % 2 == 0 {
            kllA.update(xs[i])
            hllA.update(xs[i])
            fiA.update(names[i])
        } else {
            kllB.update(xs[i])
            hllB.update(xs[i])
            fiB.update(names[i])
        }
    }
    let operations = 2000
    let kllImage = kllA.serializedBytes()
    let hllImage = hllA.serializedBytes()
    let fiImage = fiA.serializedBytes()
    run("kll_double_k200_merge_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(kllA.merging(kllB).n) }
    }
    run("kll_double_k200_serialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(kllA.serializedBytes().count) }
    }
    run("kll_double_k200_deserialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(try? KLLSketch<Double>(serializedBytes: kllImage).n) }
    }
    run("hll_lg12_hll4_union_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations {
            var union = HLLUnion(lgMaxK: 12)
            union.update(hllA)
            union.update(hllB)
            blackHole(union.result(targetType: .hll4).estimate)
        }
    }
    run("hll_lg12_hll4_serialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(hllA.serializedBytes().count) }
    }
    run("hll_lg12_hll4_deserialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(try? HLLSketch(serializedBytes: hllImage).estimate) }
    }
    run("fi_lg10_merge_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(fiA.merging(fiB).totalWeight) }
    }
    run("fi_lg10_serialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(fiA.serializedBytes().count) }
    }
    run("fi_lg10_deserialize_op", count: operations, repetitions: repetitions) {
        for _ in 0..<operations { blackHole(try? FrequentItemsSketch<String>(serializedBytes: fiImage).totalWeight) }
    }
}

main()
