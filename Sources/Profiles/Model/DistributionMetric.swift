public import Sketches

/// The `distribution` metric (whylogs `DistributionMetric`): a KLL doubles sketch of the numeric
/// values with the exact mean and sum of squared deviations (`m2`).
///
/// Numbers enter as whylogs feeds them (spec §2.4): each part of a batch with more than one value
/// is combined with Chan's parallel formula (its mean and m2 computed as numpy does), a part with
/// one value with Welford's update; the running count is the KLL's n at the start of the batch.
public struct DistributionMetric: Sendable {
    /// The sketch of the values (whylogs layout; k 1024 by default).
    public var kll: KLLSketch<Double>
    /// The mean of the values (`distribution/mean`); 0 when empty, NaN after a NaN or mixed ±∞.
    public var mean: Double
    /// The sum of squared deviations from the mean (`distribution/m2`).
    public var m2: Double

    /// The metric's namespace, `"distribution"`.
    public static let namespace = "distribution"
    /// whylogs' default sketch size (`kll_k_large`).
    public static let defaultK = 1024
    /// The largest chunk of booleans whylogs folds in at once.
    static let boolChunkSize = 1000

    /// An empty metric.
    ///
    /// - Parameters:
    ///   - k: the KLL sketch size (1024 in whylogs; 256 in unicode-range submetrics).
    ///   - coin: the sketch's compaction coin.
    public init(k: Int = DistributionMetric.defaultK, coin: KLLCompactionCoin = .system) {
        self.kll = KLLSketch(k: k, layout: .whylogs, coin: coin)
        self.mean = 0
        self.m2 = 0
    }

    /// A metric from its components.
    public init(kll: KLLSketch<Double>, mean: Double, m2: Double) {
        self.kll = kll
        self.mean = mean
        self.m2 = m2
    }

    /// The number of values: the sketch's n.
    public var n: Int { kll.n }

    /// The sample standard deviation as whylogs reports it: 0 when n ≤ 1, else `sqrt(m2 / (n − 1))`.
    public var stddev: Double {
        let count = n
        return count <= 1 ? 0 : (m2 / Double(count - 1)).squareRoot()
    }

    // MARK: - Updates (one call = one part of a batch)

    /// Adds one value as a row does: the sketch ignores NaN, Welford's update does not (a NaN makes
    /// the mean NaN, as in whylogs).
    ///
    /// - Parameter value: the value.
    /// - Complexity: amortized O(log k).
    public mutating func update(_ value: Double) {
        let count = kll.n
        kll.update(value)
        welford(count: count, value)
    }

    /// Adds a batch of floating-point values that are not NaN (numpy's float array of a batch).
    ///
    /// - Parameter values: the values, in feeding order.
    /// - Complexity: O(count) plus the sketch updates.
    public mutating func update(doubles values: UnsafeBufferPointer<Double>) {
        let count = kll.n
        kll.update(contentsOf: values)
        combine(count: count, part: values)
    }

    /// Adds a batch of integers (numpy's int array of a batch), as doubles.
    ///
    /// - Parameter values: the values, in feeding order.
    /// - Complexity: O(count) plus the sketch updates.
    public mutating func update(ints values: UnsafeBufferPointer<Int64>) {
        let count = kll.n
        withUnsafeTemporaryAllocation(of: Double.self, capacity: values.count) { doubles in
            for index in values.indices { doubles[index] = Double(values[index]) }
            let converted = UnsafeBufferPointer(doubles)
            kll.update(contentsOf: converted)
            combine(count: count, part: converted)
        }
    }

    /// Adds a batch's booleans: the `true`s as 1.0, then the `false`s as 0.0, each in chunks of at
    /// most 1000 combined like a list part.
    ///
    /// - Parameters:
    ///   - trueCount: the number of `true`s.
    ///   - falseCount: the number of `false`s.
    /// - Complexity: O(trueCount + falseCount) sketch updates.
    public mutating func update(trueCount: Int, falseCount: Int) {
        updateBooleanChunks(value: 1, total: trueCount)
        updateBooleanChunks(value: 0, total: falseCount)
    }

    private mutating func updateBooleanChunks(value: Double, total: Int) {
        var remaining = total
        while remaining > 0 {
            let chunk = Swift.min(remaining, Self.boolChunkSize)
            let count = kll.n
            for _ in 0..<chunk { kll.update(value) }
            if chunk == 1 {
                welford(count: count, value)
            } else {
                chan(count: count, part: chunk, partMean: value, partM2: 0)
            }
            remaining -= chunk
        }
    }

    @inline(__always)
    mutating func combine(count: Int, part: UnsafeBufferPointer<Double>) {
        if part.count > 1 {
            let (partMean, partM2) = _NumpySum.meanAndM2(part)
            chan(count: count, part: part.count, partMean: partMean, partM2: partM2)
        } else if part.count == 1 {
            welford(count: count, part[0])
        }
    }

    mutating func welford(count: Int, _ value: Double) {
        let newCount = Double(count + 1)
        let delta = value - mean
        mean += delta / newCount
        m2 += delta * (value - mean)
    }

    mutating func chan(count: Int, part: Int, partMean: Double, partM2: Double) {
        let na = Double(count)
        let nb = Double(part)
        let total = na + nb
        let delta = partMean - mean
        let newMean = (mean * na + partMean * nb) / total
        m2 = m2 + partM2 + delta * delta * na * nb / total
        mean = newMean
    }

    // MARK: - Merge

    /// Merges another metric (spec §3): the sketches merge; mean and m2 combine with each side's n
    /// from its sketch; both stay 0 when both sides are empty.
    ///
    /// - Parameter other: the metric to merge.
    /// - Complexity: O(retained items of both sketches).
    public mutating func merge(_ other: DistributionMetric) {
        let na = Double(kll.n)
        let nb = Double(other.kll.n)
        let total = na + nb
        if total == 0 {
            mean = 0
            m2 = 0
        } else {
            let delta = other.mean - mean
            let newM2 = m2 + other.m2 + delta * delta * na * nb / total
            let newMean = (na / total) * mean + (nb / total) * other.mean
            m2 = newM2
            mean = newMean
        }
        kll.merge(other.kll)
    }
}
