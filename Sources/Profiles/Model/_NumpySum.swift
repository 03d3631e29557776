/// Sums as numpy 1.x `np.sum` / `ndarray.mean` / `ndarray.var` do for a contiguous 1-d float64
/// reduction: the input is reduced in buffers of 8192 elements, each buffer by numpy's pairwise
/// summation (8 accumulators over blocks of at most 128, halves split on multiples of 8), the
/// buffer sums added in order to 0.0. Matching it bit for bit makes `distribution/mean` and `m2`
/// equal to whylogs' for the same batches (checked against numpy 1.26 on random arrays).
///
/// The terms are read from a buffer (no closure per element: this runs on every logged value).
enum _NumpySum {
    static let bufferSize = 8192

    /// The terms: the values, or their squared deviations from a mean.
    private enum Term {
        case value
        case squaredDeviation(from: Double)
    }

    /// The numpy sum of the terms of `values`.
    private static func sum(_ values: UnsafePointer<Double>, count: Int, _ term: Term) -> Double {
        var total = 0.0
        var start = 0
        while start < count {
            let length = Swift.min(bufferSize, count - start)
            switch term {
            case .value: total += pairwise(values + start, count: length) { $0 }
            case .squaredDeviation(let mean):
                total += pairwise(values + start, count: length) {
                    let deviation = $0 - mean
                    return deviation * deviation
                }
            }
            start += length
        }
        return total
    }

    @inline(__always)
    private static func pairwise(
        _ values: UnsafePointer<Double>, count: Int, _ term: (Double) -> Double
    ) -> Double {
        if count < 8 {
            var result = 0.0
            for index in 0..<count { result += term(values[index]) }
            return result
        }
        if count <= 128 {
            var r0 = term(values[0])
            var r1 = term(values[1])
            var r2 = term(values[2])
            var r3 = term(values[3])
            var r4 = term(values[4])
            var r5 = term(values[5])
            var r6 = term(values[6])
            var r7 = term(values[7])
            var index = 8
            let blocked = count - count % 8
            while index < blocked {
                r0 += term(values[index])
                r1 += term(values[index + 1])
                r2 += term(values[index + 2])
                r3 += term(values[index + 3])
                r4 += term(values[index + 4])
                r5 += term(values[index + 5])
                r6 += term(values[index + 6])
                r7 += term(values[index + 7])
                index += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while index < count {
                result += term(values[index])
                index += 1
            }
            return result
        }
        var half = count / 2
        half -= half % 8
        return pairwiseNested(values, count: half, term) + pairwiseNested(values + half, count: count - half, term)
    }

    /// The recursive step, out of line so that ``pairwise(_:count:_:)`` inlines into its callers
    /// with the term.
    private static func pairwiseNested(
        _ values: UnsafePointer<Double>, count: Int, _ term: (Double) -> Double
    ) -> Double {
        pairwise(values, count: count, term)
    }

    /// numpy's `(mean, var(ddof=1) * (n - 1))` of `count ≥ 2` values.
    static func meanAndM2(_ values: UnsafeBufferPointer<Double>) -> (mean: Double, m2: Double) {
        guard let base = values.baseAddress else { return (.nan, .nan) }
        let n = Double(values.count)
        let mean = sum(base, count: values.count, .value) / n
        let squares = sum(base, count: values.count, .squaredDeviation(from: mean))
        return (mean, squares / (n - 1) * (n - 1))
    }
}
