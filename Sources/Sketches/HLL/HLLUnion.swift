/// A union of HLL sketches: the distinct count of the combined streams.
///
/// The union keeps an HLL_8 "gadget" sketch with `lgK = lgMaxK` (smaller if a sketch with a
/// smaller `lgK` is merged: the gadget is downsampled). Sketches of any `lgK` and target type can
/// be merged. The gadget is kept consistent *eagerly*, as DataSketches 3.x
/// (`whylogs-sketching`) does: register merges update kxq and the zero count incrementally. It
/// therefore does not have the data-loss bug of DataSketches 4.1.0–5.2.0, where a downsampled
/// gadget could report itself empty and be replaced by the next sketch.
///
/// Once two HLL-mode sketches have been merged, the result is out of order and its estimate
/// comes from the composite estimator (RSE about `1.04 / √k`) instead of HIP.
///
/// ```swift
/// var union = HLLUnion(lgMaxK: 12)
/// union.update(sketchA)
/// union.update(sketchB)
/// let combined = union.result()      // HLL_4
/// ```
public struct HLLUnion: Sendable {
    /// The largest `lgK` the union's gadget may have.
    public let lgMaxK: Int
    /// The HLL_8 gadget.
    var gadget: HLLSketch

    /// Creates an empty union.
    ///
    /// - Parameter lgMaxK: the largest `lgK`, 4...21 (a precondition).
    /// - Complexity: O(1).
    public init(lgMaxK: Int) {
        precondition((HLLSketch.minLgK...HLLSketch.maxLgK).contains(lgMaxK), "HLL lgMaxK must be in 4...21")
        self.lgMaxK = lgMaxK
        self.gadget = HLLSketch(lgK: lgMaxK, targetType: .hll8)
    }

    /// The gadget's current `lgK` (`lgMaxK`, or smaller after merging a smaller sketch).
    public var lgK: Int { gadget.lgK }

    /// True when nothing non-empty has been merged.
    public var isEmpty: Bool { gadget.isEmpty }

    /// The gadget's current mode (a union of LIST/SET sketches can stay in LIST/SET mode).
    public var mode: HLLMode { gadget.mode }

    /// True once HLL-mode sketches have been merged (the composite estimator is then used).
    public var isOutOfOrder: Bool { gadget.isOutOfOrder }

    /// The estimated distinct count of the union (see ``HLLSketch/estimate``).
    ///
    /// - Complexity: O(1).
    public var estimate: Double { gadget.estimate }

    /// A lower confidence bound on the union's distinct count.
    ///
    /// - Parameter standardDeviations: 1, 2 or 3; other values are a precondition failure.
    /// - Returns: the bound (see ``HLLSketch/lowerBound(standardDeviations:)``).
    /// - Complexity: O(1).
    public func lowerBound(standardDeviations: Int) -> Double {
        gadget.lowerBound(standardDeviations: standardDeviations)
    }

    /// An upper confidence bound on the union's distinct count.
    ///
    /// - Parameter standardDeviations: 1, 2 or 3; other values are a precondition failure.
    /// - Returns: the bound (see ``HLLSketch/upperBound(standardDeviations:)``).
    /// - Complexity: O(1).
    public func upperBound(standardDeviations: Int) -> Double {
        gadget.upperBound(standardDeviations: standardDeviations)
    }

    /// The union as a sketch of the given type, with the gadget's mode and `lgK`.
    ///
    /// - Parameter targetType: the result's register layout; HLL_4 by default, as in DataSketches.
    /// - Returns: the combined sketch.
    /// - Complexity: O(k).
    public func result(targetType: HLLTargetType = .hll4) -> HLLSketch {
        gadget.converted(to: targetType)
    }

    /// Merges a sketch into the union. Empty sketches are ignored.
    ///
    /// - Parameter sketch: the sketch to merge (any `lgK`, mode and target type).
    /// - Complexity: O(coupons) for LIST/SET sketches, O(k) for HLL-mode sketches.
    public mutating func update(_ sketch: HLLSketch) {
        if sketch.isEmpty { return }
        if sketch.mode != .hll {
            if gadget.isEmpty && sketch.lgK == gadget.lgK {
                gadget = sketch.converted(to: .hll8)
            } else {
                for coupon in sketch.coupons { gadget.update(coupon: coupon) }
            }
            return
        }
        if gadget.isEmpty {
            gadget = Self.copyOrDownsample(sketch._array, lgK: lgMaxK)
            return
        }
        if gadget.mode != .hll {
            let oldCoupons = gadget.coupons
            gadget = Self.copyOrDownsample(sketch._array, lgK: lgMaxK)
            for coupon in oldCoupons { gadget._array.update(coupon: coupon) }
            return
        }
        if sketch.lgK < gadget.lgK {
            gadget = Self.copyOrDownsample(gadget._array, lgK: sketch.lgK)
        }
        gadget._array.mergeRegisters(from: sketch._array)
        gadget._array.outOfOrder = true
        gadget._array.hipAccum = 0
    }

    /// `src` as an HLL_8 sketch with `lgK = min(src.lgK, lgK)`: a conversion when no downsampling
    /// is needed, otherwise a register-wise max over `i mod 2^lgK` (kxq kept incrementally), with
    /// the source's HIP accumulator and out-of-order flag.
    static func copyOrDownsample(_ src: _HLLArray, lgK: Int) -> HLLSketch {
        let array: _HLLArray
        if src.lgK <= lgK {
            array = src.type == .hll8 ? src : src.converted(to: .hll8)
        } else {
            var target = _HLLArray(lgK: lgK, type: .hll8)
            target.mergeRegisters(from: src)
            target.hipAccum = src.hipAccum
            target.outOfOrder = src.outOfOrder
            array = target
        }
        return HLLSketch(
            lgK: array.lgK, targetType: .hll8, mode: .hll, coupons: _HLLCoupons(), array: array,
            couponOutOfOrder: false)
    }
}
