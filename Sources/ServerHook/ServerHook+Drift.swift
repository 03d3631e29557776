import CoreMetrics
import Profiles
import Synchronization

extension ServerHook {
    /// Compares a closed window with the training profile and sets each training column's drift
    /// gauges: the KS distance for numeric columns, L∞ for categorical ones, and the verdict.
    func driftAfterClose(_ window: WindowAccumulator) {
        guard let metrics, let trainingProfile else { return }
        let report = DriftReport(reference: trainingProfile, target: window.profile)
        metrics.driftWindowStart.record(Double(window.startSeconds))
        for column in report.columns where column.presence == .both {
            let measurement = column[.ks] ?? column[.lInfinity]
            guard let measurement else { continue }
            let verdict: Double =
                switch column.verdict {
                case .drift: 1
                case .indeterminate, .possible: 0.5
                default: 0
                }
            metrics.setDrift(feature: column.name, score: measurement.value, verdict: verdict)
        }
    }
}
