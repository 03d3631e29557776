/// The internal representation an ``HLLSketch`` is in.
///
/// A sketch starts as a short coupon ``list``, grows into a coupon hash ``set`` (only when
/// `lgK >= 8`), and finally becomes an array of `2^lgK` registers (``hll``). The raw value is the
/// 2-bit code in bits 0–1 of the image's mode byte.
public enum HLLMode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Up to 7 coupons in an 8-slot array (DataSketches `LIST`).
    case list = 0
    /// An open-addressing hash table of coupons (DataSketches `SET`).
    case set = 1
    /// Registers (DataSketches `HLL`).
    case hll = 2

    /// `"LIST"`, `"SET"` or `"HLL"`.
    public var description: String {
        switch self {
        case .list: "LIST"
        case .set: "SET"
        case .hll: "HLL"
        }
    }
}
