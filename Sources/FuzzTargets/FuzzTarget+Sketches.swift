import Sketches

extension FuzzTarget {
    /// Decodes a KLL image of either item type; an accepted sketch must answer queries within its
    /// range, re-encode to an image that decodes to the same bytes, and merge with itself.
    static func decodeKLL(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let image = try? AnyKLLSketch(serializedBytes: bytes) else { return }
        switch image {
        case .float(let sketch): try checkKLL(sketch)
        case .double(let sketch): try checkKLL(sketch)
        }
    }

    private static func checkKLL<Item: KLLItem>(_ sketch: KLLSketch<Item>) throws(FuzzFailure) {
        let ranks = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]
        if let quantiles = sketch.quantiles(atRanks: ranks), let low = sketch.minItem, let high = sketch.maxItem {
            guard zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw FuzzFailure(.kllSketch, "quantiles \(quantiles) at ranks \(ranks) decrease")
            }
            guard quantiles.allSatisfy({ $0 >= low && $0 <= high }) else {
                throw FuzzFailure(.kllSketch, "quantiles \(quantiles) outside [\(low), \(high)]")
            }
            let middle = sketch.rank(of: quantiles[3]) ?? -1
            guard middle >= 0, middle <= 1 else { throw FuzzFailure(.kllSketch, "rank \(middle) outside [0, 1]") }
        } else if !sketch.isEmpty {
            throw FuzzFailure(.kllSketch, "a sketch of n = \(sketch.n) answers no quantiles")
        }
        let image = sketch.serializedBytes()
        guard let again = try? KLLSketch<Item>(serializedBytes: image) else {
            throw FuzzFailure(.kllSketch, "the re-encoded image (\(image.count) bytes) does not decode")
        }
        guard again.serializedBytes() == image else {
            throw FuzzFailure(.kllSketch, "re-encoding the re-decoded sketch gives other bytes")
        }
        let merged = sketch.merging(sketch)
        guard merged.n == 2 * sketch.n else {
            throw FuzzFailure(.kllSketch, "merging a sketch of n = \(sketch.n) with itself gives n = \(merged.n)")
        }
    }

    /// Decodes an HLL image; an accepted sketch must give a finite estimate and ordered bounds,
    /// re-encode to images that decode to the same registers and estimate, and union with itself.
    static func decodeHLL(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let sketch = try? HLLSketch(serializedBytes: bytes) else { return }
        let estimate = sketch.estimate
        let low = sketch.lowerBound(standardDeviations: 2)
        let high = sketch.upperBound(standardDeviations: 2)
        // An in-order sketch's HIP estimate lies between its bounds. An out-of-order sketch's
        // composite estimate is a function of registers that may be adversarial, and can fall
        // below the non-zero registers that floor both bounds: only its bounds' order is checked.
        guard estimate.isFinite, estimate >= 0, low <= high, estimate <= high,
            sketch.isOutOfOrder || low <= estimate
        else {
            throw FuzzFailure(.hllSketch, "estimate \(estimate) with 2σ bounds [\(low), \(high)]")
        }
        // Coupon tables and the HLL_4 exception table are hash tables whose layout depends on
        // insertion order, so a second encoding may order them differently: the decoded state,
        // not the bytes, must survive.
        for compact in [true, false] {
            let image = sketch.serializedBytes(compact: compact)
            guard let again = try? HLLSketch(serializedBytes: image) else {
                throw FuzzFailure(.hllSketch, "the re-encoded image (compact: \(compact)) does not decode")
            }
            guard again.mode == sketch.mode, again.lgK == sketch.lgK, again.registerValues == sketch.registerValues,
                again.estimate == sketch.estimate || (again.estimate.isNaN && sketch.estimate.isNaN)
            else {
                throw FuzzFailure(
                    .hllSketch, "the re-encoded image (compact: \(compact)) decodes to \(again), not \(sketch)")
            }
        }
        var union = HLLUnion(lgMaxK: 12)
        union.update(sketch)
        union.update(sketch)
        guard union.estimate.isFinite, union.estimate >= 0 else {
            throw FuzzFailure(.hllSketch, "the union of a sketch with itself estimates \(union.estimate)")
        }
    }

    /// Decodes a frequent-strings image; an accepted sketch must report rows whose bounds bracket
    /// their estimates, re-encode to an image that decodes to the same bytes, and merge with itself.
    static func decodeFrequentItems(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let sketch = try? FrequentItemsSketch<String>(serializedBytes: bytes) else { return }
        for errorType in [FrequentItemsErrorType.noFalsePositives, .noFalseNegatives] {
            for row in sketch.frequentItems(errorType: errorType)
            where !(row.lowerBound <= row.estimate && row.estimate <= row.upperBound) {
                throw FuzzFailure(
                    .frequentItemsSketch,
                    "row \(row.item.debugDescription): estimate \(row.estimate) outside [\(row.lowerBound), \(row.upperBound)]"
                )
            }
        }
        let image = sketch.serializedBytes()
        guard let again = try? FrequentItemsSketch<String>(serializedBytes: image) else {
            throw FuzzFailure(.frequentItemsSketch, "the re-encoded image (\(image.count) bytes) does not decode")
        }
        // The map is a hash table whose layout depends on insertion order: compare what it holds.
        func contents(_ sketch: FrequentItemsSketch<String>) -> [String: UInt64] {
            Dictionary(sketch.trackedItems.map { ($0.item, $0.weight) }, uniquingKeysWith: +)
        }
        guard again.totalWeight == sketch.totalWeight, again.maximumError == sketch.maximumError,
            again.lgMaxMapSize == sketch.lgMaxMapSize, contents(again) == contents(sketch)
        else {
            throw FuzzFailure(.frequentItemsSketch, "the re-encoded image decodes to another sketch")
        }
        let merged = sketch.merging(sketch)
        let (doubled, overflow) = sketch.totalWeight.multipliedReportingOverflow(by: 2)
        guard overflow || merged.totalWeight == doubled else {
            throw FuzzFailure(
                .frequentItemsSketch,
                "merging a sketch of weight \(sketch.totalWeight) with itself gives \(merged.totalWeight)")
        }
    }
}
