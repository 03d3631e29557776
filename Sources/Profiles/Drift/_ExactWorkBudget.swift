/// The work one report may spend on exact laws (Fisher's sums, the unseen share's convolution)
/// across all of its columns. Past it the tests use their approximations (Pearson's chi-square,
/// the normal law), which are accurate where the exact laws are expensive (large counts), so a
/// profile of thousands of crafted columns cannot make one report slow.
final class _ExactWorkBudget {
    /// Steps a report may spend: about a second of a debug build's time on this machine.
    static let perReport = 50_000_000.0

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
