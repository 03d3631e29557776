import Dispatch
import Foundation
import Profiles
import Synchronization

/// Threads that profile record batches, each into a profile of its own (merged at the end, as
/// `CSVProfiler` does). At most two batches per thread wait in the queue, so memory is bounded by
/// the batches in flight.
final class _ArrowWorkerPool: Sendable {
    private let jobs = Mutex<[_ArrowBatch?]>([])
    private let waiting = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let done = DispatchGroup()
    /// The failure of the earliest batch that failed, and that batch's sequence number.
    private let failure = Mutex<(sequence: Int, error: ArrowError)?>(nil)
    private let results = Mutex<[(index: Int, profile: DatasetProfile, facts: _ArrowWorkerFacts)]>([])
    let threadCount: Int

    init(
        threadCount: Int, plans: [_ArrowColumnPlan], input: String,
        makeProfile: @escaping @Sendable (Int) -> DatasetProfile
    ) {
        self.threadCount = threadCount
        free = DispatchSemaphore(value: 2 * threadCount)
        for index in 0..<threadCount {
            done.enter()
            let thread = Thread { [self] in
                var profile = makeProfile(index)
                var facts = _ArrowWorkerFacts()
                while true {
                    waiting.wait()
                    let job = jobs.withLock { $0.removeFirst() }
                    free.signal()
                    guard let job else { break }
                    // Every queued batch is profiled even after a failure, so that the failure
                    // reported is the first in the input whatever the threads' timing.
                    do throws(ArrowError) {
                        try _ArrowBatchLogger.log(job, plans: plans, input: input, into: &profile, facts: &facts)
                    } catch {
                        failure.withLock { stored in
                            if stored == nil || job.sequence < stored!.sequence { stored = (job.sequence, error) }
                        }
                    }
                }
                let finished = (index, profile, facts)
                results.withLock { $0.append(finished) }
                done.leave()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// The failure of the earliest batch that failed so far, if any.
    var firstFailure: ArrowError? { failure.withLock { $0?.error } }

    /// Queues a batch, waiting while the queue is full.
    func submit(_ batch: _ArrowBatch) {
        free.wait()
        jobs.withLock { $0.append(batch) }
        waiting.signal()
    }

    /// Stops the threads after the queued batches and returns their profiles, in thread order.
    func finish() -> [(profile: DatasetProfile, facts: _ArrowWorkerFacts)] {
        for _ in 0..<threadCount {
            free.wait()
            jobs.withLock { $0.append(nil) }
            waiting.signal()
        }
        done.wait()
        return results.withLock { $0 }.sorted { $0.index < $1.index }.map { ($0.profile, $0.facts) }
    }
}
