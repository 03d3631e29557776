import Dispatch
import Foundation
import Profiles
import Synchronization

/// One profiling run: threads take the next block from the input (in turn, under a lock), profile
/// it, and commit blocks in input order, so that line numbers, column types (from each column's
/// first value in the input) and the budgets are decided as a single reader would decide them.
/// The result does not depend on the thread count.
final class _JSONLinesRun: Sendable {
    private struct State {
        var pending: [Int: _JSONLinesBlockResult] = [:]
        var nextToCommit = 0
        var linesBefore = 0
        var bytesCommitted: Int64 = 0
        var types: [String: ColumnType] = [:]
        var columns: [String: ColumnProfile] = [:]
        var columnNameBytes = 0
        var textColumns: [String: ColumnProfile] = [:]
        var rows: Int64 = 0
        var malformedCount = 0
        var malformedLines: [JSONLinesMalformedLine] = []
        var model: _ModelRowGatherer?
        var failure: JSONLinesError?
    }

    /// The input, behind its lock: threads take blocks in turn.
    private final class Reader: @unchecked Sendable {
        // @unchecked: `input` is used only inside `lock.withLock`.
        let input: _JSONLinesInput
        let lock = Mutex(())
        init(_ input: _JSONLinesInput) { self.input = input }
    }

    private let reader: Reader
    private let name: String
    private let size: Int64
    private let options: JSONLinesOptions
    private let layout: _JSONLinesBlockProfiler.Layout
    /// Model columns read for the metrics but not selected for the profile.
    private let unprofiledNames: Set<String>
    private let progress: (@Sendable (JSONLinesProgress) -> Void)?
    private let threadCount: Int
    private let state = Mutex(State())
    private let inFlight: DispatchSemaphore

    init(input: _JSONLinesInput, options: JSONLinesOptions, progress: (@Sendable (JSONLinesProgress) -> Void)?) {
        reader = Reader(input)
        name = input.name
        size = input.size
        self.options = options
        self.progress = progress
        let modelNames = options.modelColumns?.names ?? []
        let selected = options.columns.map { Set($0).union(options.textColumns).union(modelNames) }
        // Model columns are read for the metrics, and profiled only when selected.
        unprofiledNames = options.columns.map { Set(modelNames).subtracting($0).subtracting(options.textColumns) } ?? []
        layout = .init(
            selected: selected, textColumns: Set(options.textColumns), maximumLineBytes: options.maximumLineBytes,
            maximumColumns: options.maximumColumns, maximumColumnNameBytes: options.maximumColumnNameBytes,
            maximumDepth: options.maximumDepth, compactionSeed: options.compactionSeed, model: options.modelColumns)
        state.withLock { $0.model = options.modelColumns.map(_ModelRowGatherer.init(columns:)) }
        threadCount = max(1, options.threadCount ?? ProcessInfo.processInfo.activeProcessorCount)
        inFlight = DispatchSemaphore(value: 2 * threadCount)
    }

    func profile() throws(JSONLinesError) -> JSONLinesProfileResult {
        DispatchQueue.concurrentPerform(iterations: threadCount) { _ in work() }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        return try finish()
    }

    private func work() {
        while true {
            inFlight.wait()
            if state.withLock({ $0.failure != nil }) {
                inFlight.signal()
                return
            }
            let next: Result<(_JSONLinesBlock, [String: ColumnType])?, JSONLinesError> = reader.lock.withLock { _ in
                do throws(JSONLinesError) {
                    guard let block = try reader.input.nextBlock() else { return .success(nil) }
                    // The types committed so far, taken while holding the input's lock, so that every
                    // block sees at least the types of the blocks before the one before it.
                    return .success((block, state.withLock { $0.types }))
                } catch {
                    return .failure(error)
                }
            }
            switch next {
            case .failure(let error):
                state.withLock { if $0.failure == nil { $0.failure = error } }
                inFlight.signal()
                return
            case .success(nil):
                inFlight.signal()
                return
            case .success(let (block, types)?):
                var profiler = _JSONLinesBlockProfiler(layout: layout, knownTypes: types, index: block.index)
                commit(profiler.profile(block))
            }
        }
    }

    /// Adds a block's result and commits every block that is next in order.
    private func commit(_ result: _JSONLinesBlockResult) {
        var report: JSONLinesProgress?
        state.withLock { state in
            state.pending[result.index] = result
            while let next = state.pending.removeValue(forKey: state.nextToCommit) {
                state.nextToCommit += 1
                inFlight.signal()
                guard state.failure == nil else { continue }
                accept(next, into: &state)
            }
            report = JSONLinesProgress(
                bytesProcessed: state.bytesCommitted, totalBytes: size, rowsProcessed: state.rows)
        }
        if let report { progress?(report) }
    }

    private func accept(_ block: _JSONLinesBlockResult, into state: inout State) {
        for line in block.malformed {
            var report = line
            report.line += state.linesBefore
            if options.isStrict {
                state.failure = JSONLinesError(
                    .malformedLine, input: name, field: "line", expected: "one JSON object per line (--strict)",
                    actual: "a malformed line (\(report.kind.rawValue): \(report.detail))", line: report.line,
                    offset: report.byteOffset)
                return
            }
            if state.malformedLines.count < JSONLinesProfileResult.maximumReportedMalformedLines {
                state.malformedLines.append(report)
            }
        }
        state.malformedCount += block.malformedCount
        for column in block.columns {
            var profile = column.profile
            if let type = state.types[column.name] {
                if !column.isResolved { profile.resolve(as: type) }
                state.columns[column.name]!.merge(profile)
                continue
            }
            let nameBytes = column.name.utf8.count
            if state.types.count + 1 > options.maximumColumns
                || state.columnNameBytes + nameBytes > options.maximumColumnNameBytes
            {
                state.failure = overflowError(
                    isNameBytes: state.types.count + 1 <= options.maximumColumns,
                    line: state.linesBefore + column.firstLine, offset: nil, state: state)
                return
            }
            profile.resolve(as: column.firstValueType)
            state.types[column.name] = column.firstValueType
            state.columns[column.name] = profile
            state.columnNameBytes += nameBytes
        }
        if let overflow = block.overflow {
            state.failure = overflowError(
                isNameBytes: overflow.isNameBytes, line: state.linesBefore + overflow.line, offset: overflow.offset,
                state: state)
            return
        }
        for (name, column) in block.textColumns {
            if state.textColumns[name] == nil {
                state.textColumns[name] = column
            } else {
                state.textColumns[name]!.merge(column)
            }
        }
        if let model = block.model { state.model?.merge(model) }
        state.rows += block.rows
        state.linesBefore += block.lines
        state.bytesCommitted = block.end
    }

    private func overflowError(isNameBytes: Bool, line: Int, offset: Int64?, state: State) -> JSONLinesError {
        if isNameBytes {
            return JSONLinesError(
                .tooManyColumns, input: name, field: "column names",
                expected: "at most \(options.maximumColumnNameBytes) bytes of distinct column names",
                actual: "more, at this line", line: line, offset: offset)
        }
        return JSONLinesError(
            .tooManyColumns, input: name, field: "columns",
            expected: "at most \(options.maximumColumns) distinct column names (--max-columns)",
            actual: "name number \(options.maximumColumns + 1) on this line", line: line, offset: offset)
    }

    private func finish() throws(JSONLinesError) -> JSONLinesProfileResult {
        let lineCount = state.withLock { $0.linesBefore }
        let bytes = reader.lock.withLock { _ in reader.input.bytesRead }
        return try state.withLock { state throws(JSONLinesError) in
            var profile = DatasetProfile(datasetTimestampMilliseconds: options.datasetTimestampMilliseconds)
            for (name, column) in state.columns where !unprofiledNames.contains(name) { profile.columns[name] = column }
            if let model = state.model {
                do throws(ProfileError) {
                    profile.modelPerformance = try model.metrics()
                } catch {
                    throw JSONLinesError(
                        .modelColumn, input: name, field: error.field, expected: error.expected, actual: error.actual)
                }
            }
            for (name, column) in state.textColumns { profile.columns[name] = column }
            for name in options.textColumns where state.textColumns[name] != nil { profile.columnRoles[name] = .text }
            return JSONLinesProfileResult(
                profile: profile, rowCount: state.rows, lineCount: lineCount, byteCount: bytes,
                malformedLineCount: state.malformedCount, malformedLines: state.malformedLines)
        }
    }
}
