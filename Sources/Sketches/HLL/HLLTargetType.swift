/// The register width an ``HLLSketch`` uses once it reaches HLL mode.
///
/// All three give the same estimates; they trade memory for update speed. `hll4` stores
/// `k/2` bytes plus a small exception table, `hll6` stores `3k/4 + 1` bytes and `hll8` stores
/// `k` bytes. The raw value is the 2-bit code in bits 2–3 of the image's mode byte.
public enum HLLTargetType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 4-bit nibbles offset by the current minimum, with an auxiliary exception table
    /// (DataSketches `HLL_4`, the C++ and whylogs default).
    case hll4 = 0
    /// 6-bit packed registers (DataSketches `HLL_6`).
    case hll6 = 1
    /// One byte per register (DataSketches `HLL_8`, the Python `datasketches` 5.x default).
    case hll8 = 2

    /// `"HLL_4"`, `"HLL_6"` or `"HLL_8"`.
    public var description: String {
        switch self {
        case .hll4: "HLL_4"
        case .hll6: "HLL_6"
        case .hll8: "HLL_8"
        }
    }

    /// The number of register-array bytes for `2^lgK` registers.
    @inlinable
    func registerBytes(lgK: Int) -> Int {
        switch self {
        case .hll4: (1 << lgK) >> 1
        case .hll6: (((1 << lgK) * 3) >> 2) + 1
        case .hll8: 1 << lgK
        }
    }
}
