/// The HLL_4 exception table: register values too large for a nibble (`value − curMin ≥ 15`).
///
/// An open-addressing table of `UInt32` pairs `(value << 26) | slot`. Probing starts at
/// `slot & (size − 1)` with stride `(slot >> lgSize) | 1`; matching compares the slot bits only.
/// The table doubles (re-inserting in old index order) when `4·count > 3·size`.
@usableFromInline
struct _HLLAuxMap: Sendable, Equatable {
    /// log2 of the table size.
    @usableFromInline var lgSize: Int
    /// The number of entries.
    @usableFromInline var count: Int
    /// The table; 0 marks an empty slot.
    @usableFromInline var entries: ContiguousArray<UInt32>
    /// `2^lgK − 1`, the mask that extracts the slot from an entry.
    @usableFromInline let slotMask: UInt32

    /// `LG_AUX_ARR_INTS[lgK]`: the initial log2 size of the table, for lg_k 0...21.
    static let initialLgSizes: [Int] = [0, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13]

    static func initialLgSize(lgK: Int) -> Int { initialLgSizes[lgK] }

    init(lgK: Int, lgSize: Int) {
        self.lgSize = lgSize
        self.count = 0
        self.entries = ContiguousArray(repeating: 0, count: 1 << lgSize)
        self.slotMask = UInt32((1 << lgK) - 1)
    }

    /// The index holding `slot`, or the empty index where it would go (as `(index, found)`).
    func find(slot: UInt32) -> (index: Int, found: Bool) {
        let mask = (1 << lgSize) - 1
        let stride = Int(slot >> UInt32(lgSize)) | 1
        var index = Int(slot) & mask
        let start = index
        repeat {
            let entry = entries[index]
            if entry == 0 { return (index, false) }
            if entry & slotMask == slot { return (index, true) }
            index = (index + stride) & mask
        } while index != start
        // The load factor (≤ 3/4) makes a full table impossible for tables this type builds;
        // a decoded table is checked before use.
        return (-1, false)
    }

    /// The value stored for `slot`, or `nil`.
    func value(forSlot slot: UInt32) -> UInt8? {
        let (index, found) = find(slot: slot)
        return found ? UInt8(truncatingIfNeeded: entries[index] >> 26) : nil
    }

    /// Inserts or replaces the value for `slot`.
    mutating func set(slot: UInt32, value: UInt8) {
        let (index, found) = find(slot: slot)
        entries[index] = (UInt32(value) << 26) | slot
        if !found {
            count += 1
            if 4 * count > 3 * (1 << lgSize) { grow() }
        }
    }

    private mutating func grow() {
        let old = entries
        lgSize += 1
        entries = ContiguousArray(repeating: 0, count: 1 << lgSize)
        for entry in old where entry != 0 {
            let (index, _) = find(slot: entry & slotMask)
            entries[index] = entry
        }
    }

    /// The non-empty entries in index order.
    var nonEmptyEntries: [UInt32] { entries.filter { $0 != 0 } }
}
