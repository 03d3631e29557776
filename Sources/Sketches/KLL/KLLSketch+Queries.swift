#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

extension KLLSketch {
    /// A sorted snapshot of the retained items for answering many queries at once, or `nil` if the
    /// sketch is empty. Does not change the sketch.
    ///
    /// - Returns: the sorted view, whose default rules are ``defaultQueryRules``.
    /// - Complexity: O(retained · levels).
    @_specialize(where Item == Double)
    @_specialize(where Item == Float)
    public func sortedView() -> KLLSortedView<Item>? {
        isEmpty ? nil : KLLSortedView(sketch: self)
    }

    /// The approximate item at a normalized rank, or `nil` if the sketch is empty.
    ///
    /// Under ``KLLQueryRules/datasketches5`` ranks 0 and 1 give the smallest and largest
    /// *retained* items, which in estimation mode may differ from ``minItem``/``maxItem``; under
    /// ``KLLQueryRules/whylogsSketching`` they give the tracked min and max.
    ///
    /// - Parameters:
    ///   - rank: a normalized rank in 0...1 (outside that range is a programmer error and traps).
    ///   - inclusive: `false` (the Python default) or `true`; see ``KLLQueryRules``.
    ///   - rules: the library semantics; defaults to ``defaultQueryRules``.
    /// - Returns: the quantile, or `nil` if the sketch is empty.
    /// - Complexity: O(retained · levels) to sort a copy; use ``sortedView()`` for many queries.
    public func quantile(atRank rank: Double, inclusive: Bool = false, rules: KLLQueryRules? = nil) -> Item? {
        precondition((0...1).contains(rank), "KLL rank must be in 0...1, got \(rank)")
        return sortedView()?.quantile(atRank: rank, inclusive: inclusive, rules: rules)
    }

    /// The approximate items at several normalized ranks (one sorted copy for all), or `nil` if
    /// the sketch is empty.
    ///
    /// - Parameters:
    ///   - ranks: normalized ranks in 0...1 (outside that range is a programmer error and traps).
    ///   - inclusive: see ``quantile(atRank:inclusive:rules:)``.
    ///   - rules: the library semantics; defaults to ``defaultQueryRules``.
    /// - Returns: one quantile per rank, or `nil` if the sketch is empty.
    /// - Complexity: O(retained · levels + m log retained).
    public func quantiles(atRanks ranks: [Double], inclusive: Bool = false, rules: KLLQueryRules? = nil) -> [Item]? {
        for rank in ranks { precondition((0...1).contains(rank), "KLL rank must be in 0...1, got \(rank)") }
        guard let view = sortedView() else { return nil }
        return ranks.map { view.quantile(atRank: $0, inclusive: inclusive, rules: rules) }
    }

    /// The approximate normalized rank of an item (fraction of the stream `< item`, or `≤ item`
    /// when inclusive), or `nil` if the sketch is empty. Both ``KLLQueryRules`` agree on ranks;
    /// the parameter exists for symmetry.
    ///
    /// - Parameters:
    ///   - item: any value but NaN (a programmer error; traps).
    ///   - inclusive: whether items equal to `item` count.
    ///   - rules: ignored: ranks are the same under both rules.
    /// - Returns: a rank in 0...1, or `nil` if the sketch is empty.
    /// - Complexity: O(retained · levels).
    public func rank(of item: Item, inclusive: Bool = false, rules: KLLQueryRules? = nil) -> Double? {
        sortedView()?.rank(of: item, inclusive: inclusive)
    }

    /// The approximate CDF at split points, `[rank(s₁), …, rank(sₘ), 1]`, or `nil` if the sketch
    /// is empty.
    ///
    /// - Parameters:
    ///   - splitPoints: strictly increasing, no NaN (otherwise a programmer error; traps).
    ///   - inclusive: whether each split point's own weight counts below it.
    ///   - rules: ignored: both libraries compute the CDF from ranks.
    /// - Returns: m + 1 values, or `nil` if the sketch is empty.
    /// - Complexity: O(retained · levels + m log retained).
    public func cdf(splitPoints: [Item], inclusive: Bool = false, rules: KLLQueryRules? = nil) -> [Double]? {
        KLLSortedView<Item>.checkSplitPoints(splitPoints)
        return sortedView()?.cdf(splitPoints: splitPoints, inclusive: inclusive)
    }

    /// The approximate PMF over the intervals the split points define, or `nil` if the sketch is
    /// empty.
    ///
    /// - Parameters:
    ///   - splitPoints: strictly increasing, no NaN (otherwise a programmer error; traps).
    ///   - inclusive: `false`: intervals [sᵢ₋₁, sᵢ); `true`: (sᵢ₋₁, sᵢ].
    ///   - rules: the library semantics (they differ in the last bits; see
    ///     ``KLLSortedView/pmf(splitPoints:inclusive:rules:)``); defaults to ``defaultQueryRules``.
    /// - Returns: m + 1 masses, or `nil` if the sketch is empty.
    /// - Complexity: O(retained · levels + m log retained).
    public func pmf(splitPoints: [Item], inclusive: Bool = false, rules: KLLQueryRules? = nil) -> [Double]? {
        KLLSortedView<Item>.checkSplitPoints(splitPoints)
        return sortedView()?.pmf(splitPoints: splitPoints, inclusive: inclusive, rules: rules)
    }

    /// The normalized rank error of this sketch at 99% confidence, from ``minK``.
    ///
    /// - Parameter pmf: `false` for single rank/quantile queries (`2.296 / minK^0.9723`), `true`
    ///   for PMF/CDF masses (`2.446 / minK^0.9433`).
    /// - Returns: the error as a fraction (0.0133 for k = 200 single-sided).
    public func normalizedRankError(pmf: Bool) -> Double {
        Self.normalizedRankError(k: minK, pmf: pmf)
    }

    /// The normalized rank error at 99% confidence of a sketch with parameter k.
    ///
    /// - Parameters:
    ///   - k: the accuracy parameter (8...65535).
    ///   - pmf: `false` single-sided (`2.296 / k^0.9723`), `true` double-sided (`2.446 / k^0.9433`).
    /// - Returns: the error as a fraction.
    public static func normalizedRankError(k: Int, pmf: Bool) -> Double {
        pmf ? 2.446 / pow(Double(k), 0.9433) : 2.296 / pow(Double(k), 0.9723)
    }
}
