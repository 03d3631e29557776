import Dispatch
import Foundation
import Profiles
import Synchronization

/// Reads profile files on every core, a batch at a time, within the run's byte budget.
struct _BudgetedReader: Sendable {
    let readLimits: ProfileReadLimits
    let maxBytes: UInt64
    private(set) var bytesRead: UInt64 = 0
    private(set) var filesRead = 0

    init(configuration: MonitorConfiguration) {
        readLimits = configuration.readLimits
        maxBytes = configuration.maxBytes
    }

    /// Reads `paths` (whose sizes are `sizes`), in order; each outcome is a profile or the file's
    /// error. Throws `budgetExceeded` before reading when the bytes would pass the budget.
    mutating func read(
        _ paths: [String], sizes: [UInt64]
    ) throws(MonitorError) -> [Result<DatasetProfile, MonitorError>] {
        let total = sizes.reduce(0, &+)
        guard total <= maxBytes - min(maxBytes, bytesRead) else {
            throw MonitorError(
                .budgetExceeded, path: paths.first ?? "",
                reason: "reading \(total) more bytes would pass the budget of \(maxBytes) bytes")
        }
        bytesRead += total
        filesRead += paths.count
        let limits = readLimits
        let batchSize = max(1, 4 * ProcessInfo.processInfo.activeProcessorCount)
        var outcomes: [Result<DatasetProfile, MonitorError>] = []
        outcomes.reserveCapacity(paths.count)
        var start = 0
        while start < paths.count {
            let batch = Array(paths[start..<min(paths.count, start + batchSize)])
            let results = Mutex<[Result<DatasetProfile, MonitorError>?]>(Array(repeating: nil, count: batch.count))
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                let outcome = Self.read(batch[index], limits: limits)
                results.withLock { $0[index] = outcome }
            }
            outcomes += results.withLock { $0.compactMap { $0 } }
            start += batch.count
        }
        return outcomes
    }

    static func read(_ path: String, limits: ProfileReadLimits) -> Result<DatasetProfile, MonitorError> {
        do {
            return .success(try DatasetProfile(file: ProfileFile(contentsOf: path, limits: limits), limits: limits))
        } catch {
            return .failure(MonitorError(.invalidProfile, path: path, reason: error.description))
        }
    }
}
