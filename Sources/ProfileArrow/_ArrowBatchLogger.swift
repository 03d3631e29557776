import Profiles

/// Logs a record batch's columns into a profile, each as whylogs logs the pandas column
/// `Table.to_pandas()` gives (see ``ArrowProfiler`` for the rules and the deliberate differences).
enum _ArrowBatchLogger {
    static func log(
        _ batch: _ArrowBatch, plans: [_ArrowColumnPlan], input: String, into profile: inout DatasetProfile,
        facts: inout _ArrowWorkerFacts
    ) throws(ArrowError) {
        var bytes = batch.body
        var buffers = batch.header.buffers
        if let codec = batch.header.compressionCodec {
            (bytes, buffers) = try _ArrowDecompression.decompress(
                body: bytes, buffers: buffers, codec: codec, bodyOffset: batch.bodyOffset, input: input,
                limit: batch.decompressionLimit)
        }
        let compressedPositions = batch.header.compressionCodec.map { _ in
            batch.header.buffers.map { batch.bodyOffset + $0.offset }
        }
        var failure: ArrowError?
        bytes.withUnsafeBytes { raw in
            var body = _ArrowBody(bytes: raw, offset: batch.bodyOffset, buffers: buffers, input: input)
            body.compressedPositions = compressedPositions
            do throws(ArrowError) {
                var modelValues: [[FeatureValue]] = [[], [], []]
                for (index, plan) in plans.enumerated() where plan.isProfiled || plan.isModelOnly {
                    let node = batch.header.nodes[plan.nodeIndex]
                    try checkDecodedSize(
                        plan, length: Int(node.length), limit: batch.decompressionLimit, input: input,
                        offset: batch.bodyOffset)
                    if plan.isProfiled {
                        try log(
                            plan, length: Int(node.length), nullCount: Int(node.nullCount),
                            firstBuffer: batch.bufferStarts[index], body: body, dictionaries: batch.dictionaries,
                            into: &profile, facts: &facts)
                    }
                    if !plan.modelRoles.isEmpty {
                        let values = try modelColumnValues(
                            plan, length: Int(node.length), nullCount: Int(node.nullCount),
                            firstBuffer: batch.bufferStarts[index], body: body, dictionaries: batch.dictionaries)
                        for role in plan.modelRoles { modelValues[role] = values }
                    }
                }
                if let model = batch.modelColumns {
                    var gatherer = _ModelRowGatherer(columns: model)
                    let rows = Int(batch.header.length)
                    for row in 0..<rows {
                        gatherer.add(
                            target: modelValues[0].count == rows ? modelValues[0][row] : .null,
                            prediction: modelValues[1].count == rows ? modelValues[1][row] : .null,
                            score: modelValues[2].count == rows ? modelValues[2][row] : .null)
                    }
                    gatherer.seal()
                    facts.modelPieces[batch.sequence] = gatherer
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        facts.rows += batch.header.length
    }

    /// A model column's values in a batch, as the pandas column `Table.to_pandas()` gives: ints
    /// (dates and timestamps as their epoch values), floats, booleans, strings; nulls as `.null`.
    private static func modelColumnValues(
        _ plan: _ArrowColumnPlan, length: Int, nullCount: Int, firstBuffer: Int, body: _ArrowBody,
        dictionaries: [Int64: _ArrowDictionary]
    ) throws(ArrowError) -> [FeatureValue] {
        let name = plan.name
        var values = [FeatureValue](repeating: .null, count: length)
        guard length > 0 else { return values }
        switch plan.kind {
        case .skipped, .binary, .nulls:
            return values
        case .ints(let bits, _), .temporal(let bits):
            let signed: Bool
            if case .ints(_, let isSigned) = plan.kind { signed = isSigned } else { signed = true }
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: bits / 8, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true {
                values[row] = .int(_ArrowColumnDecoding.integer(data, row, bitWidth: bits, signed: signed))
            }
        case .uint64:
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: 8, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true {
                let value = _ArrowColumnDecoding.load(data, row, as: UInt64.self)
                values[row] = Int64(exactly: value).map(FeatureValue.int) ?? .double(Double(value))
            }
        case .half, .float, .double:
            let width = plan.kind == .half ? 2 : plan.kind == .float ? 4 : 8
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: width, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true {
                switch width {
                case 2:
                    values[row] = .double(
                        _ArrowColumnDecoding.half(_ArrowColumnDecoding.load(data, row, as: UInt16.self)))
                case 4:
                    values[row] = .double(
                        Double(Float(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt32.self))))
                default:
                    values[row] = .double(Double(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt64.self)))
                }
            }
        case .bools:
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: (length + 7) / 8, width: 1, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true { values[row] = .bool(data.isValid(row)) }
        case .strings(let large):
            var invalid = 0
            let strings = try _ArrowColumnDecoding.strings(
                body: body, firstBuffer: firstBuffer, length: length, nullCount: nullCount, large: large, column: name,
                invalidUTF8: &invalid)
            for (row, string) in strings.enumerated() { values[row] = string.map(FeatureValue.string) ?? .null }
        case .dictionary(let id, let bits, let signed):
            guard let dictionary = dictionaries[id] else {
                throw ArrowError(
                    .missingDictionary, input: body.input, field: "\(name): dictionary id",
                    expected: "a dictionary batch with id \(id) before the record batch", actual: "none",
                    offset: body.offset)
            }
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: bits / 8, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true {
                let index = _ArrowColumnDecoding.integer(data, row, bitWidth: bits, signed: signed)
                guard index >= 0, index < dictionary.count else {
                    throw body.error(
                        "\(name): dictionary index [\(row)]",
                        expected: "0 ≤ index < \(dictionary.count) (dictionary \(id))",
                        actual: "\(index)", at: body.position(of: firstBuffer + 1, plus: row * bits / 8))
                }
                values[row] = dictionary[Int(index)].map(FeatureValue.string) ?? .null
            }
        case .decimal(let scale, let bits):
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let width = bits / 8
            let data = try body.values(firstBuffer + 1, length: length, width: width, column: name)
            for row in 0..<length where validity?.isValid(row) ?? true {
                let words: [UInt64] =
                    width < 8
                    ? [UInt64(bitPattern: Int64(_ArrowColumnDecoding.load(data, row, as: Int32.self)))]
                    : (0..<width / 8).map { _ArrowColumnDecoding.load(data, row * (width / 8) + $0, as: UInt64.self) }
                values[row] = .double(_ArrowColumnDecoding.decimal(words: words, scale: scale))
            }
        }
        return values
    }

    /// Refuses a column whose decoded values would take more memory than one batch may
    /// (``ArrowReadLimits/maximumBodyBytes``): a column is decoded into Swift values before it is
    /// logged, up to 16 times its bytes in the body (one bit → a `Bool?`, an int8 → an `Int64`, an
    /// index → a `String?`), and logging may copy them once more, so a small, highly compressed
    /// body could otherwise take many times the budget. Columns are decoded one at a time, so the
    /// budget is per column.
    private static func checkDecodedSize(
        _ plan: _ArrowColumnPlan, length: Int, limit: Int, input: String, offset: Int64
    ) throws(ArrowError) {
        let bytesPerValue: Int
        switch plan.kind {
        case .skipped, .nulls: return
        case .ints, .temporal, .uint64, .half, .float, .double: bytesPerValue = 8
        case .bools: bytesPerValue = 1
        case .strings, .binary, .dictionary: bytesPerValue = 16
        case .decimal: bytesPerValue = MemoryLayout<FeatureValue>.stride
        }
        // Logging may copy the decoded values once more (into the sketches' own types), hence
        // twice. length ≤ 2^31 − 1 (the batch header's check), so the product cannot overflow.
        guard 2 * length * bytesPerValue <= limit else {
            throw ArrowError(
                .limitExceeded, input: input, field: "\(plan.name): decoded values (maximumBodyBytes)",
                expected: "at most \(limit) bytes", actual: "\(length) values of \(bytesPerValue) bytes",
                offset: offset)
        }
    }

    private static func log(
        _ plan: _ArrowColumnPlan, length: Int, nullCount: Int, firstBuffer: Int, body: _ArrowBody,
        dictionaries: [Int64: _ArrowDictionary], into profile: inout DatasetProfile, facts: inout _ArrowWorkerFacts
    ) throws(ArrowError) {
        let name = plan.name
        if length == 0 { return }
        switch plan.kind {
        case .skipped:
            return
        case .nulls:
            // An object column of `None`s: only counts. The length is not bounded by any buffer
            // (a null column has none, spec §6.2), so nothing is allocated per row.
            if profile.columns[name] == nil { profile.log(column: name, strings: []) }
            profile.columns[name]?.counts?.n += Int64(length)
            profile.columns[name]?.counts?.null += Int64(length)
        case .ints(let bits, let signed):
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: bits / 8, column: name)
            var values: [Int64] = []
            values.reserveCapacity(length - nullCount)
            for row in 0..<length where validity?.isValid(row) ?? true {
                values.append(_ArrowColumnDecoding.integer(data, row, bitWidth: bits, signed: signed))
            }
            logInts(values, nulls: nullCount, column: name, into: &profile)
        case .temporal(let bits):
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: bits / 8, column: name)
            var values: [Int64] = []
            values.reserveCapacity(length - nullCount)
            for row in 0..<length where validity?.isValid(row) ?? true {
                values.append(_ArrowColumnDecoding.integer(data, row, bitWidth: bits, signed: true))
            }
            logInts(values, nulls: nullCount, column: name, into: &profile)
        case .uint64:
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: 8, column: name)
            var values: [Int64] = []
            var large: [FeatureValue] = []
            values.reserveCapacity(length - nullCount)
            for row in 0..<length where validity?.isValid(row) ?? true {
                let value = _ArrowColumnDecoding.load(data, row, as: UInt64.self)
                if let exact = Int64(exactly: value) {
                    values.append(exact)
                } else {
                    large.append(.double(Double(value)))
                }
            }
            logInts(values, nulls: nullCount, column: name, into: &profile)
            if !large.isEmpty { profile.log(column: name, values: large) }
        case .half, .float, .double:
            // (A `where` clause would bind to `.double` alone.)
            if profile.role(of: name) == nil {
                try logFloats(
                    plan.kind, body: body, firstBuffer: firstBuffer, length: length, nullCount: nullCount,
                    column: name, into: &profile)
                return
            }
            let width = plan.kind == .half ? 2 : plan.kind == .float ? 4 : 8
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: width, column: name)
            var values = [Double](repeating: .nan, count: length)
            for row in 0..<length where validity?.isValid(row) ?? true {
                switch width {
                case 2: values[row] = _ArrowColumnDecoding.half(_ArrowColumnDecoding.load(data, row, as: UInt16.self))
                case 4: values[row] = Double(Float(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt32.self)))
                default: values[row] = Double(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt64.self))
                }
            }
            profile.log(column: name, doubles: values)
        case .bools:
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: (length + 7) / 8, width: 1, column: name)
            var values = [Bool?](repeating: nil, count: length)
            for row in 0..<length where validity?.isValid(row) ?? true { values[row] = data.isValid(row) }
            // A bool column is integral unless it holds a null anywhere (then pandas makes it an
            // object column); the run drops the ints metric of those at the end.
            if profile.columns[name] == nil { profile.log(column: name, ints: []) }
            if nullCount > 0 { facts.boolColumnsWithNulls.insert(name) }
            profile.log(column: name, bools: values)
        case .strings(let large) where profile.role(of: name) == nil:
            // Straight from the bytes, without a `String` per value (a text column's derived
            // columns need the strings: the case below).
            try logStrings(
                body: body, firstBuffer: firstBuffer, length: length, nullCount: nullCount, large: large, column: name,
                into: &profile, facts: &facts)
        case .strings(let large):
            let values = try _ArrowColumnDecoding.strings(
                body: body, firstBuffer: firstBuffer, length: length, nullCount: nullCount, large: large, column: name,
                invalidUTF8: &facts.invalidUTF8Values)
            profile.log(column: name, strings: values)
        case .binary(let large):
            let values = try _ArrowColumnDecoding.binaries(
                body: body, firstBuffer: firstBuffer, length: length, nullCount: nullCount, large: large, column: name)
            profile.log(column: name, values: values.map { $0.map(FeatureValue.bytes) ?? .null })
        case .dictionary(let id, let bits, let signed):
            guard let dictionary = dictionaries[id] else {
                throw ArrowError(
                    .missingDictionary, input: body.input, field: "\(name): dictionary id",
                    expected: "a dictionary batch with id \(id) before the record batch", actual: "none",
                    offset: body.offset)
            }
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let data = try body.values(firstBuffer + 1, length: length, width: bits / 8, column: name)
            var values = [String?](repeating: nil, count: length)
            let count = dictionary.count
            for row in 0..<length where validity?.isValid(row) ?? true {
                let index = _ArrowColumnDecoding.integer(data, row, bitWidth: bits, signed: signed)
                guard index >= 0, index < count else {
                    throw body.error(
                        "\(name): dictionary index [\(row)]", expected: "0 ≤ index < \(count) (dictionary \(id))",
                        actual: "\(signed ? String(index) : String(UInt64(bitPattern: index)))",
                        at: body.position(of: firstBuffer + 1, plus: row * bits / 8))
                }
                values[row] = dictionary[Int(index)]
            }
            profile.log(column: name, strings: values)
        case .decimal(let scale, let bits):
            let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
            let width = bits / 8
            let data = try body.values(firstBuffer + 1, length: length, width: width, column: name)
            var values = [FeatureValue](repeating: .null, count: length)
            for row in 0..<length where validity?.isValid(row) ?? true {
                var words: [UInt64]
                if width < 8 {
                    words = [UInt64(bitPattern: Int64(_ArrowColumnDecoding.load(data, row, as: Int32.self)))]
                } else {
                    words = (0..<width / 8).map {
                        _ArrowColumnDecoding.load(data, row * (width / 8) + $0, as: UInt64.self)
                    }
                }
                values[row] = .double(_ArrowColumnDecoding.decimal(words: words, scale: scale))
            }
            profile.log(column: name, values: values)
        }
    }

    /// A float column logged as ``ColumnProfile/log(doubles:)`` logs its values (nulls are NaN
    /// in pandas), without the NaN-filled copy.
    private static func logFloats(
        _ kind: _ArrowColumnPlan.Kind, body: _ArrowBody, firstBuffer: Int, length: Int, nullCount: Int,
        column name: String, into profile: inout DatasetProfile
    ) throws(ArrowError) {
        let width = kind == .half ? 2 : kind == .float ? 4 : 8
        let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
        let data = try body.values(firstBuffer + 1, length: length, width: width, column: name)
        var values: [Double] = []
        values.reserveCapacity(length - nullCount)
        var missing = nullCount
        func append(_ value: Double) {
            if value.isNaN { missing += 1 } else { values.append(value) }
        }
        switch width {
        case 2:
            for row in 0..<length where validity?.isValid(row) ?? true {
                append(_ArrowColumnDecoding.half(_ArrowColumnDecoding.load(data, row, as: UInt16.self)))
            }
        case 4:
            for row in 0..<length where validity?.isValid(row) ?? true {
                append(Double(Float(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt32.self))))
            }
        default:
            for row in 0..<length where validity?.isValid(row) ?? true {
                append(Double(bitPattern: _ArrowColumnDecoding.load(data, row, as: UInt64.self)))
            }
        }
        profile.update(name, type: .fractional) { column in
            values.withUnsafeBufferPointer { column.log(floats: $0, missingCount: missing) }
        }
    }

    /// A utf8 column logged as ``ColumnProfile/log(strings:)`` logs its decoded values.
    private static func logStrings(
        body: _ArrowBody, firstBuffer: Int, length: Int, nullCount: Int, large: Bool, column name: String,
        into profile: inout DatasetProfile, facts: inout _ArrowWorkerFacts
    ) throws(ArrowError) {
        let validity = try body.validity(firstBuffer, length: length, nullCount: nullCount, column: name)
        let data = try body.buffer(firstBuffer + 2, column: name, what: "data")
        let offsets = try body.offsets(
            firstBuffer + 1, length: length, width: large ? 8 : 4, dataCount: data.count, column: name)
        let units = data.bindMemory(to: UInt8.self)
        var invalid = 0
        profile.update(name, type: .string) { column in
            column.countStrings(length, nullCount: nullCount)
            for row in 0..<length where validity?.isValid(row) ?? true {
                let value = UnsafeBufferPointer(rebasing: units[offsets[row]..<offsets[row + 1]])
                if !column.logString(utf8: value) { invalid += 1 }
            }
        }
        facts.invalidUTF8Values += invalid
    }

    /// An int column with nulls: integral, its nulls counted (pandas would make it float64).
    private static func logInts(_ values: [Int64], nulls: Int, column: String, into profile: inout DatasetProfile) {
        profile.log(column: column, ints: values)
        if nulls > 0 { profile.log(column: column, values: [FeatureValue](repeating: .null, count: nulls)) }
    }
}
