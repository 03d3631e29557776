public import Profiles

/// The outcome of a monitor run: every period's findings, and what was read.
public struct MonitorReport: Sendable {
    /// The period length.
    public var granularity: MergePeriod.Granularity
    /// The periods that have profiles, in order.
    public var periods: [MergePeriod]
    /// The segments met, in order (the whole dataset is not listed).
    public var segments: [MonitorSegment]
    /// Every finding: period × segment × column × analysis, in report order (period, segment with
    /// the whole dataset first, column with dataset-level first, analysis).
    public var findings: [MonitorFinding]
    /// How many profile files the inputs hold.
    public var filesListed: Int
    /// How many of them this run read (the others were known from the state file).
    public var filesRead: Int
    /// Files and directory entries passed over, one line each (invalid profiles, links to
    /// directories, files reached twice).
    public var skipped: [String]

    /// Creates a report.
    public init(
        granularity: MergePeriod.Granularity, periods: [MergePeriod], segments: [MonitorSegment],
        findings: [MonitorFinding], filesListed: Int, filesRead: Int, skipped: [String]
    ) {
        self.granularity = granularity
        self.periods = periods
        self.segments = segments
        self.findings = findings
        self.filesListed = filesListed
        self.filesRead = filesRead
        self.skipped = skipped
    }

    /// The last period.
    public var latestPeriod: MergePeriod? { periods.last }

    /// The findings of one period, in report order.
    public func findings(in period: MergePeriod) -> [MonitorFinding] {
        findings.filter { $0.periodStartMilliseconds == period.startMilliseconds }
    }

    /// The most severe verdict among the findings of a period (`ok` when it has none).
    public func verdict(in period: MergePeriod) -> MonitorVerdict {
        findings(in: period).map(\.verdict).max() ?? .ok
    }

    /// The most severe verdict among all findings (`ok` when there are none).
    public var worstVerdict: MonitorVerdict { findings.map(\.verdict).max() ?? .ok }
}
