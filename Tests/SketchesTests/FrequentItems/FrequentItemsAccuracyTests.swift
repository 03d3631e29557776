import SketchbookTestSupport
import Testing

@testable import Sketches

/// The published guarantees, checked against exact counts over many seeded streams.
///
/// For `lgMaxMapSize ≤ 10` every purge samples all tracked items, so each purge of median `m`
/// removes at least `m · (0.375 · 2^lgMax)` of stored weight; hence `maximumError ≤ W / (0.375 ·
/// 2^lgMax) < 3.5 · W / 2^lgMax` (the a priori error) holds deterministically, for merges too when
/// every merged sketch has `lgMaxMapSize` at least the target's. No tolerance is used anywhere.
@Suite struct FrequentItemsAccuracyTests {
    /// A seeded stream: skewed over a random universe, optionally with weights 1...1000.
    struct Trial: CustomStringConvertible {
        var seed: UInt64
        var lgMax: Int
        var items: [String]
        var weights: [UInt64]

        init(seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            self.seed = seed
            lgMax = [3, 4, 5, 6, 7, 8, 9, 10][Int(rng.next() % 8)]
            let n = 2000 + Int(rng.next() % 18000)
            let universe = 10 + rng.next() % 5000
            let skewed = rng.next() % 4 != 0
            items = (0..<n).map { _ in
                let a = rng.next() % universe
                return "v\(skewed ? rng.next() % (a + 1) : a)"
            }
            let weighted = rng.next() % 3 == 0
            weights = (0..<n).map { _ in weighted ? 1 + rng.next() % 1000 : 1 }
        }

        var description: String { "seed \(seed), lgMax \(lgMax), n \(items.count)" }

        var truth: [String: UInt64] {
            var counts: [String: UInt64] = [:]
            for (item, weight) in zip(items, weights) { counts[item, default: 0] += weight }
            return counts
        }
    }

    static let seeds = Array(UInt64(1)...40)

    @Test(arguments: seeds)
    func guaranteesHoldForOneStream(_ seed: UInt64) {
        let trial = Trial(seed: seed)
        var sketch = FrequentItemsSketch<String>(lgMaxMapSize: trial.lgMax)
        for (item, weight) in zip(trial.items, trial.weights) { sketch.update(item, weight: weight) }
        checkGuarantees(sketch, truth: trial.truth, context: "\(trial)")
    }

    @Test(arguments: seeds)
    func guaranteesHoldAfterMergingPartsAndAfterARoundTrip(_ seed: UInt64) throws {
        let trial = Trial(seed: seed)
        var rng = SplitMix64(seed: seed ^ 0xabcd)
        let partCount = 2 + Int(rng.next() % 3)
        var parts: [FrequentItemsSketch<String>] = []
        for p in 0..<partCount {
            parts.append(FrequentItemsSketch(lgMaxMapSize: trial.lgMax + Int(rng.next() % 2) * (p == 0 ? 0 : 1)))
        }
        for (item, weight) in zip(trial.items, trial.weights) {
            parts[Int(rng.next() % UInt64(partCount))].update(item, weight: weight)
        }
        var merged = parts[0]
        for part in parts.dropFirst() {
            // Half the time merge a decoded copy: decoding must not change the guarantees. (Except
            // for a part whose purge dropped every item: like DataSketches we write it as the
            // 8-byte empty image, which cannot carry its weight and error; see
            // FrequentItemsTests.serializingASketchWhosePurgeDroppedEveryItemLosesItsWeight.)
            let emptiedByPurge = part.isEmpty && part.totalWeight > 0
            merged.merge(
                rng.next() % 2 == 0 || emptiedByPurge
                    ? part : try FrequentItemsSketch(serializedBytes: part.serializedBytes()))
        }
        #expect(merged.totalWeight == trial.weights.reduce(0, +), "\(trial)")
        checkGuarantees(merged, truth: trial.truth, context: "\(trial), merged from \(partCount)")
        let decoded = try FrequentItemsSketch<String>(serializedBytes: merged.serializedBytes())
        checkGuarantees(decoded, truth: trial.truth, context: "\(trial), merged and decoded")
    }

    func checkGuarantees(
        _ sketch: FrequentItemsSketch<String>, truth: [String: UInt64], context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let total = truth.values.reduce(0, +)
        #expect(sketch.totalWeight == total, "\(context)", sourceLocation: sourceLocation)
        let bound = FrequentItemsSketch<String>.aPrioriError(lgMaxMapSize: sketch.lgMaxMapSize, totalWeight: total)
        #expect(
            Double(sketch.maximumError) <= bound, "maximum error \(sketch.maximumError) > \(bound); \(context)",
            sourceLocation: sourceLocation)
        #expect(sketch.numActiveItems <= 3 << (sketch.lgMaxMapSize - 2), "\(context)", sourceLocation: sourceLocation)

        var bad = 0
        for (item, count) in truth {
            let lower = sketch.lowerBound(of: item)
            let upper = sketch.upperBound(of: item)
            if !(lower <= count && count <= upper && upper - lower == sketch.maximumError) { bad += 1 }
            if count > sketch.maximumError && lower == 0 { bad += 1 }  // every such item is tracked
        }
        for absent in ["absent", "v-1", ""] where sketch.lowerBound(of: absent) != 0 { bad += 1 }
        #expect(bad == 0, "\(bad) items outside their bounds; \(context)", sourceLocation: sourceLocation)

        let thresholds: [UInt64?] = [nil, sketch.maximumError + total / 200, total / 50, total / 10]
        for threshold in thresholds {
            let t = threshold ?? sketch.maximumError
            let positives = sketch.frequentItems(errorType: .noFalsePositives, threshold: threshold)
            let falsePositives = positives.filter { truth[$0.item, default: 0] <= t }
            #expect(
                falsePositives.isEmpty, "NFP threshold \(t): \(falsePositives.prefix(3)); \(context)",
                sourceLocation: sourceLocation)

            let negatives = Set(sketch.frequentItems(errorType: .noFalseNegatives, threshold: threshold).map(\.item))
            if t >= sketch.maximumError {
                let missed = truth.filter { $0.value > t && !negatives.contains($0.key) }
                #expect(
                    missed.isEmpty, "NFN threshold \(t) missed \(missed.prefix(3)); \(context)",
                    sourceLocation: sourceLocation)
            }
            let rows = sketch.frequentItems(errorType: .noFalseNegatives, threshold: threshold)
            #expect(
                zip(rows, rows.dropFirst()).allSatisfy { $0.estimate >= $1.estimate }, "\(context)",
                sourceLocation: sourceLocation)
        }
    }
}
