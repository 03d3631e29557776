import Foundation

/// Thresholds and binning of a drift comparison: per-metric defaults, overridable per metric and
/// per column.
///
/// Default thresholds (drift / possible), distance-first because p-values become meaningless at
/// large n (whylogs #684, Evidently #50):
///
/// | metric | drift | possible | convention |
/// | --- | --- | --- | --- |
/// | `ks` | 0.1 | 0.05 | Evidently's distance threshold 0.1 |
/// | `psi` | 0.25 | 0.1 | the credit-scoring rule of thumb (< 0.1 stable, ≥ 0.25 shifted) |
/// | `jensen_shannon` | 0.1 | 0.05 | Evidently's default for JS distance (> 1000 rows) |
/// | `hellinger` | 0.4 | 0.15 | whylogs' Hellinger bands |
/// | `wasserstein` | 0.1 | 0.05 | Evidently's normed Wasserstein threshold 0.1 |
/// | `l_infinity` | 0.05 | 0.025 | TFDV's L∞ comparator (no default there); half a 10-point share change, see below |
/// | `null_rate_change` | 0.05 | 0.02 | half a 10-point change, see below |
/// | `type_mix_change` | 0.1 | 0.02 | |
/// | `unseen_share` | 0.1 | 0.02 | on the excess over the reference's own turnover (Good–Turing) |
/// | `chi_square`, `distinct_ratio` | — | — | informational unless set |
///
/// A threshold set as a single number sets the drift threshold; the "possible" threshold keeps its
/// default ratio to it (half for a metric with no default).
///
/// Distances also pass a significance gate (``significanceLevel``, 0.01 by default): a distance
/// between two samples is only called drift (or possible drift) when the samples differ
/// significantly, by the two-sample KS test for numbers and the chi-square test for categories
/// (``DriftMetric/pValue``). At large n every real shift is significant, so the distance
/// thresholds decide; at small n the gate keeps sampling noise (two halves of one data set) from
/// being called drift.
///
/// The null-rate and type-mix changes and the unseen share are gated the same way by their own
/// tests (Fisher's exact test of the counts; the unseen share's one-sided test).
///
/// The drift thresholds of `l_infinity` and `null_rate_change` are half of a 10-point change:
/// the share measured between two samples is the change plus sampling noise, so a threshold equal
/// to the change would miss half of the 10-point changes it is meant to catch; at 0.05 the
/// threshold misses a 10-point change of a 50% share fewer than 5 times in 100 from about 550
/// values per side (the gate, not the threshold, keeps chance differences out). `bench/drift`
/// measures both rates on real tables.
///
/// The gate holds across the report's columns: the p-values of all its tests (the KS or
/// chi-square test of each column's distances, the count metrics' tests) are adjusted
/// together by ``multipleTesting`` (Holm's procedure by default, see ``DriftMultipleTesting`` for
/// why Holm rather than Benjamini–Hochberg), so a table of many columns is no likelier to show a
/// chance alarm than a table of one.
///
/// Category metrics are aware of cardinality (see ``DriftMetric/unseenShare`` and
/// ``DriftMetric/lInfinity``): the unseen share is scored on its excess over the share expected
/// without drift, and the distances over frequent items only where the covered categories hold at
/// least 80% of the values; an ID-like column (at least 90% of its reference values distinct) has
/// its category metrics reported as not scored, with the reason.
public struct DriftConfiguration: Sendable {
    /// The thresholds by metric for every column; a metric absent here is informational.
    public var thresholds: [DriftMetric: DriftThreshold]
    /// Per-column overrides, by column name then metric; an override of `nil` makes the metric
    /// informational for that column.
    public var columnThresholds: [String: [DriftMetric: DriftThreshold?]]
    /// The number of bins at reference quantiles for PSI, Jensen–Shannon and Hellinger on numbers
    /// (10: deciles). Bins whose edges coincide (repeated values) are merged.
    public var binCount: Int
    /// The floor given to an empty bin's share in PSI (1e-4, as Evidently), so the logarithm is
    /// finite. Jensen–Shannon and Hellinger need no floor.
    public var emptyBinFloor: Double
    /// The number of points of the u-grid for Wasserstein-1 (1000).
    public var wassersteinGridSize: Int
    /// Whether a column missing from the target is drift (default `true`); an added column is
    /// reported with verdict none.
    public var missingColumnIsDrift: Bool
    /// The significance level of the gate on distance verdicts (default 0.01; `nil` turns the
    /// gate off): when the column's ``DriftMetric/pValue`` is at least this level, its distance
    /// metrics (KS, PSI, Jensen–Shannon, Hellinger, Wasserstein, L∞) give verdict none.
    public var significanceLevel: Double?
    /// How the gate adjusts the p-values of a report's tests for their number (default
    /// ``DriftMultipleTesting/holm``).
    public var multipleTesting: DriftMultipleTesting

    /// The default thresholds (see the table above).
    public static let defaultThresholds: [DriftMetric: DriftThreshold] = [
        .ks: DriftThreshold(drift: 0.1, possible: 0.05),
        .psi: DriftThreshold(drift: 0.25, possible: 0.1),
        .jensenShannon: DriftThreshold(drift: 0.1, possible: 0.05),
        .hellinger: DriftThreshold(drift: 0.4, possible: 0.15),
        .wasserstein: DriftThreshold(drift: 0.1, possible: 0.05),
        .lInfinity: DriftThreshold(drift: 0.05, possible: 0.025),
        .nullRateChange: DriftThreshold(drift: 0.05, possible: 0.02),
        .typeMixChange: DriftThreshold(drift: 0.1, possible: 0.02),
        .unseenShare: DriftThreshold(drift: 0.1, possible: 0.02),
    ]

    /// The default configuration.
    public static let `default` = DriftConfiguration()

    /// A configuration.
    public init(
        thresholds: [DriftMetric: DriftThreshold] = DriftConfiguration.defaultThresholds,
        columnThresholds: [String: [DriftMetric: DriftThreshold?]] = [:], binCount: Int = 10,
        emptyBinFloor: Double = 1e-4, wassersteinGridSize: Int = 1000, missingColumnIsDrift: Bool = true,
        significanceLevel: Double? = 0.01, multipleTesting: DriftMultipleTesting = .holm
    ) {
        self.thresholds = thresholds
        self.columnThresholds = columnThresholds
        self.binCount = Swift.max(2, binCount)
        self.emptyBinFloor = emptyBinFloor
        self.wassersteinGridSize = Swift.max(10, wassersteinGridSize)
        self.missingColumnIsDrift = missingColumnIsDrift
        self.significanceLevel = significanceLevel
        self.multipleTesting = multipleTesting
    }

    /// The thresholds of a metric for a column: the column's override, else the metric's.
    public func threshold(for metric: DriftMetric, column: String) -> DriftThreshold? {
        if let override = columnThresholds[column]?[metric] { return override }
        return thresholds[metric]
    }

    /// A threshold from a single drift value: "possible" keeps the default ratio to drift (half
    /// when the metric has no default).
    ///
    /// - Throws: ``DriftError`` `invalidThreshold` for a negative or non-finite value.
    public static func threshold(metric: DriftMetric, drift: Double) throws(DriftError) -> DriftThreshold {
        guard metric != .pValue else {
            throw DriftError(.invalidThreshold, "p_value takes no threshold: set the significance level instead")
        }
        guard drift.isFinite, drift >= 0 else {
            throw DriftError(.invalidThreshold, "\(metric.rawValue): threshold must be a finite number ≥ 0")
        }
        let ratio = defaultThresholds[metric].map { ($0.possible ?? 0) / $0.drift } ?? 0.5
        return DriftThreshold(drift: drift, possible: drift * ratio)
    }

    /// Sets a metric's threshold for every column (`nil`: informational).
    public mutating func setThreshold(_ threshold: DriftThreshold?, for metric: DriftMetric) {
        thresholds[metric] = threshold
    }

    /// Sets a metric's threshold for one column.
    public mutating func setThreshold(_ threshold: DriftThreshold?, for metric: DriftMetric, column: String) {
        columnThresholds[column, default: [:]][metric] = .some(threshold)
    }

    /// Applies a JSON configuration on top of this one.
    ///
    /// The shape (every key optional; a threshold is a number, the drift threshold, or an object
    /// `{"drift": d, "possible": p}`; `null` makes the metric informational):
    ///
    /// ```json
    /// {"thresholds": {"ks": 0.15, "psi": {"drift": 0.3, "possible": 0.1}},
    ///  "columns": {"alcohol": {"ks": 0.2, "wasserstein": null}},
    ///  "bins": 10, "missing_column_is_drift": true, "significance_level": 0.01,
    ///  "multiple_testing": "holm"}
    /// ```
    ///
    /// - Parameter json: the configuration text (UTF-8).
    /// - Throws: ``DriftError`` naming the offending key.
    public mutating func apply(json: [UInt8]) throws(DriftError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(json))
        } catch {
            throw DriftError(.invalidConfiguration, "not valid JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any] else {
            throw DriftError(.invalidConfiguration, "the configuration must be a JSON object")
        }
        let known: Set<String> = [
            "thresholds", "columns", "bins", "missing_column_is_drift", "significance_level", "multiple_testing",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw DriftError(.invalidConfiguration, "unknown key '\(unknown)' (expected \(known.sorted()))")
        }
        if let value = object["thresholds"] {
            for (metric, threshold) in try Self.parseThresholds(value, context: "thresholds") {
                thresholds[metric] = threshold
            }
        }
        if let value = object["columns"] {
            guard let columns = value as? [String: Any] else {
                throw DriftError(.invalidConfiguration, "'columns' must be an object of column names")
            }
            for (column, entry) in columns {
                for (metric, threshold) in try Self.parseThresholds(entry, context: "columns.\(column)") {
                    columnThresholds[column, default: [:]][metric] = .some(threshold)
                }
            }
        }
        if let value = object["bins"] {
            guard let bins = value as? Int, (2...1000).contains(bins) else {
                throw DriftError(.invalidConfiguration, "'bins' must be an integer in 2...1000")
            }
            binCount = bins
        }
        if let value = object["missing_column_is_drift"] {
            guard let flag = value as? Bool else {
                throw DriftError(.invalidConfiguration, "'missing_column_is_drift' must be true or false")
            }
            missingColumnIsDrift = flag
        }
        if let value = object["multiple_testing"] {
            guard let name = value as? String, let procedure = DriftMultipleTesting(rawValue: name) else {
                throw DriftError(.invalidConfiguration, "'multiple_testing' must be \"holm\" or \"none\"")
            }
            multipleTesting = procedure
        }
        if let value = object["significance_level"] {
            if value is NSNull {
                significanceLevel = nil
            } else {
                guard let level = Self.number(value), level > 0, level < 1 else {
                    throw DriftError(
                        .invalidConfiguration, "'significance_level' must be a number between 0 and 1, or null")
                }
                significanceLevel = level
            }
        }
    }

    /// Thresholds by metric; an informational metric maps to `nil`.
    private static func parseThresholds(
        _ value: Any, context: String
    ) throws(DriftError) -> [(DriftMetric, DriftThreshold?)] {
        guard let entries = value as? [String: Any] else {
            throw DriftError(.invalidConfiguration, "'\(context)' must be an object of metric names")
        }
        var result: [(DriftMetric, DriftThreshold?)] = []
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            guard let metric = DriftMetric(rawValue: name) else {
                throw DriftError(
                    .unknownMetric,
                    "\(context): unknown metric '\(name)' (expected one of "
                        + DriftMetric.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            if metric == .pValue {
                throw DriftError(
                    .invalidThreshold, "\(context).p_value takes no threshold: set 'significance_level' instead")
            }
            if entry is NSNull {
                result.append((metric, nil))
            } else if let number = number(entry) {
                result.append((metric, try threshold(metric: metric, drift: number)))
            } else if let object = entry as? [String: Any], let drift = number(object["drift"] as Any) {
                let possible = object["possible"].flatMap { number($0) }
                if object["possible"] != nil && possible == nil {
                    throw DriftError(.invalidThreshold, "\(context).\(name).possible must be a number")
                }
                guard drift.isFinite, drift >= 0, possible.map({ $0.isFinite && $0 >= 0 && $0 <= drift }) ?? true else {
                    throw DriftError(
                        .invalidThreshold, "\(context).\(name): need 0 ≤ possible ≤ drift, finite numbers")
                }
                result.append((metric, DriftThreshold(drift: drift, possible: possible)))
            } else {
                throw DriftError(
                    .invalidThreshold,
                    "\(context).\(name) must be a number, {\"drift\": d, \"possible\": p} or null")
            }
        }
        return result
    }

    private static func number(_ value: Any) -> Double? {
        if value is Bool { return nil }
        if let number = value as? Double { return number }
        if let number = value as? Int { return Double(number) }
        return nil
    }
}
