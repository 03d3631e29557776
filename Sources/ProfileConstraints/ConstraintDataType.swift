/// A value kind counted by whylogs' `types` metric (`types/integral`, …), in its summary order.
public enum ConstraintDataType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Integers (`types/integral`).
    case integral
    /// Floating-point numbers (`types/fractional`).
    case fractional
    /// Booleans (`types/boolean`).
    case boolean
    /// Strings (`types/string`).
    case string
    /// Other objects (`types/object`).
    case object
    /// Tensors (`types/tensor`).
    case tensor

    /// The name, as in the `types` metric.
    public var description: String { rawValue }
}
