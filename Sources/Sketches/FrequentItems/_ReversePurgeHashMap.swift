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
///
/// Storage is one copy-on-write ``_Slots`` object, so an update does a single uniqueness check;
/// the map caches the object's four slot pointers so the probe loop touches no reference count.
///
/// `@unchecked Sendable`: the cached pointers point into `slots`, which this value owns and
/// writes only when it is uniquely referenced (see ``_Slots``).
@usableFromInline
struct _ReversePurgeHashMap<Key: FrequentItemsItem>: @unchecked Sendable {
    @usableFromInline static var maximumSampleSize: Int { 1024 }

    /// log2 of the current number of slots.
    @usableFromInline private(set) var lgCurSize: Int
    /// log2 of the slot count at which the map stops growing and purges instead.
    @usableFromInline let lgMaxSize: Int
    /// The number of occupied slots.
    @usableFromInline private(set) var numActive: Int
    /// The owner of the slot arrays.
    @usableFromInline private(set) var slots: _Slots<Key>
    @usableFromInline private(set) var keys: UnsafeMutablePointer<Key?>
    @usableFromInline private(set) var values: UnsafeMutablePointer<UInt64>
    @usableFromInline private(set) var states: UnsafeMutablePointer<UInt16>
    @usableFromInline private(set) var hashes: UnsafeMutablePointer<UInt64>

    @usableFromInline
    init(lgCurSize: Int, lgMaxSize: Int) {
        self.lgCurSize = lgCurSize
        self.lgMaxSize = lgMaxSize
        numActive = 0
        let slots = _Slots<Key>(size: 1 << lgCurSize)
        self.slots = slots
        keys = slots.keys
        values = slots.values
        states = slots.states
        hashes = slots.hashes
    }

    /// Makes `newSlots` the storage.
    @inlinable
    mutating func replaceSlots(with newSlots: _Slots<Key>) {
        slots = newSlots
        keys = newSlots.keys
        values = newSlots.values
        states = newSlots.states
        hashes = newSlots.hashes
    }

    /// `⌊0.75 · 2^lgSize⌋`: the most keys a map of that size holds between updates.
    @inlinable
    static func capacity(lgSize: Int) -> Int { ((1 << lgSize) &* 3) >> 2 }

    @inlinable
    var capacity: Int { Self.capacity(lgSize: lgCurSize) }

    /// The key in an active slot.
    @inlinable
    func key(at index: Int) -> Key {
        precondition(index >= 0 && index < slots.size && states[index] != 0)
        return keys[index].unsafelyUnwrapped
    }

    /// The weight in an active slot.
    @inlinable
    func value(at index: Int) -> UInt64 {
        precondition(index >= 0 && index < slots.size && states[index] != 0)
        return values[index]
    }

    /// The stored weight of `key`, or 0 if it is not tracked.
    @inlinable
    func value(of key: Key, mixedHash: UInt64) -> UInt64 {
        let mask = (1 << lgCurSize) &- 1
        var index = Int(truncatingIfNeeded: mixedHash) & mask
        while states[index] != 0 {
            if hashes[index] == mixedHash, Key.isSameFrequentItem(keys[index].unsafelyUnwrapped, key) {
                return values[index]
            }
            index = (index &+ 1) & mask
        }
        return 0
    }

    @inlinable @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&slots) { replaceSlots(with: slots.copy()) }
    }

    /// Adds `weight` to `key`, inserting it if new; grows or purges when a new key overfills the
    /// map.
    ///
    /// - Returns: the purge amount (the median subtracted), or 0 if no purge happened.
    @inlinable
    mutating func adjustOrInsert(_ key: Key, mixedHash: UInt64, weight: UInt64) -> UInt64 {
        makeUnique()
        let mask = (1 << lgCurSize) &- 1
        var index = Int(truncatingIfNeeded: mixedHash) & mask
        var drift: UInt16 = 1
        while states[index] != 0 {
            if hashes[index] == mixedHash, Key.isSameFrequentItem(keys[index].unsafelyUnwrapped, key) {
                values[index] &+= weight
                return 0
            }
            index = (index &+ 1) & mask
            drift &+= 1
        }
        keys[index] = key
        values[index] = weight
        states[index] = drift
        hashes[index] = mixedHash
        numActive &+= 1
        if numActive > capacity { return growOrPurge() }
        return 0
    }

    // The growth and purge paths are inlinable too, so that they are specialized for the item
    // type in client code: unspecialized, every key move looked up generic metadata (measured:
    // 30% of update time for strings at lgMax 7).
    @inlinable
    mutating func growOrPurge() -> UInt64 {
        if lgCurSize < lgMaxSize {
            grow()
            return 0
        }
        return purge()
    }

    /// Doubles the slot count and re-inserts the old entries in index order.
    @inlinable
    mutating func grow() {
        let old = slots
        lgCurSize += 1
        let s = _Slots<Key>(size: 1 << lgCurSize)
        let mask = s.size - 1
        for i in 0..<old.size where old.states[i] != 0 {
            let hash = old.hashes[i]
            var index = Int(truncatingIfNeeded: hash) & mask
            var drift: UInt16 = 1
            while s.states[index] != 0 {
                index = (index &+ 1) & mask
                drift &+= 1
            }
            s.keys[index] = old.keys[i]
            s.values[index] = old.values[i]
            s.states[index] = drift
            s.hashes[index] = hash
        }
        replaceSlots(with: s)
    }

    /// Subtracts the sample median from every weight, deleting the entries it zeroes.
    ///
    /// - Returns: the median.
    @inlinable
    mutating func purge() -> UInt64 {
        let s = slots
        let limit = min(Self.maximumSampleSize, numActive)
        let median = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: limit) { samples -> UInt64 in
            var count = 0
            var i = 0
            while count < limit {
                if s.states[i] != 0 {
                    samples[count] = s.values[i]
                    count += 1
                }
                i += 1
            }
            return Self.select(count / 2, in: UnsafeMutableBufferPointer(rebasing: samples[0..<count]))
        }
        let size = s.size
        var firstEmpty = size - 1
        while s.states[firstEmpty] != 0 { firstEmpty -= 1 }
        var probe = firstEmpty - 1
        while probe >= 0 {
            subtract(median, at: probe, in: s)
            probe -= 1
        }
        probe = size - 1
        while probe >= firstEmpty {
            subtract(median, at: probe, in: s)
            probe -= 1
        }
        return median
    }

    /// The element at index `k` of `buffer` in sorted order (quickselect with a median-of-three
    /// pivot; reorders `buffer`). The value is that of any sort, so it equals `std::nth_element`'s.
    @inlinable
    static func select(_ k: Int, in buffer: UnsafeMutableBufferPointer<UInt64>) -> UInt64 {
        var low = 0
        var high = buffer.count - 1
        while high > low {
            let mid = low + (high - low) / 2
            // Order low, mid, high so that buffer[mid] is the median of the three.
            if buffer[mid] < buffer[low] { buffer.swapAt(mid, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[mid] { buffer.swapAt(high, mid) }
            let pivot = buffer[mid]
            var i = low
            var j = high
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now buffer[low...j] ≤ pivot ≤ buffer[i...high], and j < i.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return buffer[k]
            }
        }
        return buffer[k]
    }

    @inlinable @inline(__always)
    mutating func subtract(_ amount: UInt64, at probe: Int, in s: _Slots<Key>) {
        guard s.states[probe] != 0 else { return }
        if s.values[probe] <= amount {
            s.delete(at: probe)
            numActive -= 1
        } else {
            s.values[probe] -= amount
        }
    }

    /// The active slot indices in DataSketches iteration order: the lowest active slot, then steps
    /// of `⌊size · 0.6180339887498949⌋ | 1` modulo the size, skipping empty slots.
    @usableFromInline
    func iterationOrder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(numActive)
        guard numActive > 0 else { return order }
        let s = slots
        let size = s.size
        let mask = size - 1
        let stride = Int(Double(size) * 0.6180339887498949) | 1
        var index = 0
        while s.states[index] == 0 { index += 1 }
        order.append(index)
        while order.count < numActive {
            repeat { index = (index + stride) & mask } while s.states[index] == 0
            order.append(index)
        }
        return order
    }
}

/// The slot arrays of a ``_ReversePurgeHashMap``, in one heap object.
///
/// `@unchecked Sendable`: there is no lock because there is no shared mutation. The map treats
/// this object as copy-on-write storage: it mutates it only after `isKnownUniquelyReferenced`
/// (``_ReversePurgeHashMap/makeUnique()``) or when it has just created it, so a `_Slots` that
/// is visible to more than one value (and so possibly to more than one thread) is never written.
@usableFromInline
final class _Slots<Key: FrequentItemsItem>: @unchecked Sendable {
    @usableFromInline let size: Int
    @usableFromInline let keys: UnsafeMutablePointer<Key?>
    @usableFromInline let values: UnsafeMutablePointer<UInt64>
    @usableFromInline let states: UnsafeMutablePointer<UInt16>
    @usableFromInline let hashes: UnsafeMutablePointer<UInt64>

    /// Empty slots.
    @usableFromInline
    init(size: Int) {
        self.size = size
        keys = .allocate(capacity: size)
        keys.initialize(repeating: nil, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        states = .allocate(capacity: size)
        states.initialize(repeating: 0, count: size)
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
    }

    @usableFromInline
    func copy() -> _Slots {
        let other = _Slots(size: size)
        other.keys.update(from: keys, count: size)
        other.values.update(from: values, count: size)
        other.states.update(from: states, count: size)
        other.hashes.update(from: hashes, count: size)
        return other
    }

    /// Empties slot `index` and shifts later entries of its cluster back into the hole: scanning
    /// forward with the distance from the hole, the first entry whose drift exceeds the distance
    /// moves into the hole (its drift drops by the distance) and leaves a new hole; stops at an
    /// empty slot.
    @inlinable
    func delete(at index: Int) {
        let mask = size - 1
        var hole = index
        states[hole] = 0
        keys[hole] = nil
        var drift = 1
        var probe = (hole + 1) & mask
        while states[probe] != 0 {
            if Int(states[probe]) > drift {
                // Move without retain/release: the hole holds nil, which needs no release.
                (keys + hole).initialize(to: (keys + probe).move())
                (keys + probe).initialize(to: nil)
                values[hole] = values[probe]
                hashes[hole] = hashes[probe]
                states[hole] = states[probe] - UInt16(drift)
                states[probe] = 0
                drift = 0
                hole = probe
            }
            probe = (probe + 1) & mask
            drift += 1
        }
    }

    deinit {
        keys.deinitialize(count: size)
        keys.deallocate()
        values.deallocate()
        states.deallocate()
        hashes.deallocate()
    }
}
