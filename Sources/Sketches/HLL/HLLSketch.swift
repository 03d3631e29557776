/// A HyperLogLog distinct-count sketch, byte-compatible with Apache DataSketches `hll_sketch`
/// (C++ 5.2.0 / Python `datasketches` 5.2.0 and `whylogs-sketching` 3.4.1.dev3).
///
/// Items are hashed with MurmurHash3_x64_128 (seed 9001) into *coupons*: the low 26 bits of the
/// first hash word address a register, and the leading zeros of the second word (capped at 62,
/// plus one) give its value. A sketch starts as a coupon ``HLLMode/list``, becomes a coupon
/// ``HLLMode/set`` (when `lgK ≥ 8`) and finally `k = 2^lgK` registers (``HLLMode/hll``), exactly
/// where DataSketches promotes, so images and estimates match the library bit for bit.
///
/// Accuracy: in HLL mode the relative standard error of the HIP estimator is about
/// `0.8326 / √k` (`√ln 2 / √k`; 1.30 % at `lgK = 12`); after a union (out-of-order) the composite
/// estimator's is about `1.0390 / √k` (`√(3 ln 2 − 1) / √k`). For `lgK ≤ 12` the bounds use the
/// empirical quantile tables of DataSketches (Q(0.84134), Q(0.97725), Q(0.99865) for 1, 2, 3
/// standard deviations). In LIST/SET mode the estimate is nearly exact (RSE `0.409 / 2^13`).
/// See Ting, "Streamed approximate counting of distinct elements" (KDD 2014) for HIP and
/// Flajolet et al. (2007) for HyperLogLog.
///
/// ```swift
/// var sketch = HLLSketch(lgK: 12)
/// for id in userIDs { sketch.update(id) }
/// let distinct = sketch.estimate
/// let image = sketch.serializedBytes()      // compact DataSketches image
/// ```
public struct HLLSketch: Sendable {
    /// log2 of the number of registers, 4...21.
    public let lgK: Int
    /// The register layout used in HLL mode.
    public let targetType: HLLTargetType

    /// The current representation.
    @usableFromInline var _mode: HLLMode
    /// LIST/SET coupons (unused in HLL mode).
    @usableFromInline var _coupons: _HLLCoupons
    /// HLL registers (a storage-free placeholder in LIST/SET mode).
    @usableFromInline var _array: _HLLArray
    /// The out-of-order flag while in LIST/SET mode (set when a union built the sketch).
    @usableFromInline var _couponOutOfOrder: Bool

    /// The smallest supported `lgK`.
    public static let minLgK = 4
    /// The largest supported `lgK`.
    public static let maxLgK = 21

    /// Creates an empty sketch.
    ///
    /// - Parameters:
    ///   - lgK: log2 of the register count, 4...21 (a precondition: passing another value is a
    ///     programming error). `12` is the whylogs default.
    ///   - targetType: the register layout in HLL mode; defaults to ``HLLTargetType/hll4``.
    /// - Complexity: O(1); registers are allocated when the sketch reaches HLL mode.
    public init(lgK: Int, targetType: HLLTargetType = .hll4) {
        precondition((Self.minLgK...Self.maxLgK).contains(lgK), "HLL lgK must be in 4...21, got \(lgK)")
        self.lgK = lgK
        self.targetType = targetType
        self._mode = .list
        self._coupons = _HLLCoupons()
        self._array = _HLLArray(placeholderLgK: lgK, type: targetType)
        self._couponOutOfOrder = false
    }

    /// Builds a sketch from decoded or converted parts.
    init(
        lgK: Int, targetType: HLLTargetType, mode: HLLMode, coupons: _HLLCoupons, array: _HLLArray,
        couponOutOfOrder: Bool
    ) {
        self.lgK = lgK
        self.targetType = targetType
        self._mode = mode
        self._coupons = coupons
        self._array = array
        self._couponOutOfOrder = couponOutOfOrder
    }

    /// The current representation (list, set or registers).
    public var mode: HLLMode { _mode }

    /// True when no item has been counted.
    public var isEmpty: Bool {
        _mode == .hll ? _array.isEmpty : _coupons.count == 0
    }

    /// True when the sketch is the result of a union of HLL-mode sketches (or was decoded from
    /// such an image). Its estimate then comes from the composite estimator instead of HIP.
    public var isOutOfOrder: Bool { _mode == .hll ? _array.outOfOrder : _couponOutOfOrder }

    // MARK: - Update

    /// Counts a 64-bit integer (its 8 little-endian two's-complement bytes are hashed).
    ///
    /// - Parameter value: the item.
    /// - Complexity: O(1) amortised; no allocation except when the sketch changes mode or an
    ///   internal table grows.
    @inlinable
    public mutating func update(_ value: Int64) {
        _update(coupon: Self._coupon(MurmurHash3.hash(value)))
    }

    /// Counts an integer of any width up to 64 bits, as DataSketches does: signed values are
    /// sign-extended to `Int64`; unsigned values narrower than 64 bits are first reinterpreted as
    /// the same-width signed type (so `UInt32.max` counts like `-1`); `UInt64`/`UInt` values are
    /// hashed as their raw bits.
    ///
    /// - Parameter value: the item.
    /// - Complexity: O(1) amortised.
    @inlinable
    public mutating func update<T: FixedWidthInteger>(_ value: T) {
        precondition(T.bitWidth <= 64, "HLLSketch hashes integers of at most 64 bits")
        let shift = 64 - T.bitWidth
        let widened = (Int64(truncatingIfNeeded: value) &<< Int64(shift)) &>> Int64(shift)
        update(widened)
    }

    /// Counts a double. `-0.0` counts as `0.0` and every NaN as the same item; `100.0` and the
    /// integer `100` are different items.
    ///
    /// - Parameter value: the item.
    /// - Complexity: O(1) amortised.
    @inlinable
    public mutating func update(_ value: Double) {
        _update(coupon: Self._coupon(MurmurHash3.hash(value)))
    }

    /// Counts a float, widened to `Double` first (so `1.5 as Float` counts like `1.5`).
    ///
    /// - Parameter value: the item.
    /// - Complexity: O(1) amortised.
    @inlinable
    public mutating func update(_ value: Float) {
        update(Double(value))
    }

    /// Counts a string by its UTF-8 bytes. The empty string is ignored, as in DataSketches.
    ///
    /// - Parameter value: the item.
    /// - Complexity: O(length) for hashing.
    @inlinable
    public mutating func update(_ value: String) {
        guard let hash = MurmurHash3.hash(value) else { return }
        _update(coupon: Self._coupon(hash))
    }

    /// Counts raw bytes. An empty buffer is counted (it hashes the empty input).
    ///
    /// - Parameter bytes: the item's bytes.
    /// - Complexity: O(length) for hashing.
    @inlinable
    public mutating func update(bytes: UnsafeRawBufferPointer) {
        _update(coupon: Self._coupon(MurmurHash3.hash(bytes)))
    }

    /// Counts raw bytes from any collection (copied to contiguous storage if needed).
    ///
    /// - Parameter bytes: the item's bytes.
    /// - Complexity: O(length).
    @inlinable
    public mutating func update(bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(bytes: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update(bytes: $0) }
        }
    }

    /// The coupon of a hash: `(min(lz(h2), 62) + 1) << 26 | (h1 & 0x3FFFFFF)`.
    @inlinable @inline(__always)
    static func _coupon(_ hash: MurmurHash3.Hash128) -> UInt32 {
        let address = UInt32(truncatingIfNeeded: hash.h1) & 0x3FF_FFFF
        let leadingZeros = min(hash.h2.leadingZeroBitCount, 62)
        return (UInt32(leadingZeros + 1) << 26) | address
    }

    /// Feeds a coupon to the current representation.
    @inlinable @inline(__always)
    mutating func _update(coupon: UInt32) {
        if _mode == .hll {
            _array.update(coupon: coupon)
        } else {
            _couponModeUpdate(coupon)
        }
    }

    /// LIST/SET update, promoting when a table fills.
    @usableFromInline
    mutating func _couponModeUpdate(_ coupon: UInt32) {
        if _mode == .list {
            guard _coupons.insertIntoList(coupon) == .inserted else { return }
            if _coupons.count == _coupons.slots.count {
                if lgK < 8 {
                    _promoteToHLL()
                } else {
                    _coupons = _coupons.promotedToSet()
                    _mode = .set
                }
            }
        } else {
            guard _coupons.insertIntoSetNoResize(coupon) == .inserted else { return }
            if _coupons.setNeedsResize {
                if _coupons.lgSize == lgK - 3 {
                    _promoteToHLL()
                } else {
                    _coupons.growSet()
                }
            }
        }
    }

    /// LIST/SET → HLL: replay the coupons in array order, then set the HIP accumulator to the
    /// coupon-mode estimate and clear the out-of-order flag.
    mutating func _promoteToHLL() {
        let estimate = _HLLEstimators.couponEstimate(count: _coupons.count)
        var array = _HLLArray(lgK: lgK, type: targetType)
        for coupon in _coupons.slots where coupon != 0 { array.update(coupon: coupon) }
        array.hipAccum = estimate
        array.outOfOrder = false
        _array = array
        _coupons = _HLLCoupons()
        _couponOutOfOrder = false
        _mode = .hll
    }

    /// Feeds a coupon (used by unions).
    mutating func update(coupon: UInt32) {
        _update(coupon: coupon)
    }

    /// The non-empty coupons of a LIST/SET sketch in array order.
    var coupons: [UInt32] { _coupons.nonEmpty }

    /// The register values in slot order (HLL mode only; `nil` otherwise).
    package var registerValues: [UInt8]? { _mode == .hll ? _array.registerValues : nil }
}

extension HLLSketch: Equatable {
    /// Two sketches are equal when their parameters and entire internal state are equal (so equal
    /// sketches serialize to the same bytes).
    public static func == (lhs: HLLSketch, rhs: HLLSketch) -> Bool {
        lhs.lgK == rhs.lgK && lhs.targetType == rhs.targetType && lhs._mode == rhs._mode
            && lhs._couponOutOfOrder == rhs._couponOutOfOrder
            && (lhs._mode == .hll ? lhs._array == rhs._array : lhs._coupons == rhs._coupons)
    }
}

extension HLLSketch: CustomStringConvertible {
    /// A one-line summary: `HLLSketch(lgK: 12, HLL_4, HLL, estimate: 1234.5)`.
    public var description: String {
        "HLLSketch(lgK: \(lgK), \(targetType), \(mode)\(isOutOfOrder ? ", out of order" : ""), estimate: \(estimate))"
    }
}
