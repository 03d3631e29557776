import Foundation
import Profiles
import Sketches

/// One profiling run over one input: the schema, then each message in order — dictionaries read
/// on this thread, record batches profiled on the workers — then the merge.
struct _ArrowRun {
    let reader: _ArrowMessageReader
    let options: ArrowOptions
    let progress: (@Sendable (ArrowProgress) -> Void)?

    init(input: _ArrowInput, options: ArrowOptions, progress: (@Sendable (ArrowProgress) -> Void)?) {
        reader = _ArrowMessageReader(input: input, limits: options.limits)
        self.options = options
        self.progress = progress
    }

    var name: String { reader.input.name }

    func run() throws(ArrowError) -> ArrowProfileResult {
        try validateOptions()
        guard let first = try reader.next() else {
            throw ArrowError(
                .unexpectedMessage, input: name, field: "first message", expected: "a schema",
                actual: "the end of the stream", offset: reader.offset)
        }
        guard case .schema(let table) = first.message.header else {
            throw ArrowError(
                .unexpectedMessage, input: name, field: "first message", expected: "a schema",
                actual: "a \(Self.kind(first.message.header))", offset: first.offset)
        }
        let schema: _ArrowSchema
        do { schema = try _ArrowSchema(table: table, limits: options.limits) } catch { throw error.in(name) }
        let plans = try makePlans(schema)
        let dictionaryFields = Self.dictionaryFields(schema.fields)

        let threads = max(1, options.threadCount ?? ProcessInfo.processInfo.activeProcessorCount)
        let options = self.options
        let makeProfile: @Sendable (Int) -> DatasetProfile = { index in
            var profile = DatasetProfile(datasetTimestampMilliseconds: options.datasetTimestampMilliseconds)
            if let seed = options.compactionSeed { profile.compactionCoin = .seeded(seed &+ UInt64(index)) }
            for column in options.textColumns { profile.declare(textColumn: column) }
            for plan in plans { Self.create(plan, in: &profile) }
            return profile
        }
        let pool =
            threads > 1
            ? _ArrowWorkerPool(threadCount: threads, plans: plans, input: name, makeProfile: makeProfile) : nil
        var inline = pool == nil ? makeProfile(0) : DatasetProfile()
        var inlineFacts = _ArrowWorkerFacts()

        var dictionaries: [Int64: _ArrowDictionary] = [:]
        var dictionaryBytes = 0
        var batchCount = 0
        var dictionaryCount = 0
        var rows: Int64 = 0
        do throws(ArrowError) {
            while let message = try reader.next() {
                if let failure = pool?.firstFailure { throw failure }
                switch message.message.header {
                case .schema:
                    throw ArrowError(
                        .unexpectedMessage, input: name, field: "message", expected: "a dictionary or record batch",
                        actual: "a second schema", offset: message.offset)
                case .dictionaryBatch(let table):
                    dictionaryCount += 1
                    try readDictionary(
                        table, message: message, fields: dictionaryFields, into: &dictionaries, bytes: &dictionaryBytes)
                case .recordBatch(let table):
                    let header: _ArrowRecordBatchHeader
                    do { header = try _ArrowRecordBatchHeader(table: table) } catch { throw error.in(name) }
                    let starts = try layout(header, fields: schema.fields, at: message.offset)
                    let batch = _ArrowBatch(
                        sequence: batchCount, header: header, body: message.body, bodyOffset: message.bodyOffset,
                        bufferStarts: starts,
                        dictionaries: dictionaries, decompressionLimit: options.limits.maximumBodyBytes,
                        modelColumns: options.modelColumns)
                    batchCount += 1
                    let (total, overflow) = rows.addingReportingOverflow(header.length)
                    // Profile counts are exact only up to 2^53 (as whylogs' are, in doubles).
                    guard !overflow, total <= 1 << 53 else {
                        throw ArrowError(
                            .limitExceeded, input: name, field: "rows in all batches",
                            expected: "at most 2^53", actual: "more", offset: message.offset)
                    }
                    rows = total
                    if let pool {
                        pool.submit(batch)
                    } else {
                        try _ArrowBatchLogger.log(batch, plans: plans, input: name, into: &inline, facts: &inlineFacts)
                    }
                }
                progress?(
                    ArrowProgress(
                        bytesProcessed: reader.offset, totalBytes: reader.input.totalBytes, rowsProcessed: rows,
                        isFinished: false))
            }
        } catch {
            if let pool {
                _ = pool.finish()
                // A worker's failure is in a batch read before the message that failed here.
                if let failure = pool.firstFailure { throw failure }
            }
            throw error
        }
        var profile: DatasetProfile
        var facts: _ArrowWorkerFacts
        if let pool {
            let results = pool.finish()
            if let failure = pool.firstFailure { throw failure }
            profile = results[0].profile
            facts = results[0].facts
            for result in results.dropFirst() {
                profile.merge(result.profile)
                facts.add(result.facts)
            }
        } else {
            profile = inline
            facts = inlineFacts
        }
        if let footer = reader.footer {
            guard footer.recordBatchBlockCount == batchCount, footer.dictionaryBlockCount == dictionaryCount else {
                throw ArrowError(
                    .malformedMetadata, input: name, field: "Footer.recordBatches and dictionaries",
                    expected: "\(batchCount) record batches and \(dictionaryCount) dictionaries (the messages read)",
                    actual: "\(footer.recordBatchBlockCount) and \(footer.dictionaryBlockCount)", offset: reader.offset)
            }
        }
        for column in facts.boolColumnsWithNulls { profile.columns[column]?.ints = nil }
        if let model = options.modelColumns {
            var gatherer = _ModelRowGatherer(columns: model)
            for sequence in facts.modelPieces.keys.sorted() { gatherer.merge(facts.modelPieces[sequence]!) }
            do throws(ProfileError) {
                profile.modelPerformance = try gatherer.metrics()
            } catch {
                throw ArrowError(
                    .modelColumn, input: name, field: error.field, expected: error.expected, actual: error.actual)
            }
        }
        for plan in plans where plan.isProfiled {
            profile.metadata[ArrowProfiler.typeMetadataPrefix + plan.name] = plan.field.typeName
        }
        progress?(
            ArrowProgress(
                bytesProcessed: reader.offset, totalBytes: reader.input.totalBytes, rowsProcessed: rows,
                isFinished: true))
        return ArrowProfileResult(
            profile: profile,
            columns: plans.map { plan in
                var reason: String?
                if case .skipped(let why) = plan.kind { reason = why }
                return ArrowColumn(name: plan.name, typeName: plan.field.typeName, skipReason: reason)
            }, rowCount: facts.rows, batchCount: batchCount, byteCount: reader.offset, isFileFormat: reader.isFile,
            invalidUTF8ValueCount: facts.invalidUTF8Values)
    }

    private func validateOptions() throws(ArrowError) {
        if let threads = options.threadCount, threads < 1 {
            throw ArrowError(
                .invalidOption, input: name, field: "thread count", expected: "at least 1", actual: "\(threads)")
        }
        let limits = options.limits
        for (field, value) in [
            ("maximumMetadataBytes", limits.maximumMetadataBytes), ("maximumBodyBytes", limits.maximumBodyBytes),
            ("maximumColumns", limits.maximumColumns), ("maximumDictionaryBytes", limits.maximumDictionaryBytes),
            ("maximumNestingDepth", limits.maximumNestingDepth),
        ] where value < 1 {
            throw ArrowError(.invalidOption, input: name, field: field, expected: "at least 1", actual: "\(value)")
        }
    }

    static func kind(_ header: _ArrowMessage.Header) -> String {
        switch header {
        case .schema: "schema"
        case .dictionaryBatch: "dictionary batch"
        case .recordBatch: "record batch"
        }
    }

    /// The plan of each top-level field: its node, how it is logged, or why it is skipped.
    private func makePlans(_ schema: _ArrowSchema) throws(ArrowError) -> [_ArrowColumnPlan] {
        var plans: [_ArrowColumnPlan] = []
        var node = 0
        var seen = Set<String>()
        let selected = options.columns.map(Set.init)
        let model = options.modelColumns
        let modelNames = Set(model?.names ?? [])
        for field in schema.fields {
            var kind = _ArrowColumnPlan.kind(of: field)
            var isModelOnly = false
            if let selected, !selected.contains(field.name), !options.textColumns.contains(field.name) {
                if modelNames.contains(field.name) {
                    isModelOnly = true
                } else {
                    kind = .skipped(reason: ArrowProfiler.notSelectedReason)
                }
            } else if !seen.insert(field.name).inserted {
                throw ArrowError(
                    .unknownColumn, input: name, field: "column '\(field.name)'", expected: "a unique column name",
                    actual: "a second column of that name")
            } else if case .skipped(let reason) = kind, options.isStrict {
                throw ArrowError(
                    .unsupportedType, input: name, field: "column '\(field.name)'",
                    expected: "a type that can be profiled", actual: reason)
            }
            var plan = _ArrowColumnPlan(field: field, kind: kind, nodeIndex: node)
            plan.isModelOnly = isModelOnly
            if let model {
                plan.modelRoles = [model.target, model.prediction, model.score].enumerated().compactMap {
                    $0.element == field.name ? $0.offset : nil
                }
            }
            if !plan.modelRoles.isEmpty {
                var refusal: String?
                switch kind {
                case .skipped(let reason): refusal = reason
                case .binary: refusal = "binary values"
                default: break
                }
                if let refusal {
                    throw ArrowError(
                        .modelColumn, input: name, field: "column '\(field.name)'",
                        expected: "labels or numbers for the model metrics", actual: refusal)
                }
            }
            plans.append(plan)
            node += field.nodeCount
        }
        let names = Set(schema.fields.map(\.name))
        for column in (options.columns ?? []) + options.textColumns + modelNames.sorted() where !names.contains(column)
        {
            throw ArrowError(
                .unknownColumn, input: name, field: "column '\(column)'", expected: "a column of the schema",
                actual: "none of that name")
        }
        for column in options.textColumns {
            if let plan = plans.first(where: { $0.name == column }), !plan.isString {
                throw ArrowError(
                    .invalidOption, input: name, field: "text column '\(column)'", expected: "a string column",
                    actual: plan.field.typeName)
            }
        }
        return plans
    }

    /// Creates a profiled column with the metric set of its pandas type, so that the type does not
    /// depend on which batch a thread sees first (and an input with no rows has its columns).
    static func create(_ plan: _ArrowColumnPlan, in profile: inout DatasetProfile) {
        guard plan.isProfiled else { return }
        switch plan.kind {
        case .skipped: return
        case .ints, .uint64, .temporal, .bools: profile.log(column: plan.name, ints: [])
        case .half, .float, .double: profile.log(column: plan.name, doubles: [])
        case .strings, .binary, .dictionary, .decimal, .nulls: profile.log(column: plan.name, strings: [])
        }
    }

    /// Every dictionary-encoded field (nested ones included) by dictionary id; `true` when its
    /// values are strings logged by a top-level column.
    static func dictionaryFields(_ fields: [_ArrowField]) -> [Int64: (field: _ArrowField, isLogged: Bool)] {
        var result: [Int64: (field: _ArrowField, isLogged: Bool)] = [:]
        func visit(_ field: _ArrowField, topLevel: Bool) {
            if let dictionary = field.dictionary {
                let strings = field.type == .utf8 || field.type == .largeUTF8
                let previous = result[dictionary.id]?.isLogged ?? false
                result[dictionary.id] = (field, previous || (topLevel && strings))
            }
            for child in field.children { visit(child, topLevel: false) }
        }
        for field in fields { visit(field, topLevel: true) }
        return result
    }

    /// The index of each top-level field's first buffer in a record batch, after checking that
    /// the batch has one node per field and the buffers the schema's types take (spec §6.2).
    private func layout(
        _ header: _ArrowRecordBatchHeader, fields: [_ArrowField], at offset: Int64
    ) throws(ArrowError) -> [Int] {
        var cursor = 0
        var variadic = 0
        var starts: [Int] = []
        starts.reserveCapacity(fields.count)
        func count(_ field: _ArrowField) throws(ArrowError) -> Int {
            if field.dictionary != nil { return 2 }
            var total: Int
            if let fixed = field.type.fixedBufferCount {
                total = fixed
            } else {
                guard variadic < header.variadicBufferCounts.count else {
                    throw ArrowError(
                        .malformedMetadata, input: name, field: "RecordBatch.variadicBufferCounts",
                        expected: "one count per view column", actual: "\(header.variadicBufferCounts.count)",
                        offset: offset)
                }
                total = 2 + Int(header.variadicBufferCounts[variadic])
                variadic += 1
            }
            for child in field.children { total += try count(child) }
            return total
        }
        for field in fields {
            starts.append(cursor)
            cursor += try count(field)
        }
        let nodes = fields.reduce(0) { $0 + $1.nodeCount }
        guard header.nodes.count == nodes, header.buffers.count == cursor else {
            throw ArrowError(
                .malformedMetadata, input: name, field: "RecordBatch.nodes and buffers",
                expected: "\(nodes) nodes and \(cursor) buffers (the schema's)",
                actual: "\(header.nodes.count) nodes and \(header.buffers.count) buffers", offset: offset)
        }
        var node = 0
        for field in fields {
            guard header.nodes[node].length == header.length else {
                throw ArrowError(
                    .malformedMetadata, input: name, field: "RecordBatch.nodes[\(node)].length ('\(field.name)')",
                    expected: "\(header.length) (the batch's length)", actual: "\(header.nodes[node].length)",
                    offset: offset)
            }
            node += field.nodeCount
        }
        return starts
    }

    /// Reads a dictionary batch (spec §7): a replacement or a delta of a dictionary the schema
    /// declares; string dictionaries of top-level columns are decoded and kept, within the budget.
    private func readDictionary(
        _ table: _FlatTable, message: _ArrowRawMessage, fields: [Int64: (field: _ArrowField, isLogged: Bool)],
        into dictionaries: inout [Int64: _ArrowDictionary], bytes total: inout Int
    ) throws(ArrowError) {
        let header: _ArrowDictionaryBatchHeader
        do { header = try _ArrowDictionaryBatchHeader(table: table) } catch { throw error.in(name) }
        guard let entry = fields[header.id] else {
            throw ArrowError(
                .unexpectedMessage, input: name, field: "DictionaryBatch.id",
                expected: "the id of a dictionary-encoded field", actual: "\(header.id)", offset: message.offset)
        }
        guard entry.isLogged else { return }
        guard header.data.nodes.count == 1, header.data.buffers.count == 3 else {
            throw ArrowError(
                .malformedMetadata, input: name, field: "DictionaryBatch.data nodes and buffers",
                expected: "1 node and 3 buffers (a string column)",
                actual: "\(header.data.nodes.count) nodes and \(header.data.buffers.count) buffers",
                offset: message.offset)
        }
        let node = header.data.nodes[0]
        var invalid = 0
        var bytes = message.body
        var buffers = header.data.buffers
        if let codec = header.data.compressionCodec {
            (bytes, buffers) = try _ArrowDecompression.decompress(
                body: bytes, buffers: buffers, codec: codec, bodyOffset: message.bodyOffset, input: name,
                limit: options.limits.maximumBodyBytes)
        }
        let compressedPositions = header.data.compressionCodec.map { _ in
            header.data.buffers.map { message.bodyOffset + $0.offset }
        }
        let decoded: Result<[String?], ArrowError> = bytes.withUnsafeBytes { raw in
            var body = _ArrowBody(bytes: raw, offset: message.bodyOffset, buffers: buffers, input: name)
            body.compressedPositions = compressedPositions
            return Result { () throws(ArrowError) in
                try _ArrowColumnDecoding.strings(
                    body: body, firstBuffer: 0, length: Int(node.length), nullCount: Int(node.nullCount),
                    large: entry.field.type == .largeUTF8, column: "dictionary \(header.id)", invalidUTF8: &invalid)
            }
        }
        let values = try decoded.get()
        let cost = values.reduce(0) { $0 + 16 + ($1?.utf8.count ?? 0) }
        let previousCost = dictionaries[header.id]?.cost ?? 0
        var dictionary: _ArrowDictionary
        if header.isDelta, var old = dictionaries.removeValue(forKey: header.id) {
            old.append(values, cost: cost)
            dictionary = old
        } else {
            dictionary = _ArrowDictionary(values: values, cost: cost)
        }
        let kept = total - previousCost + dictionary.cost
        guard kept <= options.limits.maximumDictionaryBytes else {
            throw ArrowError(
                .limitExceeded, input: name, field: "dictionaries (maximumDictionaryBytes)",
                expected: "at most \(options.limits.maximumDictionaryBytes) bytes", actual: "\(kept) bytes",
                offset: message.offset)
        }
        total = kept
        dictionaries[header.id] = dictionary
    }
}
