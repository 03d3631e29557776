import Dispatch
import Foundation
import Profiles
import Synchronization

/// One profiling run: the blocks, the threads that read them, and the in-order commit of their
/// results.
final class _CSVRun: Sendable {
    struct State {
        var pending: [Int: _CSVBlockResult] = [:]
        var nextToCommit = 0
        /// Where the next committed block's first row must start.
        var expectedStart: Int64
        var linesBefore: Int
        /// The facts of all committed rows, per column.
        var facts: [_PandasColumnFacts]
        /// Committed profiles per column, by how their values were logged.
        var profiles: [[_PandasValueKind: ColumnProfile]]
        var derived: [String: ColumnProfile] = [:]
        /// Committed blocks: their row range and how each column was logged.
        var spans: [(index: Int, start: Int64, end: Int64, kinds: [_PandasValueKind])] = []
        var rows: Int64 = 0
        var malformedCount = 0
        var malformedRows: [CSVMalformedRow] = []
        var invalidUTF8 = 0
        var model: _CSVModelMetrics?
        var failure: CSVError?
    }

    let source: _CSVByteSource
    private let preamble: _CSVPreamble
    let options: CSVOptions
    let layout: _CSVBlockReader.Layout
    /// Model columns read for the metrics but not selected for the profile.
    let unprofiledNames: Set<String>
    private let progress: (@Sendable (CSVProgress) -> Void)?
    private let blockCount: Int
    let threadCount: Int
    let state: Mutex<State>
    private let nextBlock = Atomic<Int>(0)
    private let inFlight: DispatchSemaphore

    init(
        source: _CSVByteSource, preamble: _CSVPreamble, options: CSVOptions,
        progress: (@Sendable (CSVProgress) -> Void)?
    ) throws(CSVError) {
        self.source = source
        self.preamble = preamble
        self.options = options
        self.progress = progress
        // Model and segment columns are read for the metrics and the segments, and profiled only
        // when selected.
        let extraNames = (options.modelColumns?.names ?? []) + options.segmentColumns
        try _CSVSegmentation.validate(options, input: source.name)
        for name in options.textColumns + extraNames where !preamble.names.contains(name) {
            throw Self.unknownColumn(name, source: source, names: preamble.names)
        }
        var selected = Array(preamble.names.indices)
        if let wanted = options.columns {
            selected = []
            for name in wanted + options.textColumns + extraNames {
                guard let index = preamble.names.firstIndex(of: name) else {
                    throw Self.unknownColumn(name, source: source, names: preamble.names)
                }
                if !selected.contains(index) { selected.append(index) }
            }
            selected.sort()
            let profiled = Set(wanted + options.textColumns)
            unprofiledNames = Set(extraNames.filter { !profiled.contains($0) })
        } else {
            unprofiledNames = []
        }
        var slots = [Int](repeating: -1, count: preamble.names.count)
        for (slot, index) in selected.enumerated() { slots[index] = slot }
        let names = selected.map { preamble.names[$0] }
        var layout = _CSVBlockReader.Layout(
            delimiter: preamble.delimiter, fieldCount: preamble.names.count, slots: slots, names: names,
            isText: names.map { options.textColumns.contains($0) }, maximumRowBytes: options.maximumRowBytes,
            compactionSeed: options.compactionSeed)
        if let model = options.modelColumns {
            let slot = { (name: String) in names.firstIndex(of: name)! }
            layout.model = (model, slot(model.target), slot(model.prediction), model.score.map(slot))
            if layout.isText[slot(model.target)] || layout.isText[slot(model.prediction)]
                || model.score.map({ layout.isText[slot($0)] }) == true
            {
                throw CSVError(
                    .invalidOption, input: source.name, field: "model columns",
                    expected: "columns other than the free-text columns", actual: model.names.joined(separator: ", "))
            }
        }
        let dataBytes = max(0, source.size - preamble.dataStart)
        blockCount = Int((dataBytes + Int64(options.blockSize) - 1) / Int64(options.blockSize))
        threadCount = max(
            1, min(options.threadCount ?? ProcessInfo.processInfo.activeProcessorCount, max(1, blockCount)))
        inFlight = DispatchSemaphore(value: 2 * threadCount)
        self.layout = layout
        state = Mutex(
            State(
                expectedStart: preamble.dataStart, linesBefore: preamble.linesBefore,
                facts: Array(repeating: _PandasColumnFacts(), count: names.count),
                profiles: Array(repeating: [:], count: names.count),
                model: options.modelColumns.map(_CSVModelMetrics.init(columns:))))
    }

    private static func unknownColumn(_ name: String, source: _CSVByteSource, names: [String]) -> CSVError {
        CSVError(
            .unknownColumn, input: source.name, field: "column \"\(name)\"",
            expected: "one of \(names.map { "\"\($0)\"" }.joined(separator: ", "))", actual: "no such column")
    }

    private func nominalRange(of index: Int) -> (start: Int64, end: Int64) {
        let start = preamble.dataStart + Int64(index) * Int64(options.blockSize)
        return (start, min(source.size, start + Int64(options.blockSize)))
    }

    private func modes(from facts: [_PandasColumnFacts]) -> [_CSVReadMode?] {
        facts.enumerated().map { slot, facts in layout.isText[slot] ? .object : facts.startingMode }
    }

    // MARK: - Running

    func profile() throws(CSVError) -> CSVProfileResult {
        if blockCount > 0 {
            DispatchQueue.concurrentPerform(iterations: threadCount) { _ in work() }
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        rereadMistypedColumns()
        if let failure = state.withLock({ $0.failure }) { throw failure }
        var result = try finish()
        if !options.segmentColumns.isEmpty { result.segments = try profileSegments() }
        return result
    }

    /// A thread's loop: take the next block, read it, commit what can be committed.
    private func work() {
        let reader = _CSVBlockReader(source: source, layout: layout, blockSize: options.blockSize)
        while true {
            inFlight.wait()
            let index = nextBlock.add(1, ordering: .relaxed).oldValue
            if index >= blockCount || state.withLock({ $0.failure != nil }) {
                inFlight.signal()
                return
            }
            let range = nominalRange(of: index)
            let facts = state.withLock { $0.facts }
            let result = reader.read(
                index: index, nominalStart: range.start, nominalEnd: range.end,
                knownStart: index == 0 ? preamble.dataStart : nil, modes: modes(from: facts), forced: false)
            commit(result, reader: reader)
        }
    }

    /// Adds a block's result and commits every block that is next in order.
    private func commit(_ result: _CSVBlockResult, reader: _CSVBlockReader) {
        var report: CSVProgress?
        state.withLock { state in
            state.pending[result.index] = result
            while let next = state.pending.removeValue(forKey: state.nextToCommit) {
                defer {
                    state.nextToCommit += 1
                    inFlight.signal()
                }
                guard state.failure == nil else { continue }
                let range = nominalRange(of: next.index)
                if state.expectedStart >= range.end {
                    // The previous block's last row covers this whole block.
                    continue
                }
                var block = next
                if block.start != state.expectedStart {
                    // The guessed start was not a row start (a line break inside quotes): read
                    // the block again from the right place.
                    block = reader.read(
                        index: next.index, nominalStart: range.start, nominalEnd: range.end,
                        knownStart: state.expectedStart, modes: modes(from: state.facts), forced: false)
                }
                accept(block, into: &state)
            }
            report = CSVProgress(
                bytesProcessed: state.expectedStart, totalBytes: source.size, rowsProcessed: state.rows,
                isFinished: false)
        }
        if let report { progress?(report) }
    }

    private func accept(_ block: _CSVBlockResult, into state: inout State) {
        if let failure = block.failure {
            state.failure = failure
            return
        }
        for row in block.malformed {
            let report = CSVMalformedRow(
                kind: row.kind, line: state.linesBefore + row.line + 1, byteOffset: Int64(row.rowStart),
                fieldCount: row.fieldCount, expectedFieldCount: preamble.names.count)
            if options.isStrict {
                state.failure = CSVError(
                    .malformedRow, input: source.name, field: "row",
                    expected: report.kind == .unterminatedQuote
                        ? "closed quotes" : "\(report.expectedFieldCount) fields (--strict)",
                    actual: report.kind == .unterminatedQuote
                        ? "a quoted field that is never closed" : "\(report.fieldCount) fields",
                    line: report.line, offset: report.byteOffset)
                return
            }
            state.malformedCount += 1
            if state.malformedRows.count < CSVProfileResult.maximumReportedMalformedRows {
                state.malformedRows.append(report)
            }
        }
        if block.rows > 0 {
            for (slot, column) in block.columns.enumerated() {
                state.facts[slot] = state.facts[slot].followed(by: column.facts)
                if state.profiles[slot][column.kind] == nil {
                    state.profiles[slot][column.kind] = column.profile
                } else {
                    state.profiles[slot][column.kind]!.merge(column.profile)
                }
            }
            for (name, column) in block.derived {
                if state.derived[name] == nil {
                    state.derived[name] = column
                } else {
                    state.derived[name]!.merge(column)
                }
            }
            state.spans.append((block.index, state.expectedStart, block.end, block.columns.map(\.kind)))
        }
        if let tally = block.model { state.model?.commit(tally, rows: block.rows) }
        state.rows += Int64(block.rows)
        state.invalidUTF8 += block.invalidUTF8
        state.linesBefore += block.lines
        state.expectedStart = block.end
    }

    /// Reads again, with the final types, the columns of blocks that were logged with another
    /// type (a later block widened the column).
    private func rereadMistypedColumns() {
        let jobs: [(index: Int, start: Int64, end: Int64, modes: [_CSVReadMode?])] =
            state.withLock { state in
                let finals = state.facts.enumerated().map { slot, facts in
                    layout.isText[slot] ? _PandasValueKind.object : facts.columnType
                }
                var jobs: [(Int, Int64, Int64, [_CSVReadMode?])] = []
                for span in state.spans {
                    let modes: [_CSVReadMode?] = span.kinds.enumerated().map { slot, kind in
                        kind == finals[slot] ? nil : _CSVReadMode(forcing: finals[slot])
                    }
                    if modes.contains(where: { $0 != nil }) { jobs.append((span.index, span.start, span.end, modes)) }
                }
                for slot in finals.indices {
                    // The mistyped profiles are replaced by the re-read ones.
                    state.profiles[slot] = state.profiles[slot].filter { $0.key == finals[slot] }
                }
                return jobs
            }
        guard !jobs.isEmpty else { return }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threadCount, jobs.count)) { _ in
            let reader = _CSVBlockReader(source: source, layout: layout, blockSize: options.blockSize)
            while true {
                let jobIndex = next.add(1, ordering: .relaxed).oldValue
                guard jobIndex < jobs.count else { return }
                let job = jobs[jobIndex]
                let result = reader.read(
                    index: job.index, nominalStart: job.start, nominalEnd: job.end, knownStart: job.start,
                    modes: job.modes, forced: true)
                state.withLock { state in
                    if let failure = result.failure {
                        state.failure = failure
                        return
                    }
                    for (slot, column) in result.columns.enumerated() where job.modes[slot] != nil {
                        if state.profiles[slot][column.kind] == nil {
                            state.profiles[slot][column.kind] = column.profile
                        } else {
                            state.profiles[slot][column.kind]!.merge(column.profile)
                        }
                    }
                }
            }
        }
    }

    /// The profile and the report.
    private func finish() throws(CSVError) -> CSVProfileResult {
        try state.withLock { state throws(CSVError) in
            var modelTypes: [String: _CSVModelColumnType] = [:]
            for (slot, name) in layout.names.enumerated() {
                if let model = options.modelColumns, model.names.contains(name) {
                    modelTypes[name] = Self.modelColumnType(finalKind(slot: slot, facts: state.facts))
                }
            }
            let profiles = state.profiles
            var (profile, columns) = makeProfile(
                facts: state.facts, derived: state.derived,
                column: { slot, kind in profiles[slot][kind] })
            if let model = state.model {
                profile.modelPerformance = try model.metrics(types: modelTypes, input: source.name)
            }
            return CSVProfileResult(
                profile: profile, columns: columns, delimiter: preamble.delimiter, rowCount: state.rows,
                byteCount: source.size, malformedRowCount: state.malformedCount, malformedRows: state.malformedRows,
                invalidUTF8ValueCount: state.invalidUTF8)
        }
    }

    /// The type a column has in the whole input: the pandas dtype its facts give (a text column is
    /// always an object column).
    func finalKind(slot: Int, facts: [_PandasColumnFacts]) -> _PandasValueKind {
        layout.isText[slot] ? .object : facts[slot].columnType
    }

    /// A profile of the selected columns (``unprofiledNames`` left out): each column's profile as
    /// logged in its final type (`column(slot, kind)`), with pandas' dtype rules applied, and the
    /// derived text-metadata columns.
    func makeProfile(
        facts: [_PandasColumnFacts], derived: [String: ColumnProfile],
        column: (Int, _PandasValueKind) -> ColumnProfile?
    ) -> (DatasetProfile, [(name: String, type: CSVColumnType)]) {
        var profile = DatasetProfile(datasetTimestampMilliseconds: options.datasetTimestampMilliseconds)
        var columns: [(name: String, type: CSVColumnType)] = []
        for (slot, name) in layout.names.enumerated() where !unprofiledNames.contains(name) {
            let kind = finalKind(slot: slot, facts: facts)
            var profiled = column(slot, kind) ?? ColumnProfile(type: .string)
            let type: CSVColumnType
            switch kind {
            case .integer: type = .int64
            case .float: type = .float64
            case .boolean where facts[slot].missing == 0: type = .bool
            case .boolean:
                // Booleans with missing values: a pandas object column (string metric set).
                type = .object
                profiled.ints = nil
                profiled.columnType = .string
            case .object: type = .object
            }
            profile.columns[name] = profiled
            columns.append((name, type))
        }
        for (name, column) in derived { profile.columns[name] = column }
        for (name, isText) in zip(layout.names, layout.isText) where isText {
            profile.columnRoles[name] = .text
        }
        return (profile, columns)
    }

    /// How a model column's values are read as labels or numbers.
    private static func modelColumnType(_ kind: _PandasValueKind) -> _CSVModelColumnType {
        switch kind {
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .object: .object
        }
    }
}
