import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one block of the input, from a fixed start: the file's pages mapped read-only
/// (`mmap`, prefaulted), or a copy made with `pread` (bytes in memory, or when mapping fails).
/// Offsets from the start stay valid when the range grows; ``release()`` unmaps, so resident
/// memory holds only the blocks being read.
final class _CSVByteBuffer {
    /// The first byte.
    private(set) var pointer: UnsafeMutableRawPointer
    /// Bytes available from `pointer`.
    private(set) var count = 0
    private var start: Int64 = 0
    private var mapping: (address: UnsafeMutableRawPointer, length: Int)?
    private var heap: UnsafeMutableRawPointer
    private var heapCapacity: Int
    private static let pageSize = Int64(max(4096, sysconf(Int32(_SC_PAGESIZE))))

    init(capacity: Int) {
        heapCapacity = max(capacity, 4096)
        heap = .allocate(byteCount: heapCapacity, alignment: 64)
        pointer = heap
    }

    deinit {
        release()
        heap.deallocate()
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Makes bytes `[from, end)` of the input available; when `from` is the current start, the
    /// bytes already held are kept.
    ///
    /// - Throws: ``CSVError`` (`ioFailure`).
    func load(_ source: _CSVByteSource, from: Int64, upTo end: Int64) throws(CSVError) {
        if from != start { release() }
        start = from
        let wanted = Int(max(0, end - from))
        guard wanted > count else { return }
        if let file = source.file, map(file, wanted: wanted) { return }
        if mapping != nil { release() }
        if wanted > heapCapacity {
            let newCapacity = max(wanted, heapCapacity + heapCapacity / 2)
            let newHeap = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
            newHeap.copyMemory(from: heap, byteCount: count)
            heap.deallocate()
            heap = newHeap
            heapCapacity = newCapacity
        }
        pointer = heap
        let got = try source.read(into: heap + count, count: wanted - count, at: from + Int64(count))
        count += got
    }

    /// Maps `[start, start + wanted)` of the file; `false` when `mmap` fails.
    private func map(_ file: (descriptor: Int32, base: Int64), wanted: Int) -> Bool {
        let offset = file.base + start
        let aligned = offset - offset % Self.pageSize
        let delta = Int(offset - aligned)
        let length = delta + wanted
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let address = mmap(nil, length, PROT_READ, flags, file.descriptor, off_t(aligned)),
            address != MAP_FAILED
        else { return false }
        if let old = mapping { munmap(old.address, old.length) }
        mapping = (address, length)
        pointer = address + delta
        count = wanted
        return true
    }

    /// Unmaps the block's pages (a copy stays allocated for the next block).
    func release() {
        if let old = mapping {
            munmap(old.address, old.length)
            mapping = nil
        }
        pointer = heap
        count = 0
    }
}
