/// An Arrow schema read from its FlatBuffers table (spec §4): the top-level fields, little-endian.
struct _ArrowSchema: Sendable {
    var fields: [_ArrowField]

    /// Reads a `Schema` table (spec §4.1), checking the endianness and the limits on the field
    /// count and nesting.
    init(table: _FlatTable, limits: ArrowReadLimits) throws(ArrowError) {
        let endianness = try table.int(0, "endianness", default: Int16(0))
        if endianness != 0 {
            throw ArrowError(
                .unsupportedFormat, field: "Schema.endianness", expected: "0 (little-endian)",
                actual: "\(endianness) (big-endian)", offset: table.buffer.base + Int64(table.position))
        }
        var count = 0
        fields = try Self.fields(of: table, index: 1, name: "fields", depth: 1, count: &count, limits: limits)
    }

    private static func fields(
        of table: _FlatTable, index: Int, name: String, depth: Int, count: inout Int, limits: ArrowReadLimits
    ) throws(ArrowError) -> [_ArrowField] {
        let tables = try table.tables(index, name)
        if tables.isEmpty { return [] }
        if depth > limits.maximumNestingDepth {
            throw ArrowError(
                .limitExceeded, field: "schema nesting depth (maximumNestingDepth)",
                expected: "at most \(limits.maximumNestingDepth)", actual: "\(depth)",
                offset: table.buffer.base + Int64(table.position))
        }
        count += tables.count
        if count > limits.maximumColumns {
            throw ArrowError(
                .limitExceeded, field: "schema fields (maximumColumns)", expected: "at most \(limits.maximumColumns)",
                actual: "\(count) or more", offset: table.buffer.base + Int64(table.position))
        }
        var result: [_ArrowField] = []
        result.reserveCapacity(tables.count)
        for child in tables {
            result.append(try field(child, depth: depth, count: &count, limits: limits))
        }
        return result
    }

    /// Reads a `Field` table (spec §4.2).
    private static func field(
        _ table: _FlatTable, depth: Int, count: inout Int, limits: ArrowReadLimits
    ) throws(ArrowError) -> _ArrowField {
        let name = try table.string(0, "name") ?? ""
        let typeTag = try table.int(2, "type_type", default: UInt8(0))
        let typeTable = try table.table(3, "type")
        let type = try Self.type(tag: typeTag, table: typeTable, field: table)
        var dictionary: _ArrowField.Dictionary?
        if let encoding = try table.table(4, "dictionary") {
            let id = try encoding.int(0, "id", default: Int64(0))
            var bits = 32
            var signed = true
            if let index = try encoding.table(1, "indexType") {
                bits = Int(try index.int(0, "bitWidth", default: Int32(0)))
                signed = try index.bool(1, "is_signed")
            }
            guard [8, 16, 32, 64].contains(bits) else {
                throw ArrowError(
                    .malformedMetadata, field: "DictionaryEncoding.indexType.bitWidth", expected: "8, 16, 32 or 64",
                    actual: "\(bits)", offset: table.buffer.base + Int64(encoding.position))
            }
            dictionary = _ArrowField.Dictionary(
                id: id, indexBitWidth: bits, indexSigned: signed, isOrdered: try encoding.bool(2, "isOrdered"))
        }
        let children = try fields(
            of: table, index: 5, name: "children", depth: depth + 1, count: &count, limits: limits)
        return _ArrowField(name: name, type: type, dictionary: dictionary, children: children)
    }

    /// The type of a field from its `Type` union tag and table (spec §4.3).
    private static func type(tag: UInt8, table: _FlatTable?, field: _FlatTable) throws(ArrowError) -> _ArrowType {
        let at = field.buffer.base + Int64(table?.position ?? field.position)
        func bad(_ name: String, _ expected: String, _ actual: String) -> ArrowError {
            ArrowError(.malformedMetadata, field: name, expected: expected, actual: actual, offset: at)
        }
        // Tables with no fields of interest may be absent: read their defaults then.
        func int<T: FixedWidthInteger>(_ index: Int, _ name: String, _ value: T) throws(ArrowError) -> T {
            try table?.int(index, name, default: value) ?? value
        }
        switch tag {
        case 1: return .null
        case 2:
            let bits = Int(try int(0, "bitWidth", Int32(0)))
            guard [8, 16, 32, 64].contains(bits) else { throw bad("Int.bitWidth", "8, 16, 32 or 64", "\(bits)") }
            return .int(bitWidth: bits, signed: try table?.bool(1, "is_signed") ?? false)
        case 3:
            switch try int(0, "precision", Int16(0)) {
            case 0: return .half
            case 1: return .float
            case 2: return .double
            case let other: throw bad("FloatingPoint.precision", "0, 1 or 2", "\(other)")
            }
        case 4: return .binary
        case 5: return .utf8
        case 6: return .bool
        case 7:
            let precision = Int(try int(0, "precision", Int32(0)))
            let scale = Int(try int(1, "scale", Int32(0)))
            let bits = Int(try int(2, "bitWidth", Int32(128)))
            guard bits == 128 || bits == 256 || bits == 32 || bits == 64 else {
                throw bad("Decimal.bitWidth", "32, 64, 128 or 256", "\(bits)")
            }
            guard precision >= 1, precision <= 76, scale >= -precision, scale <= 76 else {
                throw bad("Decimal precision and scale", "1…76 and a scale within it", "(\(precision), \(scale))")
            }
            return .decimal(precision: precision, scale: scale, bitWidth: bits)
        case 8:
            switch try int(0, "unit", Int16(1)) {
            case 0: return .date(days: true)
            case 1: return .date(days: false)
            case let other: throw bad("Date.unit", "0 (DAY) or 1 (MILLISECOND)", "\(other)")
            }
        case 10:
            let raw = try int(0, "unit", Int16(0))
            guard let unit = _ArrowType.TimeUnit(rawValue: raw) else { throw bad("Timestamp.unit", "0…3", "\(raw)") }
            let zone = try table?.string(1, "timezone")
            return .timestamp(unit: unit, timezone: zone?.isEmpty == true ? nil : zone)
        case 9:
            let bits = Int(try int(1, "bitWidth", Int32(32)))
            return .other(name: "time\(bits)", buffers: 2)
        case 11: return .other(name: "interval", buffers: 2)
        case 12: return .other(name: "list", buffers: 2)
        case 13: return .other(name: "struct", buffers: 1)
        case 14:
            let mode = try int(0, "mode", Int16(0))
            return .other(name: mode == 1 ? "dense_union" : "sparse_union", buffers: mode == 1 ? 2 : 1)
        case 15: return .other(name: "fixed_size_binary", buffers: 2)
        case 16: return .other(name: "fixed_size_list", buffers: 1)
        case 17: return .other(name: "map", buffers: 2)
        case 18: return .other(name: "duration", buffers: 2)
        case 19: return .largeBinary
        case 20: return .largeUTF8
        case 21: return .other(name: "large_list", buffers: 2)
        case 22: return .other(name: "run_end_encoded", buffers: 0)
        case 23: return .other(name: "binary_view", buffers: nil)
        case 24: return .other(name: "string_view", buffers: nil)
        case 25: return .other(name: "list_view", buffers: 3)
        case 26: return .other(name: "large_list_view", buffers: 3)
        default: throw bad("Field.type_type", "a Type union tag 1…26", "\(tag)")
        }
    }
}
