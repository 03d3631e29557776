/// One class label of a classifier's target or prediction, as the Python value whylogs'
/// `log_classification_metrics` receives from a pandas column.
///
/// Labels are stored in a ``ConfusionMatrix`` as Python `str(value)` writes them: `"3"`,
/// `"0.5"`, `"True"`, and `"None"` for ``missing`` (Python `None` or NaN).
public enum ClassLabel: Sendable, Hashable {
    /// A string (a pandas object column of `str`).
    case string(String)
    /// An integer (a pandas int column).
    case integer(Int64)
    /// A floating-point number (a pandas float column); NaN is ``missing``.
    case double(Double)
    /// A boolean (a pandas bool column).
    case boolean(Bool)
    /// A missing label: Python `None` or NaN, written `"None"`.
    case missing

    /// The label as Python `str(value)` writes it.
    public var text: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .double(let value): value.isNaN ? "None" : Self.pythonRepr(value)
        case .boolean(let value): value ? "True" : "False"
        case .missing: "None"
        }
    }

    /// Whether the label is missing (``missing`` or a NaN ``double(_:)``).
    var isMissing: Bool {
        switch self {
        case .missing: true
        case .double(let value): value.isNaN
        default: false
        }
    }

    /// Python's `repr(float)` (``_PythonFloatRepr``).
    static func pythonRepr(_ value: Double) -> String { _PythonFloatRepr.repr(value) }
}
