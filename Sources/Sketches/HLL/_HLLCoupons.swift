/// The LIST/SET-mode state of a sketch: coupons `(value << 26) | addr26`, 0 meaning empty.
///
/// * LIST: 8 slots filled from index 0; a sketch holds 0–7 coupons in this form.
/// * SET: an open-addressing table of `2^lgSize` slots (starting at 32). Probing starts at
///   `coupon & (size − 1)` with stride `((coupon & 0x3FFFFFF) >> lgSize) | 1`. It doubles
///   (re-inserting in old index order) when `4·count > 3·size`.
@usableFromInline
struct _HLLCoupons: Sendable, Equatable {
    @usableFromInline var lgSize: Int
    @usableFromInline var count: Int
    @usableFromInline var slots: ContiguousArray<UInt32>

    static let listLgSize = 3
    static let setInitialLgSize = 5

    /// An empty LIST.
    @usableFromInline
    init() {
        lgSize = Self.listLgSize
        count = 0
        slots = ContiguousArray(repeating: 0, count: 1 << Self.listLgSize)
    }

    init(lgSize: Int, count: Int, slots: ContiguousArray<UInt32>) {
        self.lgSize = lgSize
        self.count = count
        self.slots = slots
    }

    /// The result of offering a coupon.
    enum Insertion { case duplicate, inserted }

    /// LIST insert: scans from index 0 for the coupon or the first empty slot.
    mutating func insertIntoList(_ coupon: UInt32) -> Insertion {
        for i in 0..<slots.count {
            let existing = slots[i]
            if existing == 0 {
                slots[i] = coupon
                count += 1
                return .inserted
            }
            if existing == coupon { return .duplicate }
        }
        preconditionFailure("HLL coupon list overflow")
    }

    /// The SET index holding `coupon`, or the empty index where it would go.
    static func find(_ coupon: UInt32, in table: ContiguousArray<UInt32>, lgSize: Int) -> (index: Int, found: Bool)? {
        let mask = (1 << lgSize) - 1
        let stride = Int((coupon & 0x3FF_FFFF) >> UInt32(lgSize)) | 1
        var index = Int(coupon) & mask
        let start = index
        repeat {
            let existing = table[index]
            if existing == 0 { return (index, false) }
            if existing == coupon { return (index, true) }
            index = (index + stride) & mask
        } while index != start
        return nil
    }

    /// SET insert (no resize).
    mutating func insertIntoSetNoResize(_ coupon: UInt32) -> Insertion {
        guard let (index, found) = Self.find(coupon, in: slots, lgSize: lgSize) else {
            preconditionFailure("HLL coupon set full")
        }
        if found { return .duplicate }
        slots[index] = coupon
        count += 1
        return .inserted
    }

    /// True when the SET's load factor requires a resize or promotion.
    var setNeedsResize: Bool { 4 * count > 3 * (1 << lgSize) }

    /// Doubles the SET, re-inserting in old index order.
    mutating func growSet() {
        let old = slots
        lgSize += 1
        slots = ContiguousArray(repeating: 0, count: 1 << lgSize)
        count = 0
        for coupon in old where coupon != 0 { _ = insertIntoSetNoResize(coupon) }
    }

    /// A SET (lg 5) holding this LIST's coupons, inserted in array order.
    func promotedToSet() -> _HLLCoupons {
        var set = _HLLCoupons(
            lgSize: Self.setInitialLgSize, count: 0,
            slots: ContiguousArray(repeating: 0, count: 1 << Self.setInitialLgSize))
        for coupon in slots where coupon != 0 {
            _ = set.insertIntoSetNoResize(coupon)
            if set.setNeedsResize { set.growSet() }
        }
        return set
    }

    /// The non-empty coupons in array order.
    var nonEmpty: [UInt32] { slots.filter { $0 != 0 } }
}
