/// A scalar series watched with a band: one value per period, per segment (and per column for the
/// column metrics).
public enum MonitorMetric: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The dataset's row count: the largest `counts/n` among its columns.
    case rowCount = "row_count"
    /// A column's null share: `counts/null / counts/n`.
    case nullShare = "null_share"
    /// A column's mean (`distribution/mean`), when it holds numbers.
    case mean
    /// A column's median: the KLL sketch's quantile at rank 0.5.
    case median
    /// A column's distinct-count estimate (HLL).
    case distinct
    /// A classifier's accuracy, when the profiles carry model performance metrics.
    case accuracy
    /// A classifier's macro-averaged F1.
    case macroF1 = "macro_f1"
    /// A regressor's mean absolute error.
    case mae
    /// A regressor's root mean squared error.
    case rmse

    /// Whether the metric describes the whole dataset (row count, model quality) rather than one
    /// column.
    public var isDatasetLevel: Bool {
        switch self {
        case .rowCount, .accuracy, .macroF1, .mae, .rmse: true
        case .nullShare, .mean, .median, .distinct: false
        }
    }

    /// Declaration order.
    public static func < (lhs: MonitorMetric, rhs: MonitorMetric) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
