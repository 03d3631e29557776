/// A frequent-items (heavy hitters) sketch: the Misra–Gries algorithm with a reverse-purge hash
/// map, byte-compatible with Apache DataSketches `frequent_items_sketch` (C++ 5.2.0; whylogs'
/// `frequent_strings_sketch`).
///
/// The sketch tracks at most `0.75 · 2^lgMaxMapSize` items (96 for `lgMaxMapSize` 7, 768 for 10).
/// When the map is full and a new item arrives, the median stored weight is subtracted from
/// every item (items that reach 0 are dropped) and added to ``maximumError``.
///
/// ## Error bounds
/// For every item, tracked or not, with true total weight `f`:
/// `lowerBound(of:) ≤ f ≤ upperBound(of:)`, and `upperBound − lowerBound = maximumError`.
/// The maximum error is at most `ε · W` with `ε = 3.5 / 2^lgMaxMapSize` (``epsilon``) and `W` the
/// total weight (Misra & Gries 1982; Anderson, Bevan, Lang, Liberty, Rhodes, Thaler, "A
/// high-performance algorithm for identifying frequent items in data streams", IMC 2017). Any
/// item with `f > maximumError` is tracked.
///
/// ## Determinism and byte compatibility
/// With the `String` conformance (libstdc++ `std::hash` + `fmix64`), the same sequence of
/// updates and merges gives the same bytes as the Linux DataSketches wheels. Arithmetic on
/// weights wraps modulo 2^64, as in C++.
///
/// ## Example
/// ```swift
/// var sketch = FrequentItemsSketch<String>(lgMaxMapSize: 10)
/// for word in words { sketch.update(word) }
/// for row in sketch.frequentItems(errorType: .noFalsePositives) { print(row.item, row.estimate) }
/// ```
public struct FrequentItemsSketch<Item: FrequentItemsItem>: Sendable {
    /// The largest `lgMaxMapSize` this library creates or decodes. A map of `2^26` slots takes
    /// about 2 GiB.
    public static var maximumLgMapSize: Int { 26 }
    /// The smallest map size, `2^3` slots; smaller requested sizes are raised to it.
    public static var minimumLgMapSize: Int { 3 }

    @usableFromInline var map: _ReversePurgeHashMap<Item>
    @usableFromInline var _totalWeight: UInt64
    @usableFromInline var offset: UInt64
    /// The map size a decoded image claimed (log2), reported and written while larger than the
    /// map's own: the decoder sizes the map by the image's content (see
    /// ``init(serializedBytes:maximumLgCurMapSize:)``). 0 when not decoded.
    @usableFromInline var claimedLgCurMapSize: Int = 0
    /// For a decoded empty image, the map size (log2) to allocate before the first item goes in;
    /// 0 when there is none pending. Deferred so that an 8-byte image allocates 8 slots.
    @usableFromInline var deferredLgCurMapSize: Int = 0

    /// Creates an empty sketch.
    ///
    /// - Parameters:
    ///   - lgMaxMapSize: log2 of the largest hash map; the sketch tracks at most
    ///     `0.75 · 2^lgMaxMapSize` items. Values below 3 are raised to 3, as in DataSketches.
    ///     whylogs uses 10.
    ///   - lgStartMapSize: log2 of the initial map (default 3, raised to at least 3).
    /// - Precondition: `lgMaxMapSize ≤ 26` and `lgStartMapSize ≤ max(lgMaxMapSize, 3)`.
    /// - Complexity: O(2^lgStartMapSize).
    public init(lgMaxMapSize: Int, lgStartMapSize: Int = 3) {
        let lgMax = max(lgMaxMapSize, Self.minimumLgMapSize)
        let lgStart = max(lgStartMapSize, Self.minimumLgMapSize)
        precondition(lgMax <= Self.maximumLgMapSize, "lgMaxMapSize \(lgMaxMapSize) exceeds \(Self.maximumLgMapSize)")
        precondition(lgStart <= lgMax, "lgStartMapSize \(lgStartMapSize) exceeds lgMaxMapSize \(lgMax)")
        map = _ReversePurgeHashMap(lgCurSize: lgStart, lgMaxSize: lgMax)
        _totalWeight = 0
        offset = 0
    }

    // MARK: - Updating

    /// Adds `weight` occurrences of `item`.
    ///
    /// - Parameters:
    ///   - item: the item. For `String`, the UTF-8 bytes are hashed in place; the string is stored
    ///     only if the item is not tracked yet.
    ///   - weight: how many occurrences; 0 does nothing.
    /// - Complexity: amortised O(1) (plus the item's hash); a purge, O(2^lgMaxMapSize), happens at
    ///   most once per `0.375 · 2^lgMaxMapSize` new items.
    @inlinable
    public mutating func update(_ item: Item, weight: UInt64 = 1) {
        if weight == 0 { return }
        if deferredLgCurMapSize != 0 { allocateDeferredMap() }
        _totalWeight &+= weight
        let mixed = MurmurHash3.fmix64(item.frequentItemsHash)
        offset &+= map.adjustOrInsert(item, mixedHash: mixed, weight: weight)
    }

    /// Adds every item of another sketch to this one (DataSketches `merge`).
    ///
    /// Feeds the other sketch's tracked items, in its iteration order, through ``update(_:weight:)``,
    /// then adds its maximum error and sets the total weight to the sum of both. The sketches may
    /// have different `lgMaxMapSize`; this sketch keeps its own. For the same inputs the result,
    /// and its bytes for `String` items, equal DataSketches'.
    ///
    /// One deliberate difference: DataSketches ignores an `other` that tracks no items even when a
    /// purge emptied it and its total weight and maximum error are not 0, which loses them and
    /// can break the bounds; here that sketch's weight and error are still added.
    ///
    /// - Parameter other: the sketch to add.
    /// - Complexity: O(other.numActiveItems) updates.
    @inlinable
    public mutating func merge(_ other: FrequentItemsSketch<Item>) {
        if other.isEmpty && other._totalWeight == 0 && other.offset == 0 { return }
        let mergedTotal = _totalWeight &+ other._totalWeight
        for index in other.map.iterationOrder() {
            update(other.map.key(at: index), weight: other.map.value(at: index))
        }
        offset &+= other.offset
        _totalWeight = mergedTotal
    }

    /// Returns this sketch merged with another, leaving both unchanged.
    ///
    /// - Parameter other: the sketch to add.
    /// - Returns: a sketch equivalent to calling ``merge(_:)`` on a copy of this one.
    /// - Complexity: O(other.numActiveItems) updates plus a copy of this sketch.
    public func merging(_ other: FrequentItemsSketch<Item>) -> FrequentItemsSketch<Item> {
        var result = self
        result.merge(other)
        return result
    }

    // MARK: - State

    /// Whether the sketch tracks no items. As in DataSketches, a sketch whose purge dropped every
    /// item counts as empty although its total weight is not 0, and serializes as the 8-byte empty
    /// image, so its total weight and maximum error are not kept in the image.
    public var isEmpty: Bool { map.numActive == 0 }

    /// The number of items currently tracked.
    public var numActiveItems: Int { map.numActive }

    /// The total weight of all updates (the stream length when every weight is 1), modulo 2^64.
    public var totalWeight: UInt64 { _totalWeight }

    /// The largest possible error of any estimate: the sum of the weights purged per item.
    /// `upperBound(of:) − lowerBound(of:)` for every item.
    public var maximumError: UInt64 { offset }

    /// log2 of the largest map size.
    public var lgMaxMapSize: Int { map.lgMaxSize }

    /// log2 of the current map size. For a decoded sketch, at least the size its image stated
    /// (the map itself may be smaller, sized by the image's content).
    public var lgCurMapSize: Int { Swift.max(map.lgCurSize, claimedLgCurMapSize) }

    /// The number of slots the map holds, for callers that budget memory (about 34 bytes a slot
    /// for `String` items).
    package var allocatedSlotCount: Int { map.slots.size }

    /// Allocates the map a decoded empty image deferred (see ``deferredLgCurMapSize``).
    @usableFromInline
    mutating func allocateDeferredMap() {
        if map.numActive == 0 && map.lgCurSize < deferredLgCurMapSize {
            map = _ReversePurgeHashMap(lgCurSize: deferredLgCurMapSize, lgMaxSize: map.lgMaxSize)
        }
        deferredLgCurMapSize = 0
    }

    /// The error factor `3.5 / 2^lgMaxMapSize` of this sketch: ``maximumError`` ≤ `epsilon · totalWeight`.
    public var epsilon: Double { Self.epsilon(lgMaxMapSize: map.lgMaxSize) }

    /// The error factor `3.5 / 2^lgMaxMapSize` (DataSketches `get_epsilon`).
    ///
    /// - Parameter lgMaxMapSize: log2 of the largest map size.
    /// - Returns: the fraction of the total weight that bounds the maximum error.
    public static func epsilon(lgMaxMapSize: Int) -> Double { 3.5 / Double(1 << lgMaxMapSize) }

    /// The a priori bound on ``maximumError`` for a stream of the given total weight:
    /// `epsilon(lgMaxMapSize) · totalWeight` (DataSketches `get_apriori_error`).
    ///
    /// - Parameters:
    ///   - lgMaxMapSize: log2 of the largest map size.
    ///   - totalWeight: the expected total weight.
    /// - Returns: the bound.
    public static func aPrioriError(lgMaxMapSize: Int, totalWeight: UInt64) -> Double {
        epsilon(lgMaxMapSize: lgMaxMapSize) * Double(totalWeight)
    }

    // MARK: - Queries

    /// The estimated total weight of `item`: its stored weight plus ``maximumError`` if tracked,
    /// else 0.
    ///
    /// - Parameter item: the item.
    /// - Returns: the estimate.
    /// - Complexity: O(1) expected.
    @inlinable
    public func estimate(of item: Item) -> UInt64 {
        let weight = storedWeight(of: item)
        return weight > 0 ? weight &+ offset : 0
    }

    /// A lower bound on the true total weight of `item`: its stored weight, or 0 if untracked.
    ///
    /// - Parameter item: the item.
    /// - Returns: the bound.
    /// - Complexity: O(1) expected.
    @inlinable
    public func lowerBound(of item: Item) -> UInt64 { storedWeight(of: item) }

    /// An upper bound on the true total weight of `item`: its stored weight (0 if untracked) plus
    /// ``maximumError``.
    ///
    /// - Parameter item: the item.
    /// - Returns: the bound.
    /// - Complexity: O(1) expected.
    @inlinable
    public func upperBound(of item: Item) -> UInt64 { storedWeight(of: item) &+ offset }

    @inlinable
    func storedWeight(of item: Item) -> UInt64 {
        map.value(of: item, mixedHash: MurmurHash3.fmix64(item.frequentItemsHash))
    }

    /// The tracked items whose bound exceeds a threshold, most frequent first.
    ///
    /// - Parameters:
    ///   - errorType: `.noFalsePositives` keeps items whose lower bound exceeds `threshold`;
    ///     `.noFalseNegatives` keeps items whose upper bound exceeds it.
    ///   - threshold: the weight to exceed; `nil` (the default) means ``maximumError``, as in
    ///     DataSketches (whose Python binding also maps 0 to it; here 0 means 0).
    /// - Returns: rows sorted by estimate, descending. Rows with equal estimates (which then have
    ///   equal bounds too) are ordered by ``FrequentItemsItem/frequentItemPrecedes(_:_:)`` — for
    ///   strings, by UTF-8 bytes — so the order is deterministic. (DataSketches leaves that order
    ///   unspecified.)
    /// - Complexity: O(k log k) for k tracked items.
    public func frequentItems(errorType: FrequentItemsErrorType, threshold: UInt64? = nil) -> [FrequentItemsRow<Item>] {
        let threshold = threshold ?? offset
        var rows: [FrequentItemsRow<Item>] = []
        for index in map.iterationOrder() {
            let weight = map.value(at: index)
            let upper = weight &+ offset
            let keep =
                switch errorType {
                case .noFalsePositives: weight > threshold
                case .noFalseNegatives: upper > threshold
                }
            if keep {
                rows.append(.init(item: map.key(at: index), estimate: upper, lowerBound: weight, upperBound: upper))
            }
        }
        rows.sort { a, b in
            a.estimate != b.estimate ? a.estimate > b.estimate : Item.frequentItemPrecedes(a.item, b.item)
        }
        return rows
    }

    /// Every tracked item with its stored weight (its lower bound), in DataSketches iteration order
    /// (the order of the serialized image).
    ///
    /// - Complexity: O(2^lgCurMapSize).
    public var trackedItems: [(item: Item, weight: UInt64)] {
        map.iterationOrder().map { (map.key(at: $0), map.value(at: $0)) }
    }
}
