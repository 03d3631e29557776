import Profiles
import Synchronization

/// Merges the batches' model rows (``ArrowOptions/modelColumns``) in batch order as they arrive
/// from the workers, so that at most the batches in flight wait, not every batch of the input.
final class _ArrowModelMerger: Sendable {
    private struct State {
        var merged: _ModelRowGatherer
        var next = 0
        var waiting: [Int: _ModelRowGatherer] = [:]
    }

    private let state: Mutex<State>
    let columns: ModelColumns

    init(columns: ModelColumns) {
        self.columns = columns
        state = Mutex(State(merged: _ModelRowGatherer(columns: columns, typing: .arrowToPandas)))
    }

    /// Takes batch `sequence`'s rows; merges every batch that is next in order.
    func submit(_ piece: _ModelRowGatherer, sequence: Int) {
        state.withLock { state in
            state.waiting[sequence] = piece
            while let next = state.waiting.removeValue(forKey: state.next) {
                state.merged.merge(next)
                state.next += 1
            }
        }
    }

    /// Every batch's rows merged (call once every batch is submitted).
    var merged: _ModelRowGatherer {
        state.withLock { $0.merged }
    }
}
