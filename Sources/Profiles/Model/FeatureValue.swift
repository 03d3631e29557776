/// One observed value of a feature, as a caller logs it: the Swift counterpart of the Python values
/// whylogs routes (`None`, `bool`, `int`, `float`, `str`, other objects).
public enum FeatureValue: Sendable, Hashable {
    /// A missing value (Python `None`).
    case null
    /// A boolean (counted as a boolean; whylogs resolves a column whose first value is a bool as
    /// integral).
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A floating-point number; NaN counts as null and NaN, ±infinity as inf (whylogs' routing).
    case double(Double)
    /// A string.
    case string(String)
    /// Raw bytes (an encoded image, for image columns); other columns count it as an object.
    case bytes([UInt8])
}
