/// The verdict on one metric, one column or a whole report, in increasing severity.
public enum DriftVerdict: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Below the "possible" threshold (or no threshold applies).
    case none
    /// At or above the "possible" threshold, below the drift threshold.
    case possible
    /// The error bound straddles the drift threshold: the sketches cannot tell.
    case indeterminate
    /// At or above the drift threshold by more than the error bound.
    case drift

    /// Severity order: none < possible < indeterminate < drift.
    public static func < (lhs: DriftVerdict, rhs: DriftVerdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
