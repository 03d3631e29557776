import Profiles

/// Reusable storage for a column's parsed values.
struct _CSVScratch<Value> {
    private var storage = UnsafeMutableBufferPointer<Value>(start: nil, count: 0)

    /// Room for `count` values (the contents are not kept when it grows).
    mutating func buffer(count: Int) -> UnsafeMutableBufferPointer<Value> {
        if storage.count < count {
            storage.deallocate()
            storage = .allocate(capacity: max(count, 2 * storage.count))
        }
        return storage
    }

    func deallocate() { storage.deallocate() }
}
