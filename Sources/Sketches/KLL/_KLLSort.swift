/// An in-place unstable sort for level 0: introsort (quicksort with a branch-free partition,
/// sorting networks for runs of at most 16 items, heapsort past a depth limit).
///
/// Sorting level 0 is most of the cost of a compaction, and in a long stream level 0 is short
/// when it is compacted (k = 200: 8 to 16 items in most compactions). For random data every
/// comparison is a coin toss, so code that branches on comparisons (insertion sort, a classic
/// partition loop) mispredicts about once per item. Here short runs go through a fixed
/// comparator network (Batcher's merge-exchange, every comparator a branch-free min/max), and the
/// partition moves every item unconditionally and only advances an index by the comparison's
/// outcome. Items are never NaN, so `<` is a strict weak order. Like `std::sort`, the relative
/// order of equal items (0.0 and −0.0) is unspecified.
@usableFromInline enum _KLLSort {
    /// Runs of at most this many items are finished by a sorting network.
    @usableFromInline static let networkLimit = 16

    /// Sorts `first[0..<count]` ascending.
    @inlinable static func sort<Item: FloatingPoint>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        guard count > 1 else { return }
        introsort(first, count: count, depthLimit: 2 * (Int.bitWidth - count.leadingZeroBitCount), hasLowerBound: false)
    }

    /// Sorts `first[0..<count]`. When `hasLowerBound` is true, `first[-1]` (the pivot of an
    /// enclosing partition) is not greater than any item of the run.
    @inlinable static func introsort<Item: FloatingPoint>(
        _ first: UnsafeMutablePointer<Item>, count: Int, depthLimit: Int, hasLowerBound: Bool
    ) {
        var low = first
        var count = count
        var depthLimit = depthLimit
        var hasLowerBound = hasLowerBound
        while count > networkLimit {
            if depthLimit == 0 {
                heapsort(low, count: count)
                return
            }
            depthLimit -= 1
            // Median of three to the last slot, where it serves as the pivot.
            let last = count - 1
            let mid = count / 2
            if low[mid] < low[0] { swapAt(low, mid, 0) }
            if low[last] < low[0] { swapAt(low, last, 0) }
            if low[mid] < low[last] { swapAt(low, mid, last) }
            let pivot = low[last]
            if hasLowerBound && !(low[-1] < pivot) {
                // The pivot equals the enclosing pivot, which no item is below: every item ≤ pivot
                // equals it. Move them to the front, where they are already in place.
                let equal = partition(low, count: last) { !(pivot < $0) }
                swapAt(low, equal, last)
                low += equal + 1
                count -= equal + 1
                continue
            }
            let split = partition(low, count: last) { $0 < pivot }
            swapAt(low, split, last)
            // [0, split) < pivot ≤ [split+1, count). Recurse on the smaller side.
            let leftCount = split
            let rightCount = count - split - 1
            if leftCount < rightCount {
                introsort(low, count: leftCount, depthLimit: depthLimit, hasLowerBound: hasLowerBound)
                low += split + 1
                count = rightCount
                hasLowerBound = true
            } else {
                introsort(low + split + 1, count: rightCount, depthLimit: depthLimit, hasLowerBound: true)
                count = leftCount
            }
        }
        if count <= 1 { return }
        if count <= 8 { sort8(low, count: count) } else { sort16(low, count: count) }
    }

    /// Moves the items of `first[0..<count]` for which `isLeft` holds to the front and returns
    /// their number (Lomuto's scheme without branches on the outcome).
    @inlinable static func partition<Item>(
        _ first: UnsafeMutablePointer<Item>, count: Int, _ isLeft: (Item) -> Bool
    ) -> Int {
        var store = 0
        for i in 0..<count {
            // Invariant: [0, store) is left, [store, i) is right. Swapping item i with the first
            // right item keeps it whichever way item i goes; only `store` depends on the test.
            let item = first[i]
            first[i] = first[store]
            first[store] = item
            store += isLeft(item) ? 1 : 0
        }
        return store
    }

    @inlinable static func swapAt<Item>(_ first: UnsafeMutablePointer<Item>, _ i: Int, _ j: Int) {
        let item = first[i]
        first[i] = first[j]
        first[j] = item
    }

    /// Orders two items: the smaller (either, if equal) ends in `a`. Compiles to min/max
    /// instructions, without branches.
    @inlinable @inline(__always) static func sort2<Item: Comparable>(_ a: inout Item, _ b: inout Item) {
        let low = b < a ? b : a
        let high = b < a ? a : b
        a = low
        b = high
    }

    /// The item at `index` of `first[0..<count]`, or +∞ past the end. Padding a short run with
    /// +∞ lets one network sort every length up to its width; +∞ items of the run have the same
    /// bits as the padding, so which copies land in the run does not matter.
    @inlinable @inline(__always) static func padded<Item: FloatingPoint>(
        _ first: UnsafeMutablePointer<Item>, _ index: Int, _ count: Int
    ) -> Item {
        index < count ? first[index] : .infinity
    }

    /// Sorts `first[0..<count]`, 2 ≤ count ≤ 8, with Batcher's 19-comparator network.
    @inlinable static func sort8<Item: FloatingPoint>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        var v0 = padded(first, 0, count)
        var v1 = padded(first, 1, count)
        var v2 = padded(first, 2, count)
        var v3 = padded(first, 3, count)
        var v4 = padded(first, 4, count)
        var v5 = padded(first, 5, count)
        var v6 = padded(first, 6, count)
        var v7 = padded(first, 7, count)
        sort2(&v0, &v4)
        sort2(&v1, &v5)
        sort2(&v2, &v6)
        sort2(&v3, &v7)
        sort2(&v0, &v2)
        sort2(&v1, &v3)
        sort2(&v4, &v6)
        sort2(&v5, &v7)
        sort2(&v2, &v4)
        sort2(&v3, &v5)
        sort2(&v0, &v1)
        sort2(&v2, &v3)
        sort2(&v4, &v5)
        sort2(&v6, &v7)
        sort2(&v1, &v4)
        sort2(&v3, &v6)
        sort2(&v1, &v2)
        sort2(&v3, &v4)
        sort2(&v5, &v6)
        first[0] = v0
        first[1] = v1
        if count > 2 { first[2] = v2 }
        if count > 3 { first[3] = v3 }
        if count > 4 { first[4] = v4 }
        if count > 5 { first[5] = v5 }
        if count > 6 { first[6] = v6 }
        if count > 7 { first[7] = v7 }
    }

    /// Sorts `first[0..<count]`, 2 ≤ count ≤ 16, with Batcher's 63-comparator network.
    @inlinable static func sort16<Item: FloatingPoint>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        var v0 = padded(first, 0, count)
        var v1 = padded(first, 1, count)
        var v2 = padded(first, 2, count)
        var v3 = padded(first, 3, count)
        var v4 = padded(first, 4, count)
        var v5 = padded(first, 5, count)
        var v6 = padded(first, 6, count)
        var v7 = padded(first, 7, count)
        var v8 = padded(first, 8, count)
        var v9 = padded(first, 9, count)
        var v10 = padded(first, 10, count)
        var v11 = padded(first, 11, count)
        var v12 = padded(first, 12, count)
        var v13 = padded(first, 13, count)
        var v14 = padded(first, 14, count)
        var v15 = padded(first, 15, count)
        sort2(&v0, &v8)
        sort2(&v1, &v9)
        sort2(&v2, &v10)
        sort2(&v3, &v11)
        sort2(&v4, &v12)
        sort2(&v5, &v13)
        sort2(&v6, &v14)
        sort2(&v7, &v15)
        sort2(&v0, &v4)
        sort2(&v1, &v5)
        sort2(&v2, &v6)
        sort2(&v3, &v7)
        sort2(&v8, &v12)
        sort2(&v9, &v13)
        sort2(&v10, &v14)
        sort2(&v11, &v15)
        sort2(&v4, &v8)
        sort2(&v5, &v9)
        sort2(&v6, &v10)
        sort2(&v7, &v11)
        sort2(&v0, &v2)
        sort2(&v1, &v3)
        sort2(&v4, &v6)
        sort2(&v5, &v7)
        sort2(&v8, &v10)
        sort2(&v9, &v11)
        sort2(&v12, &v14)
        sort2(&v13, &v15)
        sort2(&v2, &v8)
        sort2(&v3, &v9)
        sort2(&v6, &v12)
        sort2(&v7, &v13)
        sort2(&v2, &v4)
        sort2(&v3, &v5)
        sort2(&v6, &v8)
        sort2(&v7, &v9)
        sort2(&v10, &v12)
        sort2(&v11, &v13)
        sort2(&v0, &v1)
        sort2(&v2, &v3)
        sort2(&v4, &v5)
        sort2(&v6, &v7)
        sort2(&v8, &v9)
        sort2(&v10, &v11)
        sort2(&v12, &v13)
        sort2(&v14, &v15)
        sort2(&v1, &v8)
        sort2(&v3, &v10)
        sort2(&v5, &v12)
        sort2(&v7, &v14)
        sort2(&v1, &v4)
        sort2(&v3, &v6)
        sort2(&v5, &v8)
        sort2(&v7, &v10)
        sort2(&v9, &v12)
        sort2(&v11, &v14)
        sort2(&v1, &v2)
        sort2(&v3, &v4)
        sort2(&v5, &v6)
        sort2(&v7, &v8)
        sort2(&v9, &v10)
        sort2(&v11, &v12)
        sort2(&v13, &v14)
        first[0] = v0
        first[1] = v1
        if count > 2 { first[2] = v2 }
        if count > 3 { first[3] = v3 }
        if count > 4 { first[4] = v4 }
        if count > 5 { first[5] = v5 }
        if count > 6 { first[6] = v6 }
        if count > 7 { first[7] = v7 }
        if count > 8 { first[8] = v8 }
        if count > 9 { first[9] = v9 }
        if count > 10 { first[10] = v10 }
        if count > 11 { first[11] = v11 }
        if count > 12 { first[12] = v12 }
        if count > 13 { first[13] = v13 }
        if count > 14 { first[14] = v14 }
        if count > 15 { first[15] = v15 }
    }

    @inlinable static func heapsort<Item: Comparable>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        func siftDown(_ root: Int, _ size: Int) {
            var parent = root
            while true {
                let left = 2 * parent + 1
                if left >= size { return }
                var child = left
                if left + 1 < size && first[left] < first[left + 1] { child = left + 1 }
                if !(first[parent] < first[child]) { return }
                swapAt(first, parent, child)
                parent = child
            }
        }
        var start = count / 2
        while start > 0 {
            start -= 1
            siftDown(start, count)
        }
        var size = count
        while size > 1 {
            size -= 1
            swapAt(first, 0, size)
            siftDown(0, size)
        }
    }
}
