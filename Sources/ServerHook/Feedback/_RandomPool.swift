import CCurrentCPU
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Cryptographically random 64-bit words for ``PredictionID``s, drawn from the system generator
/// 4 KiB at a time per core instead of one system call per identifier.
enum _RandomPool {
    private final class Shard: Sendable {
        struct State {
            var words = [UInt64](repeating: 0, count: 512)
            var next = 512
        }

        let state = Mutex(State())
    }

    private static let shards: [Shard] = (0..<max(2, _ProcessorCount.active)).map { _ in Shard() }

    /// Two random words.
    static func next() -> (UInt64, UInt64) {
        let cpu = Int(sketchbook_current_cpu())
        let shard = shards[cpu >= 0 ? cpu % shards.count : 0]
        return shard.state.withLock { state in
            if state.next + 2 > state.words.count {
                var generator = SystemRandomNumberGenerator()
                for index in state.words.indices { state.words[index] = generator.next() }
                state.next = 0
            }
            defer { state.next += 2 }
            return (state.words[state.next], state.words[state.next + 1])
        }
    }
}
