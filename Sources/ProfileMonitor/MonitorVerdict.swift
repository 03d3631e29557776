/// The verdict of one analysis of one period, in increasing severity.
public enum MonitorVerdict: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Nothing to report.
    case ok
    /// A band with too short a history to judge (fewer than ``MonitorConfiguration/minimumHistory``
    /// earlier values): reported, never an alert.
    case insufficientHistory = "insufficient_history"
    /// Worth a look, never fails a run: possible or indeterminate drift, a column that appeared, a
    /// failed constraint of warning severity.
    case warning
    /// Fails the run (`profile monitor` exits 1): drift, a value outside its band, a column that
    /// disappeared, a failed constraint of error severity.
    case alert

    /// Severity order: ok < insufficient history < warning < alert.
    public static func < (lhs: MonitorVerdict, rhs: MonitorVerdict) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .insufficientHistory: 1
        case .warning: 2
        case .alert: 3
        }
    }
}
