import Synchronization

/// Predictions waiting for their ground truth: a bounded map from ``PredictionID`` to the model
/// output (a regressor's value, or a classifier's label and score), with expiry. Sharded by identifier (the identifiers are random), so concurrent requests
/// rarely share a lock.
final class _PredictionStore: Sendable {
    struct Entry: Sendable {
        var prediction: Prediction
        var recordedMilliseconds: UInt64
    }

    /// What the join needs of a model output.
    enum Prediction: Sendable, Hashable {
        /// A regressor's output.
        case value(Double)
        /// A classifier's predicted label (its text, `ClassLabel.text`) and score
        /// (1.0 when the model gave none, as whylogs logs rows without scores).
        case label(String, score: Double)
    }

    private struct Shard: Sendable {
        var entries: [PredictionID: Entry] = [:]
        /// Insertion order, for expiry and eviction (may hold identifiers already taken).
        var order: [PredictionID] = []
        var orderStart = 0
    }

    private final class Box: Sendable {
        let shard = Mutex(Shard())
    }

    private let boxes: [Box]
    private let capacityPerShard: Int
    private let retentionMilliseconds: UInt64

    init(capacity: Int, retentionSeconds: Int, shardCount: Int = 16) {
        self.boxes = (0..<shardCount).map { _ in Box() }
        self.capacityPerShard = capacity == 0 ? 0 : max(1, (capacity + shardCount - 1) / shardCount)
        self.retentionMilliseconds = UInt64(retentionSeconds) * 1000
    }

    /// Remembers a prediction; evicts the shard's oldest entries beyond capacity or retention.
    func insert(_ id: PredictionID, prediction: Prediction, now: UInt64) {
        guard capacityPerShard > 0 else { return }
        boxes[Int(id.low % UInt64(boxes.count))].shard.withLock { shard in
            // An identifier already held keeps its place in the order (so the order never holds
            // one live identifier twice).
            if shard.entries.updateValue(Entry(prediction: prediction, recordedMilliseconds: now), forKey: id) == nil {
                shard.order.append(id)
            }
            evict(&shard, now: now)
        }
    }

    /// Takes a prediction out (each prediction joins once); `nil` if it is not held or has
    /// outlived the retention.
    ///
    /// One hash look-up: expiry is checked on the entry itself, and eviction is left to
    /// ``insert(_:prediction:now:)`` (only inserts make a shard grow), so the request path does
    /// not also probe the insertion order's already-joined identifiers.
    func take(_ id: PredictionID, now: UInt64) -> Entry? {
        boxes[Int(id.low % UInt64(boxes.count))].shard.withLock { shard in
            guard let entry = shard.entries.removeValue(forKey: id) else { return nil }
            return isExpired(entry, now: now) ? nil : entry
        }
    }

    private func isExpired(_ entry: Entry, now: UInt64) -> Bool {
        now >= entry.recordedMilliseconds && now - entry.recordedMilliseconds > retentionMilliseconds
    }

    /// The number of predictions held.
    var count: Int {
        boxes.reduce(0) { total, box in total + box.shard.withLock { $0.entries.count } }
    }

    private func evict(_ shard: inout Shard, now: UInt64) {
        while shard.orderStart < shard.order.count {
            let oldest = shard.order[shard.orderStart]
            guard let entry = shard.entries[oldest] else {
                shard.orderStart += 1  // already joined
                continue
            }
            guard isExpired(entry, now: now) || shard.entries.count > capacityPerShard else { break }
            shard.entries.removeValue(forKey: oldest)
            shard.orderStart += 1
        }
        if shard.order.count - shard.orderStart > 2 * capacityPerShard + 1024 {
            // Joined identifiers behind a live oldest one: keep the order of the live ones only,
            // so the order stays within a constant factor of the capacity.
            let live = shard.entries
            shard.order = shard.order[shard.orderStart...].filter { live[$0] != nil }
            shard.orderStart = 0
        } else if shard.orderStart > 1024 && shard.orderStart * 2 > shard.order.count {
            shard.order.removeFirst(shard.orderStart)
            shard.orderStart = 0
        }
    }
}
