/// Which library's query semantics a KLL quantile or rank query follows.
///
/// The two libraries that write KLL images answer `quantile(atRank:)` differently on the same
/// bytes (about 30% of answers differ in estimation mode, some even in exact mode):
///
/// | | ``datasketches5`` | ``whylogsSketching`` |
/// | --- | --- | --- |
/// | rank 0 / 1 | smallest / largest *retained* item | tracked min / max |
/// | exclusive | w = ⌊r·n⌋, first item whose inclusive cumulative weight > w | w = ⌊r·n⌋, first item whose *exclusive* cumulative weight ≥ w |
/// | inclusive | w = ⌈r·n⌉, first item whose inclusive cumulative weight ≥ w | w = ⌊r·n⌋, first item whose inclusive cumulative weight ≥ w |
///
/// Ranks, CDFs and PMFs are the same under both rules: exclusive counts the weight of items
/// `< x`, inclusive of items `≤ x`, divided by n.
public enum KLLQueryRules: Sendable, Hashable, CustomStringConvertible {
    /// Apache DataSketches 5.x (`datasketches` 5.2.0 for Python; C++ and Java 5+ agree).
    case datasketches5
    /// whylogs-sketching 3.4.1.dev3, the DataSketches 3.x fork whylogs uses.
    case whylogsSketching

    /// `datasketches5` or `whylogs-sketching`.
    public var description: String {
        switch self {
        case .datasketches5: "datasketches5"
        case .whylogsSketching: "whylogs-sketching"
        }
    }
}
