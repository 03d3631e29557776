import Sketches

/// A histogram of one numeric column, read from its KLL sketch: bins over the column's
/// [min, max] with the count of values the sketch puts in each.
///
/// Bin `i` is `[edges[i], edges[i + 1])`, the last one closed (`[edges[m - 1], max]`). The counts
/// are the sketch's weights (`pmf` × n), so they add up to n; in estimation mode each is off from
/// the true count by at most ``errorBound`` with 99% confidence (the sketch's double-sided
/// normalized rank error × n); a sketch that still holds every value (not in estimation mode)
/// gives exact counts and an error bound of 0.
struct ColumnHistogram: Sendable, Hashable {
    /// The bin edges: the column's min first, its max last; one more than ``counts``.
    var edges: [Double]
    /// The count of each bin.
    var counts: [Int64]
    /// The number of values the sketch has seen.
    var n: Int
    /// The largest error of one bin's count at 99% confidence (0 when the counts are exact).
    var errorBound: Double
    /// Whether each bin holds one integer (`[k, k + 1)`), for an integral column with a narrow range.
    var perInteger: Bool

    /// The most bins drawn (an integral column with at most this many distinct integers between
    /// its min and max gets one bin per integer).
    static let maximumBins = 20

    /// The histogram of `sketch`.
    ///
    /// - Parameters:
    ///   - sketch: the column's distribution sketch.
    ///   - integral: whether every value is an integer (then a narrow range gets one bin per integer).
    ///   - maximumBins: the most bins.
    /// - Returns: the histogram, or `nil` when the sketch is empty or its min or max is infinite
    ///   (no finite range to cut into bins).
    /// - Complexity: O(retained · levels + bins · log retained).
    init?(_ sketch: KLLSketch<Double>, integral: Bool, maximumBins: Int = Self.maximumBins) {
        precondition(maximumBins >= 1, "a histogram needs at least one bin")
        guard let low = sketch.minItem, let high = sketch.maxItem, low.isFinite, high.isFinite else { return nil }
        let n = sketch.n
        let bound = sketch.isEstimationMode ? sketch.normalizedRankError(pmf: true) * Double(n) : 0
        self.n = n
        errorBound = bound
        perInteger = false
        if low == high {
            edges = [low, high]
            counts = [Int64(n)]
            return
        }
        // Integers are exact in a double up to 2^53; past it `k + 1` may round back to `k`, and
        // the edges must increase.
        if integral, low == low.rounded(), high == high.rounded(), high - low < Double(maximumBins),
            Swift.max(abs(low), abs(high)) < 0x1p52
        {
            // One bin per integer: [k, k + 1).
            edges = (0...Int(high - low) + 1).map { low + Double($0) }
            perInteger = true
        } else {
            // Equal widths; `low·(1 − t) + high·t` stays finite when `high − low` overflows.
            let span = high - low
            var cuts = [low]
            for index in 1..<maximumBins {
                let t = Double(index) / Double(maximumBins)
                let edge = span.isFinite ? low + span * t : low * (1 - t) + high * t
                // Subnormal or tiny ranges can round two edges together: keep them increasing.
                if edge > cuts[cuts.count - 1] && edge < high { cuts.append(edge) }
            }
            cuts.append(high)
            edges = cuts
        }
        let splitPoints = Array(edges.dropFirst().dropLast())
        let masses = splitPoints.isEmpty ? [1.0] : sketch.pmf(splitPoints: splitPoints, inclusive: false) ?? []
        counts = masses.map { Int64(($0 * Double(n)).rounded()) }
    }
}
