/// An in-place unstable sort for level 0: introsort (quicksort with a branch-free partition,
/// insertion sort for short runs, heapsort past a depth limit).
///
/// Sorting level 0 is most of the cost of a compaction. For random data, which side of the pivot
/// an item falls on is a coin toss, so a partition loop that branches on it mispredicts about
/// every other item; the partition here moves every item unconditionally and only advances an
/// index by the comparison's outcome. Items are never NaN, so `<` is a strict weak order. Like
/// `std::sort`, the relative order of equal items (0.0 and −0.0) is unspecified.
@usableFromInline enum _KLLSort {
    /// Runs of at most this many items are finished by insertion sort.
    @usableFromInline static let insertionSortLimit = 16

    /// Sorts `first[0..<count]` ascending.
    @inlinable static func sort<Item: Comparable>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        guard count > 1 else { return }
        introsort(first, count: count, depthLimit: 2 * (Int.bitWidth - count.leadingZeroBitCount), hasLowerBound: false)
    }

    /// Sorts `first[0..<count]`. When `hasLowerBound` is true, `first[-1]` (the pivot of an
    /// enclosing partition) is not greater than any item of the run.
    @inlinable static func introsort<Item: Comparable>(
        _ first: UnsafeMutablePointer<Item>, count: Int, depthLimit: Int, hasLowerBound: Bool
    ) {
        var low = first
        var count = count
        var depthLimit = depthLimit
        var hasLowerBound = hasLowerBound
        while count > insertionSortLimit {
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
        insertionSort(low, count: count)
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

    @inlinable static func insertionSort<Item: Comparable>(_ first: UnsafeMutablePointer<Item>, count: Int) {
        guard count > 1 else { return }
        for i in 1..<count {
            let item = first[i]
            var j = i
            while j > 0 && item < first[j - 1] {
                first[j] = first[j - 1]
                j -= 1
            }
            first[j] = item
        }
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
