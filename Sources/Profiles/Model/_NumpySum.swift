/// Sums as numpy 1.x `np.sum` / `ndarray.mean` / `ndarray.var` do for a contiguous 1-d float64
/// reduction: the input is reduced in buffers of 8192 elements, each buffer by numpy's pairwise
/// summation (8 accumulators over blocks of at most 128, halves split on multiples of 8), the
/// buffer sums added in order to 0.0. Matching it bit for bit makes `distribution/mean` and `m2`
/// equal to whylogs' for the same batches (checked against numpy 1.26 on random arrays).
enum _NumpySum {
    static let bufferSize = 8192

    /// The numpy sum of `count` values read by `value(i)`.
    @inline(__always)
    static func sum(count: Int, _ value: (Int) -> Double) -> Double {
        var total = 0.0
        var start = 0
        while start < count {
            let length = Swift.min(bufferSize, count - start)
            total += pairwise(start: start, count: length, value)
            start += length
        }
        return total
    }

    @inline(__always)
    static func pairwise(start: Int, count: Int, _ value: (Int) -> Double) -> Double {
        if count < 8 {
            var result = 0.0
            for index in start..<(start + count) { result += value(index) }
            return result
        }
        if count <= 128 {
            var r0 = value(start)
            var r1 = value(start + 1)
            var r2 = value(start + 2)
            var r3 = value(start + 3)
            var r4 = value(start + 4)
            var r5 = value(start + 5)
            var r6 = value(start + 6)
            var r7 = value(start + 7)
            var index = 8
            let blocked = count - count % 8
            while index < blocked {
                let base = start + index
                r0 += value(base)
                r1 += value(base + 1)
                r2 += value(base + 2)
                r3 += value(base + 3)
                r4 += value(base + 4)
                r5 += value(base + 5)
                r6 += value(base + 6)
                r7 += value(base + 7)
                index += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while index < count {
                result += value(start + index)
                index += 1
            }
            return result
        }
        var half = count / 2
        half -= half % 8
        return pairwise(start: start, count: half, value) + pairwise(start: start + half, count: count - half, value)
    }

    /// numpy's `(mean, var(ddof=1) * (n - 1))` of `count ≥ 2` values.
    @inline(__always)
    static func meanAndM2(count: Int, _ value: (Int) -> Double) -> (mean: Double, m2: Double) {
        let n = Double(count)
        let mean = sum(count: count, value) / n
        let squares = sum(count: count) { index in
            let deviation = value(index) - mean
            return deviation * deviation
        }
        return (mean, squares / (n - 1) * (n - 1))
    }
}
