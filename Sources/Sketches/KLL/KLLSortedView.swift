/// The retained items of a ``KLLSketch`` in ascending order with their cumulative weights: the
/// structure every quantile, rank, CDF and PMF query reads.
///
/// Build it once with ``KLLSketch/sortedView()`` to answer many queries cheaply. It is a
/// snapshot: later updates to the sketch do not change it.
public struct KLLSortedView<Item: KLLItem>: Sendable {
    /// The retained items, ascending. Equal items from lower levels come first.
    public let items: [Item]
    /// `cumulativeWeights[i]` is the total weight of `items[0...i]` (inclusive); the last equals
    /// ``n``.
    public let cumulativeWeights: [UInt64]
    /// The number of items the sketch has seen (the total weight).
    public let n: Int
    /// The tracked minimum of the stream.
    public let minItem: Item
    /// The tracked maximum of the stream.
    public let maxItem: Item
    /// The rules used when a query does not name any.
    public let defaultRules: KLLQueryRules

    init(sketch: KLLSketch<Item>) {
        precondition(!sketch.isEmpty, "sorted view of an empty sketch")
        let levels = sketch.bufferLevels
        var merged = [Item]()
        var weights = [UInt64]()
        merged.reserveCapacity(sketch.numRetained)
        weights.reserveCapacity(sketch.numRetained)
        var levelZero = Array(sketch.items[levels[0]..<levels[1]])
        if !sketch.isLevelZeroSorted { levelZero.sort() }
        merged.append(contentsOf: levelZero)
        weights.append(contentsOf: repeatElement(1, count: levelZero.count))
        for h in 1..<sketch.numLevels where levels[h + 1] > levels[h] {
            let weight = UInt64(1) << UInt64(h)
            var nextItems = [Item]()
            var nextWeights = [UInt64]()
            nextItems.reserveCapacity(merged.count + levels[h + 1] - levels[h])
            nextWeights.reserveCapacity(nextItems.capacity)
            var a = 0
            var b = levels[h]
            let bEnd = levels[h + 1]
            // Stable: entries already present come first on ties.
            while a < merged.count && b < bEnd {
                if sketch.items[b] < merged[a] {
                    nextItems.append(sketch.items[b])
                    nextWeights.append(weight)
                    b += 1
                } else {
                    nextItems.append(merged[a])
                    nextWeights.append(weights[a])
                    a += 1
                }
            }
            while a < merged.count {
                nextItems.append(merged[a])
                nextWeights.append(weights[a])
                a += 1
            }
            while b < bEnd {
                nextItems.append(sketch.items[b])
                nextWeights.append(weight)
                b += 1
            }
            merged = nextItems
            weights = nextWeights
        }
        var total: UInt64 = 0
        for i in weights.indices {
            total &+= weights[i]
            weights[i] = total
        }
        items = merged
        cumulativeWeights = weights
        n = sketch.n
        minItem = sketch.minValue
        maxItem = sketch.maxValue
        defaultRules = sketch.defaultQueryRules
    }

    /// The first index whose cumulative weight (exclusive or inclusive) satisfies `predicate`,
    /// or the last index if none does. The cumulative weights are nondecreasing and `predicate`
    /// is monotone.
    private func firstIndex(exclusive: Bool, where predicate: (UInt64) -> Bool) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let mid = (low + high) / 2
            let weight = exclusive ? (mid == 0 ? 0 : cumulativeWeights[mid - 1]) : cumulativeWeights[mid]
            if predicate(weight) { high = mid } else { low = mid + 1 }
        }
        return low == items.count ? items.count - 1 : low
    }

    /// The approximate item at a normalized rank.
    ///
    /// - Parameters:
    ///   - rank: a normalized rank in 0...1 (outside that range is a programmer error and traps).
    ///   - inclusive: whether the rank counts the returned item's own weight (see
    ///     ``KLLQueryRules`` for the exact search each library performs).
    ///   - rules: the library semantics; defaults to ``defaultRules``.
    /// - Returns: a retained item, or (whylogs rules, rank 0 or 1) the tracked min or max.
    /// - Complexity: O(log retained).
    public func quantile(atRank rank: Double, inclusive: Bool = false, rules: KLLQueryRules? = nil) -> Item {
        precondition((0...1).contains(rank), "KLL rank must be in 0...1, got \(rank)")
        let total = Double(n)
        switch rules ?? defaultRules {
        case .datasketches5:
            if inclusive {
                let w = UInt64((rank * total).rounded(.up))
                return items[firstIndex(exclusive: false) { $0 >= w }]
            } else {
                let w = UInt64(rank * total)
                return items[firstIndex(exclusive: false) { $0 > w }]
            }
        case .whylogsSketching:
            if rank == 0 { return minItem }
            if rank == 1 { return maxItem }
            let w = UInt64(rank * total)
            return items[firstIndex(exclusive: !inclusive) { $0 >= w }]
        }
    }

    /// The total weight of the retained items `< item` (exclusive) or `≤ item` (inclusive).
    func cumulativeWeight(of item: Item, inclusive: Bool) -> UInt64 {
        var low = 0
        var high = items.count
        while low < high {
            let mid = (low + high) / 2
            let below = inclusive ? !(item < items[mid]) : items[mid] < item
            if below { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? 0 : cumulativeWeights[low - 1]
    }

    /// The approximate normalized rank of an item: the fraction of the stream `< item`
    /// (exclusive) or `≤ item` (inclusive). The same under both ``KLLQueryRules``.
    ///
    /// - Parameters:
    ///   - item: any value (NaN is a programmer error and traps).
    ///   - inclusive: whether items equal to `item` count.
    /// - Returns: a rank in 0...1.
    /// - Complexity: O(log retained).
    public func rank(of item: Item, inclusive: Bool = false) -> Double {
        precondition(!item.isNaN, "KLL rank of NaN")
        return Double(cumulativeWeight(of: item, inclusive: inclusive)) / Double(n)
    }

    /// The approximate cumulative distribution at split points: `[rank(s₁), …, rank(sₘ), 1]`.
    ///
    /// - Parameters:
    ///   - splitPoints: strictly increasing, no NaN (otherwise a programmer error; traps).
    ///   - inclusive: whether each split point's own weight counts below it.
    /// - Returns: m + 1 values, the last 1.0.
    /// - Complexity: O(m log retained).
    public func cdf(splitPoints: [Item], inclusive: Bool = false) -> [Double] {
        Self.checkSplitPoints(splitPoints)
        var result = splitPoints.map { rank(of: $0, inclusive: inclusive) }
        result.append(1.0)
        return result
    }

    /// The approximate probability mass between consecutive split points.
    ///
    /// DataSketches 5.x returns the differences of ``cdf(splitPoints:inclusive:)`` (as doubles);
    /// whylogs-sketching divides each interval's total weight by n. The two can differ in the last
    /// bits (0.0040000000000000036 vs 0.004).
    ///
    /// - Parameters:
    ///   - splitPoints: strictly increasing, no NaN (otherwise a programmer error; traps).
    ///   - inclusive: `false`: intervals [sᵢ₋₁, sᵢ); `true`: (sᵢ₋₁, sᵢ].
    ///   - rules: the library semantics; defaults to ``defaultRules``.
    /// - Returns: m + 1 masses summing to 1.
    /// - Complexity: O(m log retained).
    public func pmf(splitPoints: [Item], inclusive: Bool = false, rules: KLLQueryRules? = nil) -> [Double] {
        switch rules ?? defaultRules {
        case .datasketches5:
            var buckets = cdf(splitPoints: splitPoints, inclusive: inclusive)
            var i = buckets.count - 1
            while i > 0 {
                buckets[i] -= buckets[i - 1]
                i -= 1
            }
            return buckets
        case .whylogsSketching:
            Self.checkSplitPoints(splitPoints)
            var weights = splitPoints.map { cumulativeWeight(of: $0, inclusive: inclusive) }
            weights.append(UInt64(n))
            var previous: UInt64 = 0
            return weights.map { weight in
                defer { previous = weight }
                return Double(weight - previous) / Double(n)
            }
        }
    }

    static func checkSplitPoints(_ splitPoints: [Item]) {
        for (i, point) in splitPoints.enumerated() {
            precondition(!point.isNaN, "KLL split points must not be NaN")
            if i > 0 {
                precondition(splitPoints[i - 1] < point, "KLL split points must be unique and increasing")
            }
        }
    }
}
