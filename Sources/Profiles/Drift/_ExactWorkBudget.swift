/// The work one report may spend on large exact laws (Fisher's sums, the unseen share's
/// convolution, the exact KS law) across all of its columns, so that a profile of thousands of
/// crafted columns cannot make one report slow. A law of at most ``alwaysExact`` steps is always
/// computed exactly and spends nothing, so a column's small test never depends on what the
/// columns before it spent (a column's verdict must not depend on its name); past the budget a
/// large test uses its approximation (Pearson's chi-square with Yates' correction, the normal
/// law, the asymptotic KS law), where the counts are large.
final class _ExactWorkBudget {
    /// Steps a report may spend on large laws: about a second of a debug build's time here.
    static let perReport = 50_000_000.0
    /// A law this small is always exact: 65,536 columns (the reader's limit) of it cost at most
    /// a few seconds.
    static let alwaysExact = 20_000.0

    private(set) var remaining: Double

    init(_ steps: Double = _ExactWorkBudget.perReport) {
        remaining = steps
    }

    /// Spends `steps` if they are left; otherwise spends nothing and returns false.
    func spend(_ steps: Double) -> Bool {
        guard steps <= remaining else { return false }
        remaining -= steps
        return true
    }
}
