/// How one top-level field of the schema is profiled: the rule that turns its Arrow values into
/// the pandas column whylogs would log (see ``ArrowProfiler``), or why it is skipped.
struct _ArrowColumnPlan: Sendable {
    enum Kind: Sendable, Hashable {
        /// Signed ints of any width, unsigned up to 32 bits: an int64 column (nulls stay nulls).
        case ints(bitWidth: Int, signed: Bool)
        /// uint64: ints, with values above 2^63 − 1 as floats.
        case uint64
        /// Dates and timestamps: their int32 or int64 epoch values, as ints.
        case temporal(bitWidth: Int)
        case half, float, double
        case bools
        case strings(large: Bool)
        case binary(large: Bool)
        case dictionary(id: Int64, indexBitWidth: Int, indexSigned: Bool)
        case decimal(scale: Int, bitWidth: Int)
        case nulls
        /// Not profiled: the reason (an unsupported type, or not selected).
        case skipped(reason: String)
    }

    var field: _ArrowField
    var kind: Kind
    /// The field's first node in a record batch.
    var nodeIndex: Int

    var name: String { field.name }

    static func kind(of field: _ArrowField) -> Kind {
        if let dictionary = field.dictionary {
            switch field.type {
            case .utf8, .largeUTF8:
                return .dictionary(
                    id: dictionary.id, indexBitWidth: dictionary.indexBitWidth, indexSigned: dictionary.indexSigned)
            default:
                return .skipped(reason: "dictionary of \(field.type.name) values")
            }
        }
        switch field.type {
        case .null: return .nulls
        case .int(64, false): return .uint64
        case .int(let bits, let signed): return .ints(bitWidth: bits, signed: signed)
        case .half: return .half
        case .float: return .float
        case .double: return .double
        case .bool: return .bools
        case .utf8: return .strings(large: false)
        case .largeUTF8: return .strings(large: true)
        case .binary: return .binary(large: false)
        case .largeBinary: return .binary(large: true)
        case .decimal(_, let scale, let bits): return .decimal(scale: scale, bitWidth: bits)
        case .date(let days): return .temporal(bitWidth: days ? 32 : 64)
        case .timestamp: return .temporal(bitWidth: 64)
        case .other(let name, _): return .skipped(reason: "type \(name)")
        }
    }

    /// Its roles among the model columns (0 target, 1 prediction, 2 score).
    var modelRoles: [Int] = []
    /// Read for the model metrics only: not a column of the profile.
    var isModelOnly = false

    var isProfiled: Bool {
        if case .skipped = kind { return false }
        return !isModelOnly
    }

    /// Whether the column's values are strings (so that it may be a text column).
    var isString: Bool {
        switch kind {
        case .strings, .dictionary: true
        default: false
        }
    }
}
