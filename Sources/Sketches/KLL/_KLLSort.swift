/// An in-place unstable sort for level 0 (introsort: median-of-three quicksort, insertion sort
/// for short runs, heapsort past a depth limit).
///
/// The standard library's `sort()` (a stable merge sort) costs about 45 ns per element for 200
/// doubles, which made it the largest part of an update; this is 2–3× faster. Items are never NaN,
/// so `<` is a strict weak order. Like `std::sort`, the relative order of equal items (0.0 and
/// −0.0) is unspecified.
@usableFromInline enum _KLLSort {
    @inlinable static func sort<Item: Comparable>(_ buffer: UnsafeMutableBufferPointer<Item>, _ begin: Int, _ end: Int) {
        guard end - begin > 1 else { return }
        var depthLimit = 2 * (Int.bitWidth - (end - begin).leadingZeroBitCount)
        introsort(buffer, begin, end, &depthLimit)
    }

    @inlinable static func introsort<Item: Comparable>(
        _ a: UnsafeMutableBufferPointer<Item>, _ begin: Int, _ end: Int, _ depthLimit: inout Int
    ) {
        var low = begin
        var high = end
        while high - low > 16 {
            if depthLimit == 0 {
                heapsort(a, low, high)
                return
            }
            depthLimit -= 1
            // Median of three to a[low], pivot value in a register.
            let mid = low + (high - low) / 2
            if a[mid] < a[low] { a.swapAt(mid, low) }
            if a[high - 1] < a[low] { a.swapAt(high - 1, low) }
            if a[high - 1] < a[mid] { a.swapAt(high - 1, mid) }
            let pivot = a[mid]
            // Hoare partition.
            var i = low
            var j = high - 1
            while true {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i >= j { break }
                a.swapAt(i, j)
                i += 1
                j -= 1
            }
            // [low, j] ≤ pivot ≤ [j+1, high). Recurse on the smaller side.
            let split = j + 1
            if split - low < high - split {
                var limit = depthLimit
                introsort(a, low, split, &limit)
                low = split
            } else {
                var limit = depthLimit
                introsort(a, split, high, &limit)
                high = split
            }
        }
        insertionSort(a, low, high)
    }

    @inlinable static func insertionSort<Item: Comparable>(_ a: UnsafeMutableBufferPointer<Item>, _ begin: Int, _ end: Int) {
        guard end - begin > 1 else { return }
        for i in (begin + 1)..<end {
            let item = a[i]
            var j = i
            while j > begin && item < a[j - 1] {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = item
        }
    }

    @inlinable static func heapsort<Item: Comparable>(_ a: UnsafeMutableBufferPointer<Item>, _ begin: Int, _ end: Int) {
        let count = end - begin
        func siftDown(_ root: Int, _ size: Int) {
            var parent = root
            while true {
                let left = 2 * parent + 1
                if left >= size { return }
                var child = left
                if left + 1 < size && a[begin + left] < a[begin + left + 1] { child = left + 1 }
                if !(a[begin + parent] < a[begin + child]) { return }
                a.swapAt(begin + parent, begin + child)
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
            a.swapAt(begin, begin + size)
            siftDown(0, size)
        }
    }
}
