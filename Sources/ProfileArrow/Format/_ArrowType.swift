/// An Arrow data type as the schema's `Type` union gives it (spec §4.3), with the parameters this
/// reader uses. Types it cannot profile are kept with their name, so that they can be skipped
/// (their buffers counted, spec §6.2) and named in a warning.
enum _ArrowType: Sendable, Hashable {
    enum TimeUnit: Int16, Sendable, Hashable {
        case second = 0
        case millisecond
        case microsecond
        case nanosecond
        var name: String { ["s", "ms", "us", "ns"][Int(rawValue)] }
    }

    case null
    case int(bitWidth: Int, signed: Bool)
    case half, float, double
    case bool
    case utf8, largeUTF8, binary, largeBinary
    case decimal(precision: Int, scale: Int, bitWidth: Int)
    /// `Date`: `DAY` (int32 days) or `MILLISECOND` (int64 ms).
    case date(days: Bool)
    case timestamp(unit: TimeUnit, timezone: String?)
    /// A type that is read only to be skipped: its name, and the buffers one field of it has in a
    /// record batch before its children's (spec §6.2; `nil` for a view type, whose count also
    /// takes the batch's variadic buffer count).
    case other(name: String, buffers: Int?)

    /// The buffers one field of this type has in a record batch, its children's apart (spec §6.2).
    var fixedBufferCount: Int? {
        switch self {
        case .null: 0
        case .int, .half, .float, .double, .bool, .decimal, .date, .timestamp: 2
        case .utf8, .largeUTF8, .binary, .largeBinary: 3
        case .other(_, let buffers): buffers
        }
    }

    /// The type as pyarrow names it (`int64`, `timestamp[ms, tz=UTC]`, `decimal128(5, 2)`…).
    var name: String {
        switch self {
        case .null: "null"
        case .int(let bits, let signed): "\(signed ? "" : "u")int\(bits)"
        case .half: "halffloat"
        case .float: "float"
        case .double: "double"
        case .bool: "bool"
        case .utf8: "string"
        case .largeUTF8: "large_string"
        case .binary: "binary"
        case .largeBinary: "large_binary"
        case .decimal(let precision, let scale, let bits): "decimal\(bits)(\(precision), \(scale))"
        case .date(let days): days ? "date32[day]" : "date64[ms]"
        case .timestamp(let unit, let zone):
            zone.map { "timestamp[\(unit.name), tz=\($0)]" } ?? "timestamp[\(unit.name)]"
        case .other(let name, _): name
        }
    }
}
