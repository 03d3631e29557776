/// How the significance gate controls the error rate across a report's tests (up to four per
/// column: the KS or chi-square test of the distances, and the tests of the null-rate change,
/// the type-mix change and the unseen share; a test that cannot reject is left out).
///
/// Holm's step-down procedure is the default: the report's verdict is "some column drifts", so
/// the error that matters is calling any column drift between two samples of one distribution —
/// the family-wise error rate, which Holm holds at the significance level for any dependence
/// between the tests (the columns of one table are seldom independent). Benjamini–Hochberg
/// controls the false-discovery rate instead, which equals the family-wise rate only when nothing
/// drifts and needs positively dependent tests; it would gain power on reports where many columns
/// drift, which are called drift anyway.
public enum DriftMultipleTesting: String, Sendable, Hashable, CaseIterable {
    /// Holm's step-down procedure: the i-th smallest of m p-values is adjusted to
    /// max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎), and a test passes the gate when its adjusted
    /// p-value is below the level.
    case holm
    /// Each test is gated at the level on its own (a report of many columns collects chance
    /// alarms).
    case unadjusted = "none"
}
