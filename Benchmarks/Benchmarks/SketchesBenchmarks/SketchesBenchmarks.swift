// Micro-benchmarks of the Sketches module: update, merge, serialize and deserialize of each sketch,
// with wall clock, throughput and malloc counts (package-benchmark).
//
//   swift package --package-path Benchmarks benchmark
//   swift package --package-path Benchmarks benchmark --filter "KLL.*"
//
// Update benchmarks ("×1M") feed a pre-built input (the fixture LCG streams) into a fresh sketch:
// one iteration is 1,000,000 updates, reported in milliseconds, so the figure reads directly as
// nanoseconds per item. `mallocCountTotal` per iteration shows that updates do not allocate per item
// (a handful of allocations per million: growth and new compaction levels only). For the side by
// side with the C++ library on the same inputs, use bench/sketches/run.sh.
import Benchmark
import BenchmarkInputs
import Sketches

let itemCount = 1_000_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        maxDuration: .seconds(2),
        maxIterations: 50)

    let perMillion = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(3),
        maxIterations: 20)
    let doubles = BenchmarkInputs.doubles(seed: 1, count: itemCount)
    let names = BenchmarkInputs.strings(seed: 2, count: itemCount, universe: 1000)
    let regions = BenchmarkInputs.strings(seed: 3, count: itemCount, universe: 20)

    // MARK: KLL

    for k in [200, 1024] {
        Benchmark("KLL<Double> k=\(k) update ×1M", configuration: perMillion) { benchmark in
            var sketch = KLLSketch<Double>(k: k)
            for x in doubles { sketch.update(x) }
            blackHole(sketch.n)
        }
    }
    Benchmark("KLL<Float> k=200 update ×1M", configuration: perMillion) { benchmark in
        let floats = doubles.map { Float($0) }
        benchmark.startMeasurement()
        var sketch = KLLSketch<Float>(k: 200)
        for x in floats { sketch.update(x) }
        blackHole(sketch.n)
    }
    var kllA = KLLSketch<Double>(k: 200, coin: .seeded(1))
    var kllB = KLLSketch<Double>(k: 200, coin: .seeded(2))
    for (i, x) in doubles.enumerated() { if i % 2 == 0 { kllA.update(x) } else { kllB.update(x) } }
    let kllImage = kllA.serializedBytes()
    Benchmark("KLL<Double> k=200 merge (500k + 500k)", configuration: .init(maxIterations: 2000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(kllA.merging(kllB)) }
    }
    Benchmark("KLL<Double> k=200 serialize", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(kllA.serializedBytes()) }
    }
    Benchmark("KLL<Double> k=200 deserialize", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? KLLSketch<Double>(serializedBytes: kllImage)) }
    }

    // MARK: HLL

    for type in [HLLTargetType.hll4, .hll8] {
        Benchmark("HLL lg_k=12 \(type) update double ×1M", configuration: perMillion) { benchmark in
            var sketch = HLLSketch(lgK: 12, targetType: type)
            for x in doubles { sketch.update(x) }
            blackHole(sketch.estimate)
        }
    }
    Benchmark("HLL lg_k=12 HLL_4 update string ×1M", configuration: perMillion) { benchmark in
        var sketch = HLLSketch(lgK: 12, targetType: .hll4)
        for x in names { sketch.update(x) }
        blackHole(sketch.estimate)
    }
    var hllA = HLLSketch(lgK: 12)
    var hllB = HLLSketch(lgK: 12)
    for (i, x) in doubles.enumerated() { if i % 2 == 0 { hllA.update(x) } else { hllB.update(x) } }
    let hllImage = hllA.serializedBytes()
    Benchmark("HLL lg_k=12 union of two HLL_4", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations {
            var union = HLLUnion(lgMaxK: 12)
            union.update(hllA)
            union.update(hllB)
            blackHole(union.result())
        }
    }
    Benchmark("HLL lg_k=12 HLL_4 serialize compact", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(hllA.serializedBytes()) }
    }
    Benchmark("HLL lg_k=12 HLL_4 deserialize", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? HLLSketch(serializedBytes: hllImage)) }
    }

    // MARK: Frequent items

    Benchmark("Frequent strings lg_max=7 update ×1M (20 values)", configuration: perMillion) { benchmark in
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 7)
        for x in regions { sketch.update(x) }
        blackHole(sketch.maximumError)
    }
    Benchmark("Frequent strings lg_max=10 update ×1M (1000 values)", configuration: perMillion) { benchmark in
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 10)
        for x in names { sketch.update(x) }
        blackHole(sketch.maximumError)
    }
    var fiA = FrequentItemsSketch<String>(lgMaxMapSize: 10)
    var fiB = FrequentItemsSketch<String>(lgMaxMapSize: 10)
    for (i, x) in names.enumerated() { if i % 2 == 0 { fiA.update(x) } else { fiB.update(x) } }
    let fiImage = fiA.serializedBytes()
    Benchmark("Frequent strings lg_max=10 merge", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(fiA.merging(fiB)) }
    }
    Benchmark("Frequent strings lg_max=10 serialize", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(fiA.serializedBytes()) }
    }
    Benchmark("Frequent strings lg_max=10 deserialize", configuration: .init(maxIterations: 10000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? FrequentItemsSketch<String>(serializedBytes: fiImage)) }
    }
}
