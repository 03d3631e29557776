/// The drift of one column: where it is present, how it was compared, the metrics and the verdict.
public struct ColumnDrift: Sendable, Hashable {
    /// Whether the column is in both profiles.
    public enum Presence: String, Sendable, Hashable {
        /// In both profiles.
        case both
        /// In the reference only.
        case missing
        /// In the target only.
        case added
    }

    /// Which family of metrics applied.
    public enum Kind: String, Sendable, Hashable {
        /// Both sides have non-empty distribution sketches.
        case numeric
        /// Both sides have frequent items and no numbers.
        case categorical
        /// Both: numbers with frequent items (integral columns).
        case numericAndCategorical = "numeric+categorical"
        /// Neither (empty, or only counts and types comparable).
        case other
    }

    /// The column name.
    public var name: String
    /// Where the column is present.
    public var presence: Presence
    /// Which metrics applied.
    public var kind: Kind
    /// The worst verdict of the metrics (drift > indeterminate > possible > none); drift for a
    /// missing column when ``DriftConfiguration/missingColumnIsDrift``.
    public var verdict: DriftVerdict
    /// The metrics, in ``DriftMetric`` order.
    public var measurements: [DriftMeasurement]
    /// The counts (`counts/n`) of the reference and target columns (0 when absent).
    public var referenceCount: Int64
    /// See ``referenceCount``.
    public var targetCount: Int64
    /// The chart a report draws, when the sketches allow one.
    public var chart: DriftChart?

    /// A column's drift.
    public init(
        name: String, presence: Presence, kind: Kind, verdict: DriftVerdict, measurements: [DriftMeasurement],
        referenceCount: Int64, targetCount: Int64, chart: DriftChart?
    ) {
        self.name = name
        self.presence = presence
        self.kind = kind
        self.verdict = verdict
        self.measurements = measurements
        self.referenceCount = referenceCount
        self.targetCount = targetCount
        self.chart = chart
    }

    /// The measurement of a metric, if computed.
    public subscript(metric: DriftMetric) -> DriftMeasurement? {
        measurements.first { $0.metric == metric }
    }

    /// The metric that decided the verdict: the first metric, in ``DriftMetric`` order, whose
    /// verdict is the column's; `nil` when the verdict is none or the column is in one profile only
    /// (``presence`` decides then).
    public var decidedBy: DriftMetric? {
        guard presence == .both, verdict != .none else { return nil }
        return measurements.first { $0.verdict == verdict }?.metric
    }

    /// The metrics computed but not scored, with the reason (``DriftMeasurement/notScoredReason``),
    /// in ``DriftMetric`` order.
    public var notScored: [(metric: DriftMetric, reason: String)] {
        measurements.compactMap { measurement in measurement.notScoredReason.map { (measurement.metric, $0) } }
    }
}
