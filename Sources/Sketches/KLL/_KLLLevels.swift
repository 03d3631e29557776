/// Level capacities and the in-place compaction primitives of KLL (spec §3.2–3.4).
///
/// The sketch keeps its levels in one items buffer: level h occupies `[levels[h], levels[h+1])`,
/// level 0 fills from the top down, levels ≥ 1 are sorted ascending. The primitives take a pointer
/// to the first item of the run they work on (inside `withUnsafeMutableBufferPointer`, so the
/// inner loops have no bounds checks); the caller guarantees the runs lie in the buffer.
@usableFromInline enum _KLLLevels {
    /// The minimum level width m (always 8 in DataSketches).
    @usableFromInline static let minWidth = 8
    /// The smallest and largest k.
    @usableFromInline static let kRange = 8...65535
    /// The most levels an image may declare: capacities are defined for depth ≤ 60, and 61
    /// levels already hold more than 2^63 items' weight.
    @usableFromInline static let maxLevels = 61

    /// 3^d for d in 0...30.
    @usableFromInline static let powersOfThree: [Int] = {
        var result = [1]
        for _ in 1...30 { result.append(result.last! * 3) }
        return result
    }()

    /// k·(2/3)^depth rounded half up, in integers: `((2k << d) / 3^d + 1) >> 1`.
    @inlinable static func capacityAux(_ k: Int, depth: Int) -> Int {
        if depth > 30 {
            let half = depth / 2
            return capacityAux(capacityAux(k, depth: half), depth: depth - half)
        }
        let twiceK = (2 * k) << depth
        return (twiceK / powersOfThree[depth] + 1) >> 1
    }

    /// The capacity of level `height` in a sketch with `numLevels` levels:
    /// `max(m, k·(2/3)^(numLevels − height − 1))`.
    @inlinable static func levelCapacity(k: Int, numLevels: Int, height: Int) -> Int {
        max(minWidth, capacityAux(k, depth: numLevels - height - 1))
    }

    /// The sum of the level capacities: the size of the items buffer.
    @inlinable static func totalCapacity(k: Int, numLevels: Int) -> Int {
        var total = 0
        for h in 0..<numLevels { total += levelCapacity(k: k, numLevels: numLevels, height: h) }
        return total
    }

    /// Keeps every other item of the sorted run `first[0..<count]` (count even), starting from
    /// the top (positions count−1−bit, count−3−bit, …), packed into the top half in order.
    @inlinable static func halveUp<Item>(_ first: UnsafeMutablePointer<Item>, count: Int, bit: Int) {
        let half = count / 2
        var source = count - 1 - bit
        var destination = count - 1
        while destination >= half {
            first[destination] = first[source]
            destination -= 1
            source -= 2
        }
    }

    /// Keeps positions bit, bit+2, … of `first[0..<count]` (count even), packed into the bottom
    /// half in order.
    @inlinable static func halveDown<Item>(_ first: UnsafeMutablePointer<Item>, count: Int, bit: Int) {
        var source = bit
        for destination in 0..<(count / 2) {
            first[destination] = first[source]
            source += 2
        }
    }

    /// Merges the sorted runs `a[0..<aCount]` and `b[0..<bCount]` into `output[0...]`. Takes from
    /// run a only when its item is strictly less, so on ties run b's item comes first. Safe in
    /// place when the output does not overtake run b (as in a compaction, where the output starts
    /// right after run a's kept half and run b follows at the end of the level).
    ///
    /// Long runs are merged from both ends at once, run b copied aside first (the output covers
    /// it): the two halves of the output are independent, so the two select chains overlap instead
    /// of each waiting on its own previous loads. Ties resolve the same way from the back (run a's
    /// item goes last), so the result is the same sequence as a merge from the front.
    @inlinable static func mergeSorted<Item: Comparable>(
        _ a: UnsafeMutablePointer<Item>, count aCount: Int, _ b: UnsafeMutablePointer<Item>, count bCount: Int,
        into output: UnsafeMutablePointer<Item>
    ) {
        if aCount < 16 || bCount < 16 {
            mergeForward(a, count: aCount, b, count: bCount, into: output)
            return
        }
        withUnsafeTemporaryAllocation(of: Item.self, capacity: bCount) { copy in
            let runB = copy.baseAddress!
            runB.initialize(from: b, count: bCount)
            mergeBothEnds(a, count: aCount, runB, count: bCount, into: output)
            runB.deinitialize(count: bCount)
        }
    }

    /// The merge from the front only (see ``mergeSorted(_:count:_:count:into:)``).
    @inlinable static func mergeForward<Item: Comparable>(
        _ a: UnsafeMutablePointer<Item>, count aCount: Int, _ b: UnsafeMutablePointer<Item>, count bCount: Int,
        into output: UnsafeMutablePointer<Item>
    ) {
        var i = 0
        var j = 0
        var out = output
        while i < aCount && j < bCount {
            // Branch-free select: which side wins is unpredictable for random data.
            let x = a[i]
            let y = b[j]
            let takeA = x < y
            out.pointee = takeA ? x : y
            out += 1
            i += takeA ? 1 : 0
            j += takeA ? 0 : 1
        }
        // One run is used up; copy the rest of the other (item by item: the tails are short,
        // and when run b is left over in place the copy is skipped).
        while i < aCount {
            out.pointee = a[i]
            out += 1
            i += 1
        }
        if out != b + j {
            while j < bCount {
                out.pointee = b[j]
                out += 1
                j += 1
            }
        }
    }

    /// The merge from both ends of runs that do not overlap the output.
    @inlinable static func mergeBothEnds<Item: Comparable>(
        _ a: UnsafeMutablePointer<Item>, count aCount: Int, _ b: UnsafeMutablePointer<Item>, count bCount: Int,
        into output: UnsafeMutablePointer<Item>
    ) {
        // Front: the smallest items; back: the largest. The output's prefix and suffix are
        // disjoint while front ≤ back, so no item is taken twice.
        var i = 0
        var j = 0
        var front = 0
        var ia = aCount - 1
        var jb = bCount - 1
        var back = aCount + bCount - 1
        while front < back && i < aCount && j < bCount && ia >= 0 && jb >= 0 {
            let x = a[i]
            let y = b[j]
            let takeA = x < y
            output[front] = takeA ? x : y
            front += 1
            i += takeA ? 1 : 0
            j += takeA ? 0 : 1
            let u = a[ia]
            let v = b[jb]
            let takeALast = !(u < v)
            output[back] = takeALast ? u : v
            back -= 1
            ia -= takeALast ? 1 : 0
            jb -= takeALast ? 0 : 1
        }
        // The middle, from the front, with bounds.
        while front <= back {
            if j >= bCount || (i < aCount && a[i] < b[j]) {
                output[front] = a[i]
                i += 1
            } else {
                output[front] = b[j]
                j += 1
            }
            front += 1
        }
    }

    /// Upper bound on the number of levels for n items: 1 + ⌊log2 n⌋ (1 for n = 0).
    @inlinable static func levelsUpperBound(_ n: Int) -> Int {
        n <= 1 ? 1 : 1 + (Int.bitWidth - 1 - n.leadingZeroBitCount)
    }
}
