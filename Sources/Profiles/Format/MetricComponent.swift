/// One metric component of a column, as a whylogs v1 file stores it (`MetricComponentMessage`).
///
/// A component has a path (`"counts/n"`, `"distribution/kll"`, `"image/ImagePixelWidth:ints/max"`),
/// which the file keeps in its index table, a `typeID` that selects how it merges (0 by value kind,
/// 1 min, 2 max, ≥ 100 custom), and exactly one value.
public struct MetricComponent: Sendable, Hashable {
    /// The component's value: which member of the message's `oneof` is present.
    public enum Value: Sendable, Hashable {
        /// `n`: an integer (counts, `ints/max`, …).
        case integer(Int64)
        /// `d`: a double (`distribution/mean`, `distribution/m2`); may be NaN or ±infinity.
        case double(Double)
        /// A frequent-items sketch image (DataSketches C++ 3.x / 5.x layout).
        case frequentItems([UInt8])
        /// An HLL sketch image (compact).
        case hll([UInt8])
        /// A KLL doubles sketch image (whylogs-sketching layout, preamble 6, when written by whylogs).
        case kll([UInt8])
        /// A CPC sketch image (never written by the built-in metrics; kept as bytes).
        case cpc([UInt8])
        /// `serialized_bytes`: custom components (e.g. numpy matrices, type id 101).
        case serializedBytes([UInt8])

        /// Equality of the stored values: doubles compare by bit pattern, so a NaN mean equals
        /// itself and a file read twice compares equal.
        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.integer(let a), .integer(let b)): a == b
            case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
            case (.frequentItems(let a), .frequentItems(let b)): a == b
            case (.hll(let a), .hll(let b)): a == b
            case (.kll(let a), .kll(let b)): a == b
            case (.cpc(let a), .cpc(let b)): a == b
            case (.serializedBytes(let a), .serializedBytes(let b)): a == b
            default: false
            }
        }

        /// Hashes the value consistently with `==`: a double by its bit pattern.
        public func hash(into hasher: inout Hasher) {
            switch self {
            case .integer(let value):
                hasher.combine(0)
                hasher.combine(value)
            case .double(let value):
                hasher.combine(1)
                hasher.combine(value.bitPattern)
            case .frequentItems(let bytes):
                hasher.combine(2)
                hasher.combine(bytes)
            case .hll(let bytes):
                hasher.combine(3)
                hasher.combine(bytes)
            case .kll(let bytes):
                hasher.combine(4)
                hasher.combine(bytes)
            case .cpc(let bytes):
                hasher.combine(5)
                hasher.combine(bytes)
            case .serializedBytes(let bytes):
                hasher.combine(6)
                hasher.combine(bytes)
            }
        }
    }

    /// The merge selector: 0 by value kind, 1 min-aggregated, 2 max-aggregated, ≥ 100 custom.
    public var typeID: UInt32
    /// The value.
    public var value: Value

    /// Creates a component.
    public init(typeID: UInt32 = 0, _ value: Value) {
        self.typeID = typeID
        self.value = value
    }

    /// The `typeID` of min-aggregated integer components (`ints/min`).
    public static let minTypeID: UInt32 = 1
    /// The `typeID` of max-aggregated integer components (`ints/max`).
    public static let maxTypeID: UInt32 = 2
}
