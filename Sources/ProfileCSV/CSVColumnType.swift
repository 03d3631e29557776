import Profiles

/// The type `pandas.read_csv` infers for a column over all its values (its NumPy dtype), which
/// decides how whylogs profiles the column.
public enum CSVColumnType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Every value is an `Int64` integer and none is missing (`int64`; whylogs: integral).
    case int64
    /// Every value is a number or missing, and not all are integers without a missing value
    /// (`float64`, missing values NaN; whylogs: fractional). A column with no values but
    /// missing ones is `float64` too.
    case float64
    /// Every value is `true` or `false` in any case, and none is missing (`bool`; whylogs:
    /// integral, counted as booleans).
    case bool
    /// Anything else (`object`): strings, or booleans with missing values; missing values are NaN
    /// (whylogs: string, missing values counted as null and NaN).
    case object

    /// pandas' dtype name.
    public var description: String { rawValue }
}
