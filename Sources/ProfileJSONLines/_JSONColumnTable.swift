/// Flattened column names → slots, looked up by the name's bytes without making a `String`
/// (open addressing over the process-seeded `Hasher`, so crafted names cannot make lookups slow).
struct _JSONColumnTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [Int] = []
    /// Slot + 1 per bucket; 0 for empty.
    private var buckets: [Int32] = Array(repeating: 0, count: 64)

    /// The number of names.
    var count: Int { hashes.count }
    /// The bytes all names take.
    var nameBytes: Int { arena.count }

    init() {}

    /// The name of a slot.
    func name(_ slot: Int) -> String {
        arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[starts[slot]..<starts[slot + 1]]), as: UTF8.self)
        }
    }

    /// The slot of a name, if present.
    func slot(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(name)
        return find(name, hash).slot
    }

    /// The slot of a name, adding it (as the next slot) when absent.
    ///
    /// - Returns: the slot, and whether it was added.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>) -> (slot: Int, isNew: Bool) {
        let hash = Self.hash(name)
        let found = find(name, hash)
        if let slot = found.slot { return (slot, false) }
        let slot = hashes.count
        arena.append(contentsOf: name)
        starts.append(arena.count)
        hashes.append(hash)
        buckets[found.bucket] = Int32(slot + 1)
        if hashes.count * 2 > buckets.count { grow() }
        return (slot, true)
    }

    private func find(_ name: UnsafeBufferPointer<UInt8>, _ hash: Int) -> (slot: Int?, bucket: Int) {
        let mask = buckets.count - 1
        var bucket = hash & mask
        while true {
            let entry = Int(buckets[bucket])
            if entry == 0 { return (nil, bucket) }
            let slot = entry - 1
            if hashes[slot] == hash && equals(slot, name) { return (slot, bucket) }
            bucket = (bucket + 1) & mask
        }
    }

    private func equals(_ slot: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[slot]
        guard starts[slot + 1] - start == name.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for index in 0..<name.count where stored[start + index] != name[index] { return false }
            return true
        }
    }

    private mutating func grow() {
        buckets = Array(repeating: 0, count: buckets.count * 2)
        let mask = buckets.count - 1
        for (slot, hash) in hashes.enumerated() {
            var bucket = hash & mask
            while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = Int32(slot + 1)
        }
    }

    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(name))
        return hasher.finalize()
    }
}
