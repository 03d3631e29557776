/// The `types` metric (whylogs `TypeCountersMetric`): how many values of each kind were seen.
/// Every component merges by sum.
public struct TypeCountersMetric: Sendable, Hashable {
    /// Integers (not booleans) (`types/integral`).
    public var integral: Int64 = 0
    /// Floating-point values, ±infinity included (`types/fractional`).
    public var fractional: Int64 = 0
    /// Booleans (`types/boolean`).
    public var boolean: Int64 = 0
    /// Strings (`types/string`).
    public var string: Int64 = 0
    /// Other objects (`types/object`).
    public var object: Int64 = 0
    /// Numeric tensors (`types/tensor`).
    public var tensor: Int64 = 0

    /// The metric's namespace, `"types"`.
    public static let namespace = "types"
    /// The component names, in summary order.
    public static let componentNames = ["integral", "fractional", "boolean", "string", "object", "tensor"]

    /// An empty metric.
    public init() {}

    /// Adds another metric's counters.
    ///
    /// - Parameter other: the metric to add.
    /// - Complexity: O(1).
    public mutating func merge(_ other: TypeCountersMetric) {
        integral &+= other.integral
        fractional &+= other.fractional
        boolean &+= other.boolean
        string &+= other.string
        object &+= other.object
        tensor &+= other.tensor
    }

    var values: [Int64] { [integral, fractional, boolean, string, object, tensor] }

    init(values: [Int64]) {
        (integral, fractional, boolean, string, object, tensor) =
            (values[0], values[1], values[2], values[3], values[4], values[5])
    }
}
