/// The HLL-mode state of a sketch: `2^lgK` registers in the serialized layout of the target type,
/// plus the bookkeeping the estimators need.
///
/// * `hll8`: byte `s` is register `s`.
/// * `hll6`: register `s` is bits `[6s, 6s + 6)` of a little-endian bit stream (`3k/4 + 1` bytes).
/// * `hll4`: register `s` is the low (even `s`) or high (odd `s`) nibble of byte `s >> 1`, holding
///   `value − curMin`; the nibble 15 means "look the value up in `aux`".
///
/// `kxq0 = Σ 2^−v` over registers with `v < 32`, `kxq1` the same over `v ≥ 32`; `hipAccum` is the
/// HIP estimate, accumulated only while `outOfOrder` is false. For `hll4`, `curMin` is the minimum
/// register value and `numAtCurMin` how many registers hold it; for `hll6`/`hll8`, `curMin` stays 0
/// and `numAtCurMin` counts the zero registers.
@usableFromInline
struct _HLLArray: Sendable, Equatable {
    @usableFromInline var lgK: Int
    @usableFromInline var type: HLLTargetType
    @usableFromInline var bytes: ContiguousArray<UInt8>
    @usableFromInline var curMin: UInt8
    @usableFromInline var numAtCurMin: Int
    @usableFromInline var kxq0: Double
    @usableFromInline var kxq1: Double
    @usableFromInline var hipAccum: Double
    @usableFromInline var outOfOrder: Bool
    @usableFromInline var aux: _HLLAuxMap?

    /// The nibble value meaning "exception: see the aux table".
    @usableFromInline static let auxToken: UInt8 = 15

    /// A fresh, empty array.
    init(lgK: Int, type: HLLTargetType) {
        self.init(placeholderLgK: lgK, type: type)
        bytes = ContiguousArray(repeating: 0, count: type.registerBytes(lgK: lgK))
    }

    /// A placeholder holding no storage (used while a sketch is in LIST or SET mode).
    @usableFromInline
    init(placeholderLgK lgK: Int, type: HLLTargetType) {
        self.lgK = lgK
        self.type = type
        self.bytes = []
        self.curMin = 0
        self.numAtCurMin = 1 << lgK
        self.kxq0 = Double(1 << lgK)
        self.kxq1 = 0
        self.hipAccum = 0
        self.outOfOrder = false
        self.aux = nil
    }

    var k: Int { 1 << lgK }

    /// True when no register has been set.
    var isEmpty: Bool { curMin == 0 && numAtCurMin == k }

    // MARK: - Update

    /// `2^−e` for `0 ≤ e ≤ 63`, built from the exponent bits (exact).
    @inlinable @inline(__always)
    static func inversePowerOf2(_ e: UInt8) -> Double {
        Double(bitPattern: UInt64(1023 &- UInt64(e)) << 52)
    }

    /// Applies the HIP and kxq changes of a register rising from `old` to `new`: HIP first (with
    /// the kxq before the change), then subtract `2^−old`, then add `2^−new`.
    @inlinable @inline(__always)
    mutating func hipAndKxQIncrementalUpdate(old: UInt8, new: UInt8) {
        if !outOfOrder { hipAccum += Double(1 << lgK) / (kxq0 + kxq1) }
        if old < 32 { kxq0 -= Self.inversePowerOf2(old) } else { kxq1 -= Self.inversePowerOf2(old) }
        if new < 32 { kxq0 += Self.inversePowerOf2(new) } else { kxq1 += Self.inversePowerOf2(new) }
    }

    /// Feeds one coupon `(value << 26) | addr26` to the registers.
    @inlinable @inline(__always)
    mutating func update(coupon: UInt32) {
        let slot = Int(coupon & UInt32((1 << lgK) &- 1))
        let value = UInt8(truncatingIfNeeded: coupon >> 26)
        switch type {
        case .hll4:
            if value <= curMin { return }
            let byte = bytes[slot &>> 1]
            let nibble = (slot & 1 == 0) ? byte & 0x0F : byte &>> 4
            if value <= nibble &+ curMin { return }
            raiseHLL4(slot: slot, nibble: nibble, value: value)
        case .hll6:
            let old = hll6Value(at: slot)
            if value > old {
                setHLL6(value, at: slot)
                hipAndKxQIncrementalUpdate(old: old, new: value)
                if old == 0 { numAtCurMin &-= 1 }
            }
        case .hll8:
            let old = bytes[slot]
            if value > old {
                bytes[slot] = value
                hipAndKxQIncrementalUpdate(old: old, new: value)
                if old == 0 { numAtCurMin &-= 1 }
            }
        }
    }

    @inlinable @inline(__always)
    func hll6Value(at slot: Int) -> UInt8 {
        let bit = slot &* 6
        let index = bit &>> 3
        let word = UInt16(bytes[index]) | (UInt16(bytes[index &+ 1]) &<< 8)
        return UInt8(truncatingIfNeeded: (word &>> UInt16(bit & 7)) & 0x3F)
    }

    @inlinable @inline(__always)
    mutating func setHLL6(_ value: UInt8, at slot: Int) {
        let bit = slot &* 6
        let index = bit &>> 3
        let shift = UInt16(bit & 7)
        var word = UInt16(bytes[index]) | (UInt16(bytes[index &+ 1]) &<< 8)
        word &= ~(UInt16(0x3F) &<< shift)
        word |= UInt16(value) &<< shift
        bytes[index] = UInt8(truncatingIfNeeded: word)
        bytes[index &+ 1] = UInt8(truncatingIfNeeded: word &>> 8)
    }

    @inlinable @inline(__always)
    func nibble(at slot: Int) -> UInt8 {
        let byte = bytes[slot &>> 1]
        return (slot & 1 == 0) ? byte & 0x0F : byte &>> 4
    }

    @inlinable @inline(__always)
    mutating func setNibble(_ nibble: UInt8, at slot: Int) {
        let index = slot &>> 1
        let byte = bytes[index]
        bytes[index] = (slot & 1 == 0) ? (byte & 0xF0) | nibble : (byte & 0x0F) | (nibble &<< 4)
    }

    /// The HLL_4 path for a coupon that may raise its register above the nibble's lower bound.
    @usableFromInline
    mutating func raiseHLL4(slot: Int, nibble: UInt8, value: UInt8) {
        let actual: UInt8
        if nibble < Self.auxToken {
            actual = nibble + curMin
        } else {
            guard let stored = aux?.value(forSlot: UInt32(slot)) else {
                preconditionFailure("HLL_4 exception nibble without an aux entry")
            }
            actual = stored
        }
        if value <= actual { return }
        hipAndKxQIncrementalUpdate(old: actual, new: value)
        let shifted = value - curMin
        if shifted >= Self.auxToken {
            setNibble(Self.auxToken, at: slot)
            if aux == nil { aux = _HLLAuxMap(lgK: lgK, lgSize: _HLLAuxMap.initialLgSize(lgK: lgK)) }
            aux!.set(slot: UInt32(slot), value: value)
        } else {
            setNibble(shifted, at: slot)
        }
        if actual == curMin {
            numAtCurMin -= 1
            while numAtCurMin == 0 { shiftToBiggerCurMin() }
        }
    }

    /// Raises `curMin` by one: every non-exception nibble drops by one, `numAtCurMin` is recounted,
    /// and the aux table is rebuilt (exceptions that now fit go back into their nibbles).
    mutating func shiftToBiggerCurMin() {
        let newCurMin = curMin + 1
        var zeros = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                var lo = buffer[i] & 0x0F
                var hi = buffer[i] >> 4
                if lo != Self.auxToken {
                    lo &-= 1
                    if lo == 0 { zeros += 1 }
                }
                if hi != Self.auxToken {
                    hi &-= 1
                    if hi == 0 { zeros += 1 }
                }
                buffer[i] = lo | (hi << 4)
            }
        }
        curMin = newCurMin
        numAtCurMin = zeros
        if let old = aux {
            var rebuilt: _HLLAuxMap? = nil
            for entry in old.entries where entry != 0 {
                let slot = entry & old.slotMask
                let value = UInt8(truncatingIfNeeded: entry >> 26)
                let shifted = value - newCurMin
                if shifted < Self.auxToken {
                    setNibble(shifted, at: Int(slot))
                } else {
                    if rebuilt == nil {
                        rebuilt = _HLLAuxMap(lgK: lgK, lgSize: _HLLAuxMap.initialLgSize(lgK: lgK))
                    }
                    rebuilt!.set(slot: slot, value: value)
                }
            }
            aux = rebuilt
        }
    }

    // MARK: - Reading registers

    /// The value of register `slot` (0...63).
    func value(at slot: Int) -> UInt8 {
        switch type {
        case .hll8: return bytes[slot]
        case .hll6: return hll6Value(at: slot)
        case .hll4:
            let nib = nibble(at: slot)
            if nib == Self.auxToken { return aux?.value(forSlot: UInt32(slot)) ?? Self.auxToken + curMin }
            return nib + curMin
        }
    }

    /// All register values in slot order.
    var registerValues: [UInt8] {
        switch type {
        case .hll8: return Array(bytes)
        default: return (0..<k).map { value(at: $0) }
        }
    }

    /// The number of registers with a non-zero value.
    var numNonZeros: Int { curMin == 0 ? k - numAtCurMin : k }

    // MARK: - Conversion and merging

    /// A copy in another register layout: a fresh array replays every non-zero register as a
    /// coupon in slot order (recomputing kxq, `numAtCurMin` and the HLL_4 state), then takes this
    /// array's HIP accumulator and out-of-order flag.
    func converted(to newType: HLLTargetType) -> _HLLArray {
        var result = _HLLArray(lgK: lgK, type: newType)
        result.outOfOrder = outOfOrder
        for (slot, value) in registerValues.enumerated() where value != 0 {
            result.update(coupon: (UInt32(value) << 26) | UInt32(slot))
        }
        result.hipAccum = hipAccum
        return result
    }

    /// Register-wise max of `source` into this HLL_8 array (`source.lgK ≥ lgK`; source slot `i`
    /// maps to slot `i mod k`), keeping kxq, `numAtCurMin` and HIP consistent incrementally.
    mutating func mergeRegisters(from source: _HLLArray) {
        precondition(type == .hll8 && source.lgK >= lgK)
        let mask = k - 1
        let values = source.registerValues
        for (i, value) in values.enumerated() where value != 0 {
            let slot = i & mask
            let old = bytes[slot]
            if value > old {
                bytes[slot] = value
                hipAndKxQIncrementalUpdate(old: old, new: value)
                if old == 0 { numAtCurMin -= 1 }
            }
        }
    }
}
