import Foundation
import SketchbookTestSupport
import Sketches
import Testing

/// Writes sketch images built by Sketchbook, with Sketchbook's own answers, for the reference
/// libraries to read back (`fixtures/datasketches/check_swift_images.py`, run by `.ci/run`).
///
/// The byte-identity tests already prove that Python reads what we write wherever the library is
/// deterministic; this export covers the rest: KLL images in estimation mode (whose retained items
/// depend on the compaction coin) in both layouts, and HLL union results.
///
/// Runs only when `SKETCHBOOK_INTEROP_DIR` names a directory to write into.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"] != nil))
struct InteropExportTests {
    static let ranks: [Double] = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]

    static func hex(_ value: Double) -> String { String(value.bitPattern, radix: 16) }

    @Test func exportImagesWithTheirAnswers() throws {
        let directory = URL(
            fileURLWithPath: try #require(ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"]))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var cases: [[String: Any]] = []

        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }

        // KLL, estimation mode, both layouts and both item types; seeded coin.
        let values = FixtureStreams.doubles(seed: 77, count: 100_000)
        for (layout, rules, label) in [
            (KLLSerializationLayout.datasketches, KLLQueryRules.datasketches5, "datasketches"),
            (.whylogs, .whylogsSketching, "whylogs"),
        ] {
            var sketch = KLLSketch<Double>(k: 200, layout: layout, coin: .seeded(77))
            values.forEach { sketch.update($0) }
            var other = KLLSketch<Double>(k: 100, layout: layout, coin: .seeded(78))
            FixtureStreams.doubles(seed: 78, count: 30_000).forEach { other.update($0) }
            sketch.merge(other)
            let file = "kll_double_\(label).sk"
            try write(file, sketch.serializedBytes())
            cases.append([
                "file": file, "family": "kll", "item_type": "double", "layout": label,
                "n": sketch.n, "k": sketch.k, "min_k": sketch.minK, "num_retained": sketch.numRetained,
                "min": Self.hex(sketch.minItem ?? .nan), "max": Self.hex(sketch.maxItem ?? .nan),
                "ranks": Self.ranks,
                "quantiles_exclusive": (sketch.quantiles(atRanks: Self.ranks, inclusive: false, rules: rules) ?? [])
                    .map(Self.hex),
                "quantiles_inclusive": (sketch.quantiles(atRanks: Self.ranks, inclusive: true, rules: rules) ?? []).map(
                    Self.hex),
            ])
        }
        var floats = KLLSketch<Float>(k: 200, coin: .seeded(79))
        values.forEach { floats.update(Float($0)) }
        try write("kll_float_datasketches.sk", floats.serializedBytes())
        cases.append([
            "file": "kll_float_datasketches.sk", "family": "kll", "item_type": "float", "layout": "datasketches",
            "n": floats.n, "k": floats.k, "min_k": floats.minK, "num_retained": floats.numRetained,
            "min": Self.hex(Double(floats.minItem ?? .nan)), "max": Self.hex(Double(floats.maxItem ?? .nan)),
            "ranks": Self.ranks,
            "quantiles_exclusive": (floats.quantiles(atRanks: Self.ranks, inclusive: false) ?? []).map {
                Self.hex(Double($0))
            },
            "quantiles_inclusive": (floats.quantiles(atRanks: Self.ranks, inclusive: true) ?? []).map {
                Self.hex(Double($0))
            },
        ])

        // HLL: every type, compact and updatable, and a union result across lg_k.
        func hllCase(_ file: String, _ sketch: HLLSketch, compact: Bool) throws {
            try write(file, sketch.serializedBytes(compact: compact))
            var answers: [String: String] = ["estimate": Self.hex(sketch.estimate)]
            for sigma in 1...3 {
                answers["lower_bound_\(sigma)"] = Self.hex(sketch.lowerBound(standardDeviations: sigma))
                answers["upper_bound_\(sigma)"] = Self.hex(sketch.upperBound(standardDeviations: sigma))
            }
            cases.append([
                "file": file, "family": "hll", "lg_k": sketch.lgK, "target_type": sketch.targetType.description,
                "mode": sketch.mode.description, "answers": answers,
            ])
        }
        let keys = FixtureStreams.int64s(seed: 81, count: 50_000)
        for type in HLLTargetType.allCases {
            var sketch = HLLSketch(lgK: 12, targetType: type)
            keys.forEach { sketch.update($0) }
            try hllCase("hll_\(type)_compact.sk", sketch, compact: true)
            try hllCase("hll_\(type)_updatable.sk", sketch, compact: false)
        }
        var union = HLLUnion(lgMaxK: 11)
        for (seed, lgK) in [(82, 12), (83, 10), (84, 13)] as [(UInt64, Int)] {
            var part = HLLSketch(lgK: lgK)
            FixtureStreams.int64s(seed: seed, count: 20_000).forEach { part.update($0) }
            union.update(part)
        }
        try hllCase("hll_union_result.sk", union.result(), compact: true)

        // Frequent items.
        var frequent = FrequentItemsSketch<String>(lgMaxMapSize: 10)
        FixtureStreams.strings(seed: 85, count: 100_000, universe: 3000).forEach { frequent.update($0) }
        try write("fi_strings.sk", frequent.serializedBytes())
        cases.append([
            "file": "fi_strings.sk", "family": "frequent_items", "num_active": frequent.numActiveItems,
            "total_weight": frequent.totalWeight, "maximum_error": frequent.maximumError,
            "no_false_positives": frequent.frequentItems(errorType: .noFalsePositives).map {
                [$0.item, $0.estimate, $0.lowerBound, $0.upperBound] as [Any]
            },
        ])

        let manifest = try JSONSerialization.data(
            withJSONObject: ["cases": cases], options: [.prettyPrinted, .sortedKeys])
        try manifest.write(to: directory.appendingPathComponent("manifest.json"))
    }
}
