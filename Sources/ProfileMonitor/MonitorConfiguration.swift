public import ProfileConstraints
public import Profiles

/// What a monitor run evaluates, and its budgets.
public struct MonitorConfiguration: Sendable {
    /// The period length: profiles are grouped by the UTC hour or day of their dataset timestamp.
    public var granularity: MergePeriod.Granularity
    /// What drift is measured against; `nil`: no drift analysis.
    public var baseline: MonitorBaseline?
    /// The drift engine's thresholds and gate.
    public var drift: DriftConfiguration
    /// A constraint suite checked on every period's profile (whole dataset and segments); `nil`:
    /// none.
    public var constraints: ConstraintSuite?
    /// The band's half-width in standard deviations (k in mean ± k·σ).
    public var bandK: Double
    /// How many earlier values of a series the band is computed from (at most).
    public var bandWindow: Int
    /// How many earlier values a series needs before its band can alert.
    public var minimumHistory: Int
    /// The most profile files a run may list.
    public var maxFiles: Int
    /// The most bytes of profile files a run may read (files already in the state are not read).
    public var maxBytes: UInt64
    /// The decompression limits and decoding budgets for each file.
    public var readLimits: ProfileReadLimits
    /// Skip files that are not valid profiles (reported in ``MonitorReport/skipped``) instead of
    /// failing the run.
    public var skipsInvalidFiles: Bool
    /// Text that identifies the settings a state file's cached results depend on and that this
    /// type cannot describe stably itself: the drift configuration and the constraint suite (for
    /// example, the command-line flags and a digest of the suite file). A state file written with
    /// another key is not used.
    public var cacheKey: String

    /// The relative floor of a band's half-width: k·σ is at least this share of |mean|, so that a
    /// constant series does not alert on floating-point rounding (a merge in another order).
    public static let relativeBandFloor = 1e-9
    /// The absolute floor of a band's half-width, for a constant series at 0.
    public static let absoluteBandFloor = 1e-12

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - granularity: the period length (default: a day).
    ///   - baseline: the drift baseline (default: the merge of the 7 previous periods).
    ///   - drift: the drift thresholds and gate (default: the engine's).
    ///   - constraints: a suite to check on every period (default: none).
    ///   - bandK: k in mean ± k·σ (default 3).
    ///   - bandWindow: the band's trailing window, in values (default 14).
    ///   - minimumHistory: the values needed before a band alerts (default 7).
    ///   - maxFiles: the most files listed (default 100,000).
    ///   - maxBytes: the most bytes read (default 64 GiB).
    ///   - readLimits: per-file read limits (default: `ProfileReadLimits.default`).
    ///   - skipsInvalidFiles: skip invalid files with a warning (default) or fail.
    ///   - cacheKey: the settings' identity for the state file (default: empty).
    public init(
        granularity: MergePeriod.Granularity = .day, baseline: MonitorBaseline? = .trailing(7),
        drift: DriftConfiguration = .default, constraints: ConstraintSuite? = nil, bandK: Double = 3,
        bandWindow: Int = 14, minimumHistory: Int = 7, maxFiles: Int = 100_000, maxBytes: UInt64 = 64 << 30,
        readLimits: ProfileReadLimits = .default, skipsInvalidFiles: Bool = true, cacheKey: String = ""
    ) {
        self.granularity = granularity
        self.baseline = baseline
        self.drift = drift
        self.constraints = constraints
        self.bandK = bandK
        self.bandWindow = bandWindow
        self.minimumHistory = minimumHistory
        self.maxFiles = maxFiles
        self.maxBytes = maxBytes
        self.readLimits = readLimits
        self.skipsInvalidFiles = skipsInvalidFiles
        self.cacheKey = cacheKey
    }

    /// What the cached results of a state file depend on (bands and column changes are recomputed
    /// on every run, so their settings are not part of it).
    var fingerprint: String {
        let baselineText: String
        switch baseline {
        case nil: baselineText = "none"
        case .trailing(let count): baselineText = "trailing:\(count)"
        case .reference(let reference): baselineText = "reference:\(reference.revision)"
        }
        return [
            "granularity:\(granularity.rawValue)", "baseline:\(baselineText)",
            "constraints:\(constraints == nil ? "none" : "suite")", "key:\(cacheKey)",
        ]
        .joined(separator: "|")
    }
}
