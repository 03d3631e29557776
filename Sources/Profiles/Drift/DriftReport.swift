/// Drift between a reference and a target profile, from the profiles alone (their sketches and
/// counts), with the sketches' error bounds and a verdict per column.
///
/// ```swift
/// let report = DriftReport(reference: training, target: production)
/// for column in report.columns where column.verdict == .drift { print(column.name) }
/// ```
///
/// See ``DriftMetric`` for what is measured and ``DriftConfiguration`` for the default thresholds.
public struct DriftReport: Sendable, Hashable {
    /// The columns of both profiles, by name (Python's order).
    public var columns: [ColumnDrift]
    /// The thresholds that applied to every column (``DriftConfiguration/thresholds``; per-column
    /// overrides show in each measurement's ``DriftMeasurement/threshold``).
    public var thresholds: [DriftMetric: DriftThreshold]
    /// The significance level of the gate on distances (``DriftConfiguration/significanceLevel``);
    /// `nil` when the gate was off.
    public var significanceLevel: Double?

    /// Counts of columns by verdict.
    public struct Summary: Sendable, Hashable {
        /// All columns (both profiles).
        public var columns: Int
        /// Columns per verdict.
        public var byVerdict: [DriftVerdict: Int]
        /// Columns in the reference only.
        public var missing: [String]
        /// Columns in the target only.
        public var added: [String]
        /// The worst column verdict (none for no columns).
        public var verdict: DriftVerdict
    }

    /// Counts of columns by verdict, missing and added columns, and the worst verdict.
    public var summary: Summary {
        var byVerdict: [DriftVerdict: Int] = [:]
        for verdict in DriftVerdict.allCases { byVerdict[verdict] = 0 }
        for column in columns { byVerdict[column.verdict, default: 0] += 1 }
        return Summary(
            columns: columns.count, byVerdict: byVerdict,
            missing: columns.filter { $0.presence == .missing }.map(\.name),
            added: columns.filter { $0.presence == .added }.map(\.name),
            verdict: columns.map(\.verdict).max() ?? .none)
    }

    /// Compares two profiles.
    ///
    /// - Parameters:
    ///   - reference: the reference ("training") profile.
    ///   - target: the target ("production") profile.
    ///   - configuration: thresholds and binning (default: ``DriftConfiguration/default``).
    /// - Complexity: O(retained items + frequent items) per column.
    public init(
        reference: DatasetProfile, target: DatasetProfile, configuration: DriftConfiguration = .default
    ) {
        var names = Set(reference.columns.keys)
        names.formUnion(target.columns.keys)
        self.columns = names.sorted(by: _MetricPath.precedes).map { name in
            _ColumnComparison(
                name: name, reference: reference.columns[name], target: target.columns[name],
                configuration: configuration
            ).result()
        }
        self.thresholds = configuration.thresholds
        self.significanceLevel = configuration.significanceLevel
    }
}
