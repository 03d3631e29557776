/// The reverse-purge hash map behind ``FrequentItemsSketch``: open addressing with linear
/// probing, a load factor of 3/4, growth by doubling up to `2^lgMaxSize` slots, and a purge that
/// subtracts the median weight once the map is full.
///
/// Every step follows DataSketches C++ `reverse_purge_hash_map` so that the slot layout, and hence
/// the iteration and serialization order, is the same as the library's:
///
/// * Slot arrays of size `2^lgCurSize`: keys, values (`UInt64` weights), states (`UInt16`, 0 for
///   empty, otherwise the *drift*: 1 + the distance from the key's home slot). We also keep each
///   key's mixed hash, so probes reject most non-matching slots without comparing keys, and
///   growth does not re-hash.
/// * Home slot: `fmix64(hash) & (2^lgCurSize − 1)`; probe forward by 1.
/// * After inserting a *new* key, if `numActive > capacity` (`⌊0.75 · 2^lgCurSize⌋`): grow (when
///   `lgCurSize < lgMaxSize`), re-inserting the old slots in index order; else purge.
/// * Purge: the median is element `⌊count/2⌋` of the sorted values of the first
///   `min(1024, numActive)` active slots in index order. Subtract it from every value; values
///   that reach 0 are deleted. Slots are visited from the highest empty slot `e` downwards:
///   `e−1 … 0`, then `size−1 … e`. Deletion shifts later entries of the cluster back.
@usableFromInline
struct _ReversePurgeHashMap<Key: FrequentItemsItem>: Sendable {
    @usableFromInline static var loadFactorNumerator: Int { 3 }
    @usableFromInline static var maximumSampleSize: Int { 1024 }

    /// log2 of the current number of slots.
    @usableFromInline private(set) var lgCurSize: Int
    /// log2 of the slot count at which the map stops growing and purges instead.
    @usableFromInline let lgMaxSize: Int
    /// The number of occupied slots.
    @usableFromInline private(set) var numActive: Int
    @usableFromInline var keys: ContiguousArray<Key?>
    @usableFromInline var values: ContiguousArray<UInt64>
    @usableFromInline var states: ContiguousArray<UInt16>
    @usableFromInline var hashes: ContiguousArray<UInt64>

    @usableFromInline
    init(lgCurSize: Int, lgMaxSize: Int) {
        self.lgCurSize = lgCurSize
        self.lgMaxSize = lgMaxSize
        numActive = 0
        let size = 1 << lgCurSize
        keys = ContiguousArray(repeating: nil, count: size)
        values = ContiguousArray(repeating: 0, count: size)
        states = ContiguousArray(repeating: 0, count: size)
        hashes = ContiguousArray(repeating: 0, count: size)
    }

    /// `⌊0.75 · 2^lgSize⌋`: the most keys a map of that size holds between updates.
    @inlinable
    static func capacity(lgSize: Int) -> Int { ((1 << lgSize) &* loadFactorNumerator) >> 2 }

    @inlinable
    var capacity: Int { Self.capacity(lgSize: lgCurSize) }

    /// The slot index of a mixed hash.
    @inlinable @inline(__always)
    func homeSlot(_ mixedHash: UInt64) -> Int { Int(truncatingIfNeeded: mixedHash) & ((1 << lgCurSize) &- 1) }

    /// The stored weight of `key`, or 0 if it is not tracked.
    @inlinable
    func value(of key: Key, mixedHash: UInt64) -> UInt64 {
        let mask = (1 << lgCurSize) &- 1
        var index = homeSlot(mixedHash)
        while states[index] != 0 {
            if hashes[index] == mixedHash, Key.isSameFrequentItem(keys[index].unsafelyUnwrapped, key) {
                return values[index]
            }
            index = (index &+ 1) & mask
        }
        return 0
    }

    /// Adds `weight` to `key`, inserting it if new; grows or purges when a new key overfills the
    /// map.
    ///
    /// - Returns: the purge amount (the median subtracted), or 0 if no purge happened.
    @inlinable
    mutating func adjustOrInsert(_ key: Key, mixedHash: UInt64, weight: UInt64) -> UInt64 {
        let mask = (1 << lgCurSize) &- 1
        var index = homeSlot(mixedHash)
        var drift: UInt16 = 1
        let found: Bool = states.withUnsafeBufferPointer { states in
            hashes.withUnsafeBufferPointer { hashes in
                while states[index] != 0 {
                    if hashes[index] == mixedHash, Key.isSameFrequentItem(keys[index].unsafelyUnwrapped, key) {
                        return true
                    }
                    index = (index &+ 1) & mask
                    drift &+= 1
                }
                return false
            }
        }
        if found {
            values[index] &+= weight
            return 0
        }
        keys[index] = key
        values[index] = weight
        states[index] = drift
        hashes[index] = mixedHash
        numActive &+= 1
        if numActive > capacity { return growOrPurge() }
        return 0
    }

    @usableFromInline
    mutating func growOrPurge() -> UInt64 {
        if lgCurSize < lgMaxSize {
            grow()
            return 0
        }
        return purge()
    }

    /// Doubles the slot count and re-inserts the old entries in index order.
    @usableFromInline
    mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let oldStates = states
        let oldHashes = hashes
        self = Self(lgCurSize: lgCurSize + 1, lgMaxSize: lgMaxSize)
        let mask = (1 << lgCurSize) &- 1
        for old in oldStates.indices where oldStates[old] != 0 {
            let hash = oldHashes[old]
            var index = homeSlot(hash)
            var drift: UInt16 = 1
            while states[index] != 0 {
                index = (index &+ 1) & mask
                drift &+= 1
            }
            keys[index] = oldKeys[old]
            values[index] = oldValues[old]
            states[index] = drift
            hashes[index] = hash
            numActive += 1
        }
    }

    /// Subtracts the sample median from every weight, deleting the entries it zeroes.
    ///
    /// - Returns: the median.
    @usableFromInline
    mutating func purge() -> UInt64 {
        let limit = min(Self.maximumSampleSize, numActive)
        var samples: [UInt64] = []
        samples.reserveCapacity(limit)
        var i = 0
        while samples.count < limit {
            if states[i] != 0 { samples.append(values[i]) }
            i += 1
        }
        samples.sort()
        let median = samples[samples.count / 2]
        subtractAndKeepPositive(median)
        return median
    }

    @usableFromInline
    mutating func subtractAndKeepPositive(_ amount: UInt64) {
        let size = 1 << lgCurSize
        var firstEmpty = size - 1
        while states[firstEmpty] != 0 { firstEmpty -= 1 }
        for probe in stride(from: firstEmpty - 1, through: 0, by: -1) { subtract(amount, at: probe) }
        for probe in stride(from: size - 1, through: firstEmpty, by: -1) { subtract(amount, at: probe) }
    }

    @inline(__always)
    private mutating func subtract(_ amount: UInt64, at probe: Int) {
        guard states[probe] != 0 else { return }
        if values[probe] <= amount {
            delete(at: probe)
            numActive -= 1
        } else {
            values[probe] -= amount
        }
    }

    /// Empties slot `index` and shifts later entries of its cluster back into the hole.
    private mutating func delete(at index: Int) {
        let mask = (1 << lgCurSize) - 1
        var hole = index
        states[hole] = 0
        keys[hole] = nil
        var drift = 1
        var probe = (hole + 1) & mask
        while states[probe] != 0 {
            if Int(states[probe]) > drift {
                keys[hole] = keys[probe]
                values[hole] = values[probe]
                hashes[hole] = hashes[probe]
                states[hole] = states[probe] - UInt16(drift)
                states[probe] = 0
                keys[probe] = nil
                drift = 0
                hole = probe
            }
            probe = (probe + 1) & mask
            drift += 1
        }
    }

    /// The active slot indices in DataSketches iteration order: the lowest active slot, then steps
    /// of `⌊size · 0.6180339887498949⌋ | 1` modulo the size, skipping empty slots.
    func iterationOrder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(numActive)
        guard numActive > 0 else { return order }
        let size = 1 << lgCurSize
        let mask = size - 1
        let stride = Int(Double(size) * 0.6180339887498949) | 1
        var index = 0
        while states[index] == 0 { index += 1 }
        order.append(index)
        while order.count < numActive {
            repeat { index = (index + stride) & mask } while states[index] == 0
            order.append(index)
        }
        return order
    }
}
