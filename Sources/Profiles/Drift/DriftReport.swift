import Foundation

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
    /// How the gate adjusted the p-values for testing many columns at once
    /// (``DriftConfiguration/multipleTesting``).
    public var multipleTesting: DriftMultipleTesting
    /// The number of tests the gate adjusted together (up to four per column compared: the KS or
    /// chi-square test of the distances, and the tests of the null-rate change, the type-mix change
    /// and the unseen share).
    public var testCount: Int

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
        var columns: [ColumnDrift] = []
        var tests: [(column: Int, test: _ColumnComparison.Test)] = []
        let budget = _ExactWorkBudget()
        for name in names.sorted(by: _MetricPath.precedes) {
            let (column, columnTests) = _ColumnComparison(
                name: name, reference: reference.columns[name], target: target.columns[name],
                configuration: configuration, budget: budget
            ).result()
            tests += columnTests.map { (columns.count, $0) }
            columns.append(column)
        }
        // The gate: adjusted p-values (Holm, or none), then distances of tests at or above the
        // level lose their verdicts.
        let adjusted = Self.adjust(tests.map(\.test.pValue), procedure: configuration.multipleTesting)
        for ((index, test), p) in zip(tests, adjusted) {
            for position in columns[index].measurements.indices
            where test.metrics.contains(columns[index].measurements[position].metric) {
                columns[index].measurements[position].adjustedPValue = p
                if let level = configuration.significanceLevel, !(p < level),
                    columns[index].measurements[position].verdict != .none
                {
                    columns[index].measurements[position].verdict = .none
                    columns[index].measurements[position].notScoredReason = Self.notSignificant(
                        p, level: level, procedure: configuration.multipleTesting, tests: tests.count)
                }
            }
        }
        for index in columns.indices where columns[index].presence == .both {
            columns[index].verdict = columns[index].measurements.map(\.verdict).max() ?? .none
        }
        self.columns = columns
        self.thresholds = configuration.thresholds
        self.significanceLevel = configuration.significanceLevel
        self.multipleTesting = configuration.multipleTesting
        self.testCount = tests.count
    }

    /// The reason a metric past its threshold was gated, e.g. "not significant: p = 0.31 ≥ 0.01,
    /// Holm across 12 tests".
    static func notSignificant(_ p: Double, level: Double, procedure: DriftMultipleTesting, tests: Int) -> String {
        let adjusted =
            switch procedure {
            case .holm: ", Holm across \(tests) test\(tests == 1 ? "" : "s")"
            case .unadjusted: ""
            }
        return "not significant: p = " + String(format: "%.3g", p) + " ≥ \(level)" + adjusted
    }

    /// P-values adjusted for multiple testing, in the given order; NaN counts as 1.
    static func adjust(_ pValues: [Double], procedure: DriftMultipleTesting) -> [Double] {
        let p = pValues.map { $0.isNaN ? 1 : Swift.min(1, Swift.max(0, $0)) }
        switch procedure {
        case .unadjusted:
            return p
        case .holm:
            let m = p.count
            var adjusted = p
            var running = 0.0
            for (rank, index) in p.indices.sorted(by: { (p[$0], $0) < (p[$1], $1) }).enumerated() {
                running = Swift.max(running, Swift.min(1, Double(m - rank) * p[index]))
                adjusted[index] = running
            }
            return adjusted
        }
    }
}
