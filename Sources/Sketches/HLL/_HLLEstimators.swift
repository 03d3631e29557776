#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The HLL estimators (coupon-mode cubic interpolation, HIP, composite, bounds), with the
/// floating-point operations in DataSketches' order so results match bit for bit on x86_64.
enum _HLLEstimators {
    /// Coupon-mode relative standard error: `0.409 / 2^13`.
    static let couponRSE: Double = 0.409 / Double(1 << 13)
    /// `√ln 2` to 7 digits, the HIP relative-error factor DataSketches uses.
    static let hipRSEFactor: Double = 0.8325546
    /// `√(3 ln 2 − 1)` to 6 digits, the composite (non-HIP) relative-error factor DataSketches uses.
    static let nonHipRSEFactor: Double = 1.03896

    // MARK: Cubic interpolation

    static func cubicInterpolate(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double,
        _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double, _ x: Double
    ) -> Double {
        let l0Numer = (x - x1) * (x - x2) * (x - x3)
        let l1Numer = (x - x0) * (x - x2) * (x - x3)
        let l2Numer = (x - x0) * (x - x1) * (x - x3)
        let l3Numer = (x - x0) * (x - x1) * (x - x2)
        let l0Denom = (x0 - x1) * (x0 - x2) * (x0 - x3)
        let l1Denom = (x1 - x0) * (x1 - x2) * (x1 - x3)
        let l2Denom = (x2 - x0) * (x2 - x1) * (x2 - x3)
        let l3Denom = (x3 - x0) * (x3 - x1) * (x3 - x2)
        let term0 = y0 * l0Numer / l0Denom
        let term1 = y1 * l1Numer / l1Denom
        let term2 = y2 * l2Numer / l2Denom
        let term3 = y3 * l3Numer / l3Denom
        return term0 + term1 + term2 + term3
    }

    /// The index `j` with `xs[base + j] ≤ x < xs[base + j + 1]` (binary search; requires
    /// `xs[base] ≤ x < xs[base + count − 1]`).
    static func straddle(_ xs: [Double], base: Int, count: Int, _ x: Double) -> Int {
        var low = 0
        var high = count - 1
        while low + 1 < high {
            let mid = low + (high - low) / 2
            if xs[base + mid] <= x { low = mid } else { high = mid }
        }
        return low
    }

    /// The 4-point window start for a straddle index.
    static func windowStart(straddle j: Int, count: Int) -> Int {
        if j == 0 { return 0 }
        if j == count - 2 { return j - 2 }
        return j - 1
    }

    /// `C(x)`: the coupon-table interpolation (x within the table).
    static func couponInterpolation(_ x: Double) -> Double {
        let xs = _HLLEstimatorTables.couponX
        let ys = _HLLEstimatorTables.couponY
        let n = xs.count
        if x == xs[n - 1] { return ys[n - 1] }
        let o = windowStart(straddle: straddle(xs, base: 0, count: n, x), count: n)
        return cubicInterpolate(xs[o], ys[o], xs[o + 1], ys[o + 1], xs[o + 2], ys[o + 2], xs[o + 3], ys[o + 3], x)
    }

    // MARK: Coupon mode

    static func couponEstimate(count: Int) -> Double {
        let c = Double(count)
        return max(couponInterpolation(c), c)
    }

    static func couponLowerBound(count: Int, standardDeviations: Int) -> Double {
        let c = Double(count)
        let est = couponInterpolation(c)
        return max(est / (1.0 + Double(standardDeviations) * couponRSE), c)
    }

    static func couponUpperBound(count: Int, standardDeviations: Int) -> Double {
        let c = Double(count)
        let est = couponInterpolation(c)
        return max(est / (1.0 - Double(standardDeviations) * couponRSE), c)
    }

    // MARK: HLL mode

    static func harmonicNumber(_ n: Int) -> Double {
        if n < _HLLEstimatorTables.harmonicExact.count { return _HLLEstimatorTables.harmonicExact[n] }
        let x = Double(n)
        let invSq = 1.0 / (x * x)
        var sum = log(x) + _HLLEstimatorTables.eulerMascheroni + (1.0 / (2.0 * x))
        var power = invSq
        sum -= power * (1.0 / 12.0)
        power *= invSq
        sum += power * (1.0 / 120.0)
        power *= invSq
        sum -= power * (1.0 / 252.0)
        power *= invSq
        sum += power * (1.0 / 240.0)
        return sum
    }

    /// The linear-counting ("bitmap") estimate.
    static func bitmapEstimate(_ a: _HLLArray) -> Double {
        let k = a.k
        let unhit = a.curMin == 0 ? a.numAtCurMin : 0
        if unhit == 0 { return Double(k) * log(Double(k) / 0.5) }
        let hit = k - unhit
        return Double(k) * (harmonicNumber(k) - harmonicNumber(k - hit))
    }

    static func rawEstimate(_ a: _HLLArray) -> Double {
        let k = Double(a.k)
        let cf: Double
        switch a.lgK {
        case 4: cf = 0.673
        case 5: cf = 0.697
        case 6: cf = 0.709
        default: cf = 0.7213 / (1.0 + (1.079 / k))
        }
        return (cf * k * k) / (a.kxq0 + a.kxq1)
    }

    static func compositeEstimate(_ a: _HLLArray) -> Double {
        let raw = rawEstimate(a)
        let xs = _HLLEstimatorTables.compositeX
        let n = 257
        let base = (a.lgK - 4) * n
        let yStride = _HLLEstimatorTables.compositeYStride[a.lgK - 4]
        if raw < xs[base] { return 0 }
        let last = xs[base + n - 1]
        if raw > last {
            let finalY = yStride * Double(n - 1)
            let factor = finalY / last
            return raw * factor
        }
        let adj: Double
        if raw == last {
            adj = yStride * Double(n - 1)
        } else {
            let o = windowStart(straddle: straddle(xs, base: base, count: n, raw), count: n)
            adj = cubicInterpolate(
                xs[base + o], yStride * Double(o), xs[base + o + 1], yStride * Double(o + 1),
                xs[base + o + 2], yStride * Double(o + 2), xs[base + o + 3], yStride * Double(o + 3), raw)
        }
        if adj > Double(3 << a.lgK) { return adj }
        let lin = bitmapEstimate(a)
        let avg = (adj + lin) / 2.0
        let crossOver: Double = a.lgK == 4 ? 0.718 : (a.lgK == 5 ? 0.672 : 0.64)
        return avg > crossOver * Double(1 << a.lgK) ? adj : lin
    }

    static func estimate(_ a: _HLLArray) -> Double {
        a.outOfOrder ? compositeEstimate(a) : a.hipAccum
    }

    static func relativeError(upper: Bool, outOfOrder: Bool, lgK: Int, standardDeviations: Int) -> Double {
        if lgK > 12 {
            let factor = outOfOrder ? nonHipRSEFactor : hipRSEFactor
            let sign: Double = upper ? -1.0 : 1.0
            return sign * Double(standardDeviations) * factor / Double(1 << lgK).squareRoot()
        }
        let index = (lgK - 4) * 3 + (standardDeviations - 1)
        switch (outOfOrder, upper) {
        case (false, false): return _HLLEstimatorTables.hipLb[index]
        case (false, true): return _HLLEstimatorTables.hipUb[index]
        case (true, false): return _HLLEstimatorTables.nonHipLb[index]
        case (true, true): return _HLLEstimatorTables.nonHipUb[index]
        }
    }

    static func lowerBound(_ a: _HLLArray, standardDeviations: Int) -> Double {
        let relErr = relativeError(
            upper: false, outOfOrder: a.outOfOrder, lgK: a.lgK,
            standardDeviations: standardDeviations)
        return max(estimate(a) / (1.0 + relErr), Double(a.numNonZeros))
    }

    static func upperBound(_ a: _HLLArray, standardDeviations: Int) -> Double {
        let relErr = relativeError(
            upper: true, outOfOrder: a.outOfOrder, lgK: a.lgK,
            standardDeviations: standardDeviations)
        // Never below the non-zero registers, as the lower bound is not: DataSketches has no such
        // floor here, and an out-of-order sketch whose composite estimate falls far below them
        // (possible for adversarial registers, found by fuzzing) would get an upper bound below
        // its lower bound.
        return max(estimate(a) / (1.0 + relErr), Double(a.numNonZeros))
    }
}
