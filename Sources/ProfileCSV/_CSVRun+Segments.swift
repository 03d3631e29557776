import Dispatch
import Profiles
import Synchronization

extension _CSVRun {
    /// The second pass of a segmented run: every block read again, with its row bounds and the
    /// columns' final types known from the first, each segment's rows profiled apart.
    ///
    /// Blocks are read on every thread and merged in block order (at most two per thread wait),
    /// so the result does not depend on the thread count. Raw keys that name the same value once
    /// typed (`1` and `1.0` in a float column) are one segment.
    func profileSegments() throws(CSVError) -> [ProfileSegment] {
        let (facts, spans) = state.withLock { ($0.facts, $0.spans) }
        let modes: [_CSVReadMode?] = layout.names.indices.map {
            _CSVReadMode(forcing: finalKind(slot: $0, facts: facts))
        }
        let segmentSlots = options.segmentColumns.map { name in layout.names.firstIndex(of: name)! }
        let maximumSegments = options.maximumSegments
        let gathered = Mutex(_CSVSegmentGathering())
        let next = Atomic<Int>(0)
        let inFlight = DispatchSemaphore(value: 2 * threadCount)
        DispatchQueue.concurrentPerform(iterations: min(threadCount, max(1, spans.count))) { _ in
            let reader = _CSVBlockReader(source: source, layout: layout, blockSize: options.blockSize)
            while true {
                inFlight.wait()
                let job = next.add(1, ordering: .relaxed).oldValue
                if job >= spans.count || gathered.withLock({ $0.failure != nil }) {
                    inFlight.signal()
                    return
                }
                let span = spans[job]
                let block = reader.readSegments(
                    index: span.index, start: span.start, end: span.end, modes: modes, segmentSlots: segmentSlots,
                    maximumSegments: maximumSegments)
                gathered.withLock { gathering in
                    gathering.pending[job] = block
                    while let ready = gathering.pending.removeValue(forKey: gathering.nextToCommit) {
                        gathering.nextToCommit += 1
                        inFlight.signal()
                        gathering.commit(ready, maximumSegments: maximumSegments, input: source.name)
                    }
                }
            }
        }
        let gathering = gathered.withLock { $0 }
        if let failure = gathering.failure { throw failure }
        // Raw keys to typed values; keys that type alike merge, in order of first appearance.
        var byKey: [SegmentKey: _CSVSegmentGathering.Segment] = [:]
        var order: [SegmentKey] = []
        for rawKey in gathering.order {
            let segment = gathering.segments[rawKey]!
            let values = _CSVSegmentation.values(
                rawKey: rawKey, kinds: segmentSlots.map { finalKind(slot: $0, facts: facts) })
            let key = SegmentKey(columns: options.segmentColumns, values: values)
            if byKey[key] == nil {
                byKey[key] = segment
                order.append(key)
            } else {
                byKey[key]!.merge(segment)
            }
        }
        return order.sorted().map { key in
            let segment = byKey[key]!
            var (profile, _) = makeProfile(
                facts: facts, derived: segment.derived, column: { slot, _ in segment.columns[slot] })
            profile.setSegment(key)
            return ProfileSegment(key: key, profile: profile, rowCount: segment.rows)
        }
    }
}

/// The segments of a segmented run's second pass, merged in block order.
struct _CSVSegmentGathering: Sendable {
    struct Segment: Sendable {
        var rows: Int64 = 0
        /// By slot; `nil` until a block has rows of the segment.
        var columns: [ColumnProfile?]
        var derived: [String: ColumnProfile] = [:]

        mutating func add(_ part: _CSVSegmentBlock.Part) {
            rows += Int64(part.rows)
            for (slot, column) in part.columns.enumerated() {
                if columns[slot] == nil { columns[slot] = column.profile } else { columns[slot]!.merge(column.profile) }
            }
            for (name, column) in part.derived {
                if derived[name] == nil { derived[name] = column } else { derived[name]!.merge(column) }
            }
        }

        mutating func merge(_ other: Segment) {
            rows += other.rows
            for (slot, column) in other.columns.enumerated() {
                guard let column else { continue }
                if columns[slot] == nil { columns[slot] = column } else { columns[slot]!.merge(column) }
            }
            for (name, column) in other.derived {
                if derived[name] == nil { derived[name] = column } else { derived[name]!.merge(column) }
            }
        }
    }

    var pending: [Int: _CSVSegmentBlock] = [:]
    var nextToCommit = 0
    var segments: [[UInt8]: Segment] = [:]
    /// Raw keys in order of first appearance.
    var order: [[UInt8]] = []
    var failure: CSVError?

    mutating func commit(_ block: _CSVSegmentBlock, maximumSegments: Int, input: String) {
        guard failure == nil else { return }
        if let blockFailure = block.failure {
            failure = blockFailure
            return
        }
        for part in block.parts {
            if segments[part.rawKey] == nil {
                guard segments.count < maximumSegments else {
                    failure = _CSVSegmentation.tooManySegments(maximumSegments, input: input)
                    return
                }
                segments[part.rawKey] = Segment(columns: Array(repeating: nil, count: part.columns.count))
                order.append(part.rawKey)
            }
            segments[part.rawKey]!.add(part)
        }
    }
}
