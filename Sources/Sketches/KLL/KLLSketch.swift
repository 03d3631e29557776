/// A KLL quantiles sketch over `Float` or `Double`, byte-compatible with Apache DataSketches
/// (`kll_floats_sketch`, `kll_doubles_sketch`) and with the whylogs-sketching fork.
///
/// The sketch keeps a small, weighted sample of the stream in levels: an item at level h stands
/// for 2^h input items. When the buffer fills, the lowest full level is sorted, every other item
/// (chosen by one random bit) is promoted to the level above, and the rest are dropped
/// (Karnin, Lang and Liberty, *Optimal Quantile Approximation in Streams*, FOCS 2016,
/// arXiv:1603.05346).
///
/// **Error bounds.** With 99% confidence, the normalized rank error of a single
/// ``rank(of:inclusive:rules:)`` or ``quantile(atRank:inclusive:rules:)`` answer is at most
/// `2.296 / k^0.9723` (1.33% for k = 200), and every mass of a ``pmf(splitPoints:inclusive:rules:)``
/// or ``cdf(splitPoints:inclusive:rules:)`` is within `2.446 / k^0.9433` (1.65% for k = 200). After
/// merging a sketch of smaller k, the bound follows ``minK``. See ``normalizedRankError(pmf:)``.
///
/// **Size.** About `3k` items plus a small header, independent of n (k = 200 doubles: under 5 KiB).
///
/// **Determinism.** Compactions draw a random bit from the sketch's ``KLLCompactionCoin``. The
/// bit decides which items survive, never the structure: n, the level offsets, ``minK`` and the
/// serialized length depend only on k and the sequence of updates and merges.
///
/// **Queries never change the sketch.** DataSketches sorts level 0 in place on the first query and
/// sets a flag in the image; this type sorts a copy, so ``serializedBytes(layout:)`` gives the bytes
/// the library would give without the query.
///
/// **Empty sketches.** ``minItem``, ``maxItem`` and every query return `nil` when the sketch is
/// empty (DataSketches 5.x throws; whylogs-sketching returns NaN).
public struct KLLSketch<Item: KLLItem>: Sendable {
    /// The accuracy parameter, 8...65535. Never changes, even when merging a sketch of another k.
    public let k: Int
    /// The smallest k of any estimation-mode sketch merged into this one (starts at ``k``); it
    /// governs the error bound.
    public internal(set) var minK: Int
    /// The number of items seen (NaN updates are not counted).
    public var n: Int { _n }
    /// The layout ``serializedBytes(layout:)`` writes by default. Always
    /// ``KLLSerializationLayout/datasketches`` for `Float` (setting `.whylogs` has no effect).
    public var layout: KLLSerializationLayout {
        get { _layout }
        set { _layout = Item.kllAllowsWhylogsLayout ? newValue : .datasketches }
    }
    /// The source of the compaction bits.
    public var coin: KLLCompactionCoin

    @usableFromInline var _layout: KLLSerializationLayout
    @usableFromInline var _n: Int
    /// The items buffer; its count is the total capacity of ``numLevels`` levels.
    @usableFromInline var items: ContiguousArray<Item>
    /// The first offset of level 0 (`levels[0]` in spec §3.1). Every update moves it, so it is kept
    /// apart from `levelEnds`: an update then writes one array (`items`), not two.
    @usableFromInline var levelZeroBegin: Int
    /// The end offset of each level (`levels[1...numLevels]` in the spec): level h occupies
    /// `[levelBegin(h), levelEnds[h])`, and the last offset equals `items.count`.
    @usableFromInline var levelEnds: ContiguousArray<Int>
    /// The capacity of each level for the current number of levels (parallel to `levelEnds`): a
    /// cache of ``_KLLLevels/levelCapacity(k:numLevels:height:)``, which divides.
    @usableFromInline var levelCapacities: ContiguousArray<Int>
    /// Whether level 0 is known to be sorted ascending (flag bit 1 of the image).
    @usableFromInline var isLevelZeroSorted: Bool
    /// The smallest and largest items seen; meaningless while n == 0.
    @usableFromInline var minValue: Item
    @usableFromInline var maxValue: Item

    /// Creates an empty sketch.
    ///
    /// - Parameters:
    ///   - k: the accuracy parameter, 8...65535 (default 200, the DataSketches default; whylogs uses
    ///     1024). A value outside that range is a programmer error and traps.
    ///   - layout: the layout ``serializedBytes(layout:)`` writes by default (default
    ///     ``KLLSerializationLayout/datasketches``; ignored for `Float`).
    ///   - coin: the source of compaction bits (default ``KLLCompactionCoin/system``).
    /// - Complexity: O(k).
    public init(k: Int = 200, layout: KLLSerializationLayout = .datasketches, coin: KLLCompactionCoin = .system) {
        self.init(k: k, layout: layout, coin: coin, levelZeroItems: ContiguousArray(repeating: 0, count: k))
        levelZeroBegin = k
    }

    /// An empty sketch whose items buffer is `levelZeroItems`, all of level 0 (set `levelZeroBegin`
    /// for free space). A buffer shorter than k is *unallocated*: a decoded empty or single-item
    /// sketch holds just its items, and the first update that needs room allocates the k slots
    /// (``_allocateLevelZero()``), so a small image claiming k = 65535 does not take 512 KiB.
    init(k: Int, layout: KLLSerializationLayout, coin: KLLCompactionCoin, levelZeroItems: ContiguousArray<Item>) {
        precondition(_KLLLevels.kRange.contains(k), "KLL k must be in 8...65535, got \(k)")
        self.k = k
        self.minK = k
        self._n = 0
        self._layout = Item.kllAllowsWhylogsLayout ? layout : .datasketches
        self.coin = coin
        self.items = levelZeroItems
        self.levelZeroBegin = 0
        self.levelEnds = [levelZeroItems.count]
        self.levelCapacities = [k]
        self.isLevelZeroSorted = false
        self.minValue = .nan
        self.maxValue = .nan
    }

    /// The most items a decoded image may stand for: 2^53.
    ///
    /// A stream of 2^53 items (9 · 10^15) takes over three months at a billion updates a second,
    /// beyond any real profile; n also becomes a `Double` in rank queries and in whylogs' mean and
    /// variance combination, exact only up to 2^53. Larger n in an image is rejected on decoding,
    /// so the sum of the n of up to 1024 decoded sketches cannot overflow `Int`.
    public static var maximumN: Int { 1 << 53 }

    /// The number of item slots the sketch holds (its buffer), for callers that budget memory.
    package var allocatedItemCount: Int { items.count }

    /// Whether no item has been added.
    public var isEmpty: Bool { n == 0 }

    /// Whether the sketch has compacted (more than one level), so answers are approximate.
    public var isEstimationMode: Bool { numLevels > 1 }

    /// The number of levels.
    @inlinable public var numLevels: Int { levelEnds.count }

    /// The number of items the sketch keeps.
    public var numRetained: Int { items.count - levelZeroBegin }

    /// The spec's numLevels + 1 level offsets, as DataSketches has them (and an image stores
    /// them): for a sketch whose k-slot buffer is not allocated yet (a decoded empty or
    /// single-item one), the offsets that buffer will have. Builds a new array: not for hot paths.
    var levels: ContiguousArray<Int> {
        if numLevels == 1 && items.count < levelCapacities[0] {
            return [levelCapacities[0] - items.count, levelCapacities[0]]
        }
        return bufferLevels
    }

    /// The numLevels + 1 offsets into the items buffer: level h occupies
    /// `[bufferLevels[h], bufferLevels[h+1])`, and the last offset equals its count.
    var bufferLevels: ContiguousArray<Int> {
        var offsets: ContiguousArray<Int> = [levelZeroBegin]
        offsets.append(contentsOf: levelEnds)
        return offsets
    }

    /// The first offset of level `height`.
    @inlinable func levelBegin(_ height: Int) -> Int {
        height == 0 ? levelZeroBegin : levelEnds[height - 1]
    }

    /// The smallest item seen, or `nil` if the sketch is empty.
    public var minItem: Item? { n == 0 ? nil : minValue }

    /// The largest item seen, or `nil` if the sketch is empty.
    public var maxItem: Item? { n == 0 ? nil : maxValue }

    /// The query rules of the library that writes this sketch's ``layout``: whylogs-sketching
    /// rules for the whylogs layout, DataSketches 5.x rules otherwise. The default of every query.
    public var defaultQueryRules: KLLQueryRules { layout.impliedQueryRules }

    /// Adds an item. NaN is ignored (n does not change).
    ///
    /// - Parameter item: the value to add.
    /// - Complexity: amortized O(log k); no allocation except when the sketch grows a level.
    @inlinable public mutating func update(_ item: Item) {
        if item.isNaN { return }
        if _n == 0 {
            minValue = item
            maxValue = item
        } else {
            if item < minValue { minValue = item }
            if maxValue < item { maxValue = item }
        }
        _insertAtLevelZero(item)
    }

    /// Adds items in order: the same sketch (items, compactions, coin draws) as calling
    /// ``update(_:)`` on each, with one uniqueness check and bounds check per run of level-0 slots
    /// instead of per item. NaN is ignored.
    ///
    /// - Parameter values: the items, in feeding order.
    /// - Complexity: amortized O(log k) per item.
    @inlinable public mutating func update(contentsOf values: UnsafeBufferPointer<Item>) {
        var index = values.startIndex
        while index < values.endIndex {
            if levelZeroBegin == 0 { _compressWhileUpdating() }
            let chunkEnd = Swift.min(values.endIndex, index + levelZeroBegin)
            var position = levelZeroBegin
            var low = minValue
            var high = maxValue
            var seen = _n
            items.withUnsafeMutableBufferPointer { buffer in
                for item in values[index..<chunkEnd] where !item.isNaN {
                    if seen == 0 {
                        low = item
                        high = item
                    } else {
                        if item < low { low = item }
                        if high < item { high = item }
                    }
                    seen += 1
                    position -= 1
                    buffer[position] = item
                }
            }
            if seen != _n {
                minValue = low
                maxValue = high
                _n = seen
                isLevelZeroSorted = false
                levelZeroBegin = position
            }
            index = chunkEnd
        }
    }

    /// Stores an item at the bottom of level 0, compacting first if the buffer is full.
    @inlinable mutating func _insertAtLevelZero(_ item: Item) {
        if levelZeroBegin == 0 { _compressWhileUpdating() }
        _n += 1
        isLevelZeroSorted = false
        levelZeroBegin -= 1
        items[levelZeroBegin] = item
    }

    /// Compacts the lowest level at or over capacity (spec §3.3), adding a level first if that is
    /// the top level. Frees at least one slot at the bottom of the buffer.
    @inlinable mutating func _compressWhileUpdating() {
        if numLevels == 1 && items.count < levelCapacities[0] {
            _allocateLevelZero()
            return
        }
        let level = _lowestLevelToCompact()
        if level == numLevels - 1 { _addEmptyTopLevel() }
        let rawBegin = levelBegin(level)
        let rawLimit = levelEnds[level]
        let populationAbove = levelEnds[level + 1] - rawLimit
        let rawPopulation = rawLimit - rawBegin
        let oddPopulation = rawPopulation & 1
        let adjustedBegin = rawBegin + oddPopulation
        let adjustedPopulation = rawPopulation - oddPopulation
        let half = adjustedPopulation / 2
        let sortLevelZero = level == 0 && !isLevelZeroSorted
        let bottom = levelZeroBegin
        let bit = coin.flip()
        items.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            if sortLevelZero {
                _KLLSort.sort(base + adjustedBegin, count: adjustedPopulation)
            }
            if populationAbove == 0 {
                _KLLLevels.halveUp(base + adjustedBegin, count: adjustedPopulation, bit: bit)
            } else {
                _KLLLevels.halveDown(base + adjustedBegin, count: adjustedPopulation, bit: bit)
                _KLLLevels.mergeSorted(
                    base + adjustedBegin, count: half, base + rawLimit, count: populationAbove,
                    into: base + adjustedBegin + half)
            }
            if oddPopulation == 1 {
                base[rawLimit - half - 1] = base[rawBegin]
            }
            if level > 0 {
                // Shift the levels below up by `half` slots (`update(from:count:)` allows the
                // overlap).
                (base + bottom + half).update(from: base + bottom, count: rawBegin - bottom)
            }
        }
        levelEnds[level] -= half
        let newBegin = levelEnds[level] - oddPopulation
        if level == 0 {
            levelZeroBegin = newBegin
        } else {
            levelEnds[level - 1] = newBegin
            levelZeroBegin += half
            for lower in 0..<(level - 1) { levelEnds[lower] += half }
        }
    }

    /// The lowest level whose population is at least its capacity.
    @inlinable func _lowestLevelToCompact() -> Int {
        let count = numLevels
        var begin = levelZeroBegin
        for h in 0..<count {
            let end = levelEnds[h]
            if end - begin >= levelCapacities[h] { return h }
            begin = end
        }
        // Unreachable for a full buffer: the populations sum to the total capacity.
        return count - 1
    }

    /// Replaces the level offsets (after a merge or when decoding) and recomputes the capacities.
    mutating func _setLevels(begin: Int, ends: ContiguousArray<Int>) {
        levelZeroBegin = begin
        levelEnds = ends
        levelCapacities = ContiguousArray(
            (0..<ends.count).map {
                _KLLLevels.levelCapacity(k: k, numLevels: ends.count, height: $0)
            })
    }

    /// Gives an unallocated sketch (a decoded empty or single-item one, see
    /// ``init(k:layout:coin:levelZeroItems:)``) its full level-0 buffer of k slots, with its items
    /// at the top, as ``init(k:layout:coin:)`` and the updates since would have left them.
    @usableFromInline mutating func _allocateLevelZero() {
        let capacity = levelCapacities[0]
        var full = ContiguousArray<Item>(repeating: 0, count: capacity - items.count)
        full.reserveCapacity(capacity)
        full.append(contentsOf: items)
        levelZeroBegin = capacity - items.count
        items = full
        levelEnds = [capacity]
    }

    /// Grows the buffer at the bottom by the capacity level 0 gets with one more level and adds
    /// an empty top level.
    @inlinable mutating func _addEmptyTopLevel() {
        // With one more level every level's depth grows by one, so level h takes the capacity
        // level h−1 had, and the new level 0 gets the next smaller one.
        let delta = _KLLLevels.levelCapacity(k: k, numLevels: numLevels + 1, height: 0)
        levelCapacities.insert(delta, at: 0)
        var grown = ContiguousArray<Item>(repeating: 0, count: delta)
        grown.reserveCapacity(items.count + delta)
        grown.append(contentsOf: items)
        items = grown
        levelZeroBegin += delta
        for i in levelEnds.indices { levelEnds[i] += delta }
        levelEnds.append(items.count)
    }
}
