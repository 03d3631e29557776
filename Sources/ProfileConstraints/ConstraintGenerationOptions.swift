/// How ``ConstraintSuite/generate(from:options:)`` chooses its limits.
///
/// Every limit a generated suite sets is the reference's statistic widened by two margins: the
/// sketch and sampling error (KLL rank error, HLL bounds, binomial and normal standard errors, at
/// ``standardErrors`` of them, for a batch of ``expectedRows`` rows), and ``tolerance``, a stated
/// slack that says how much change is acceptable. `docs/constraints.md` gives each rule.
public struct ConstraintGenerationOptions: Sendable, Hashable {
    /// The stated slack, a fraction (default 0.1): quantile and range bounds widen by this
    /// fraction of the column's interquartile range (of its range when the IQR is 0), means by
    /// this fraction of the standard deviation, null shares and distinct counts by this fraction of
    /// their value.
    public var tolerance: Double
    /// The columns to generate for (`nil`: every column of the references).
    public var columns: [String]?
    /// Columns to leave out.
    public var excludedColumns: Set<String>
    /// How many standard errors of sampling noise the limits allow (default 4: a chance of about
    /// 6 in 100,000 for each limit, so that a suite of a hundred limits rarely fails on data from
    /// the reference's distribution).
    public var standardErrors: Double
    /// The row count of the batches the suite will check, for the sampling margins (`nil`: the
    /// smallest reference's row count). Smaller batches vary more and get more false alarms.
    public var expectedRows: Int?
    /// The quantiles given a `quantile_between_range` entry on numeric columns.
    public var quantiles: [Double]
    /// The most distinct values a column may have to get a category set
    /// (`frequent_strings_in_reference_set`) and a distinct-count range (default 20).
    public var maximumCategories: Int
    /// The fraction of the smallest reference's row count below which a batch fails
    /// `row_count_in_range` (default 0.5).
    public var minimumRowFraction: Double

    /// Options; every argument has the documented default.
    public init(
        tolerance: Double = 0.1, columns: [String]? = nil, excludedColumns: Set<String> = [],
        standardErrors: Double = 4, expectedRows: Int? = nil, quantiles: [Double] = [0.1, 0.25, 0.5, 0.75, 0.9],
        maximumCategories: Int = 20, minimumRowFraction: Double = 0.5
    ) {
        self.tolerance = tolerance
        self.columns = columns
        self.excludedColumns = excludedColumns
        self.standardErrors = standardErrors
        self.expectedRows = expectedRows
        self.quantiles = quantiles
        self.maximumCategories = maximumCategories
        self.minimumRowFraction = minimumRowFraction
    }
}
