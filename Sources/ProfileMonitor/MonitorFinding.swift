/// One analysis of one period of one series: a segment (or the whole dataset), a column (or the
/// dataset), what was looked at, the value, the band or threshold it was judged by, and the verdict.
public struct MonitorFinding: Sendable, Hashable, Codable {
    /// The first instant of the period: Unix epoch milliseconds, UTC.
    public var periodStartMilliseconds: UInt64
    /// The segment; `nil` for the whole dataset.
    public var segment: MonitorSegment?
    /// The column; `nil` for a dataset-level analysis (row count, model quality, a dataset
    /// constraint).
    public var column: String?
    /// What was looked at.
    public var analysis: MonitorAnalysis
    /// The value: the series value of a band, the deciding drift metric's value, the constraint's
    /// value when it has a number; `nil` otherwise.
    public var value: Double?
    /// The drift metric that gave ``value`` (`ks`, `psi`, …), for drift findings.
    public var metric: String?
    /// The band's lower and upper edges (mean ∓ k·σ of the trailing values), when there is a band.
    public var bandLow: Double?
    /// The band's upper edge.
    public var bandHigh: Double?
    /// The band's centre: the mean of the trailing values.
    public var baseline: Double?
    /// How many trailing values the band was computed from.
    public var history: Int?
    /// The drift threshold of ``metric``.
    public var threshold: Double?
    /// The p-value of the drift test (adjusted for multiple testing when the engine adjusts).
    public var pValue: Double?
    /// The verdict.
    public var verdict: MonitorVerdict
    /// Why, in words (raw text: escape it for the output at hand).
    public var reason: String

    /// Creates a finding.
    public init(
        periodStartMilliseconds: UInt64, segment: MonitorSegment?, column: String?, analysis: MonitorAnalysis,
        value: Double? = nil, metric: String? = nil, bandLow: Double? = nil, bandHigh: Double? = nil,
        baseline: Double? = nil, history: Int? = nil, threshold: Double? = nil, pValue: Double? = nil,
        verdict: MonitorVerdict, reason: String
    ) {
        self.periodStartMilliseconds = periodStartMilliseconds
        self.segment = segment
        self.column = column
        self.analysis = analysis
        self.value = value
        self.metric = metric
        self.bandLow = bandLow
        self.bandHigh = bandHigh
        self.baseline = baseline
        self.history = history
        self.threshold = threshold
        self.pValue = pValue
        self.verdict = verdict
        self.reason = reason
    }

    /// Report order: period, segment (the whole dataset first), column (dataset-level first),
    /// analysis.
    static func precedes(_ a: MonitorFinding, _ b: MonitorFinding) -> Bool {
        if a.periodStartMilliseconds != b.periodStartMilliseconds {
            return a.periodStartMilliseconds < b.periodStartMilliseconds
        }
        if a.segment != b.segment {
            guard let x = a.segment else { return true }
            guard let y = b.segment else { return false }
            return x < y
        }
        if a.column != b.column {
            guard let x = a.column else { return true }
            guard let y = b.column else { return false }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        }
        return a.analysis < b.analysis
    }
}
