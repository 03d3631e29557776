extension HLLSketch {
    /// The estimated number of distinct items.
    ///
    /// LIST/SET mode: the coupon-count interpolation (nearly exact). HLL mode: the HIP estimate,
    /// or the composite estimator when ``isOutOfOrder``. An empty sketch returns 0.
    ///
    /// - Complexity: O(1) (O(log) table search for the composite estimator).
    public var estimate: Double {
        switch _mode {
        case .hll: _HLLEstimators.estimate(_array)
        default: _coupons.count == 0 ? 0 : _HLLEstimators.couponEstimate(count: _coupons.count)
        }
    }

    /// An approximate lower confidence bound on the distinct count.
    ///
    /// - Parameter standardDeviations: 1, 2 or 3 (about 68.3 %, 95.4 % and 99.7 % confidence);
    ///   other values are a precondition failure.
    /// - Returns: the bound, never below the number of non-zero registers (HLL) or the coupon
    ///   count (LIST/SET); 0 for an empty sketch.
    /// - Complexity: O(1).
    public func lowerBound(standardDeviations: Int) -> Double {
        precondition((1...3).contains(standardDeviations), "standardDeviations must be 1, 2 or 3")
        switch _mode {
        case .hll: return _HLLEstimators.lowerBound(_array, standardDeviations: standardDeviations)
        default:
            if _coupons.count == 0 { return 0 }
            return _HLLEstimators.couponLowerBound(count: _coupons.count, standardDeviations: standardDeviations)
        }
    }

    /// An approximate upper confidence bound on the distinct count.
    ///
    /// - Parameter standardDeviations: 1, 2 or 3; other values are a precondition failure.
    /// - Returns: the bound, never below the number of non-zero registers (HLL) or the coupon
    ///   count (LIST/SET), so never below ``lowerBound(standardDeviations:)``; 0 for an empty
    ///   sketch.
    /// - Complexity: O(1).
    public func upperBound(standardDeviations: Int) -> Double {
        precondition((1...3).contains(standardDeviations), "standardDeviations must be 1, 2 or 3")
        switch _mode {
        case .hll: return _HLLEstimators.upperBound(_array, standardDeviations: standardDeviations)
        default:
            if _coupons.count == 0 { return 0 }
            return _HLLEstimators.couponUpperBound(count: _coupons.count, standardDeviations: standardDeviations)
        }
    }

    /// A copy of this sketch with another register layout. LIST/SET sketches keep their coupons;
    /// HLL sketches are rebuilt register by register (estimates are preserved: the HIP accumulator
    /// and out-of-order flag are carried over).
    ///
    /// - Parameter targetType: the new layout.
    /// - Returns: the converted sketch (`self` if the type is unchanged).
    /// - Complexity: O(k) in HLL mode.
    public func converted(to targetType: HLLTargetType) -> HLLSketch {
        if targetType == self.targetType { return self }
        let array =
            _mode == .hll
            ? _array.converted(to: targetType) : _HLLArray(placeholderLgK: lgK, type: targetType)
        return HLLSketch(
            lgK: lgK, targetType: targetType, mode: _mode, coupons: _coupons, array: array,
            couponOutOfOrder: _couponOutOfOrder)
    }
}
