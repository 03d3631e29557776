import CCurrentCPU
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Cryptographically random 64-bit words for ``PredictionID``s, read from the kernel's generator
/// (`/dev/urandom`) 4 KiB at a time per core instead of a system call per word.
enum _RandomPool {
    private final class Shard: Sendable {
        struct State {
            var words = [UInt64](repeating: 0, count: 512)
            var next = 512
        }

        let state = Mutex(State())
    }

    /// `/dev/urandom`, opened once (-1 if it cannot be).
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    /// Fills `words` from `/dev/urandom`; `false` if that fails (the caller falls back to the
    /// standard library's generator).
    private static func refill(_ words: inout [UInt64]) -> Bool {
        guard urandom >= 0 else { return false }
        return words.withUnsafeMutableBytes { buffer in
            var filled = 0
            while filled < buffer.count {
                let count = read(urandom, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                filled += count
            }
            return true
        }
    }

    private static let shards: [Shard] = (0..<max(2, _ProcessorCount.active)).map { _ in Shard() }

    /// Two random words.
    static func next() -> (UInt64, UInt64) {
        let cpu = Int(sketchbook_current_cpu())
        let shard = shards[cpu >= 0 ? cpu % shards.count : 0]
        return shard.state.withLock { state in
            if state.next + 2 > state.words.count {
                if !refill(&state.words) {
                    var generator = SystemRandomNumberGenerator()
                    for index in state.words.indices { state.words[index] = generator.next() }
                }
                state.next = 0
            }
            defer { state.next += 2 }
            return (state.words[state.next], state.words[state.next + 1])
        }
    }
}
