import Profiles
import Sketches

/// Profiles one block of lines: each line is checked whole (``_JSONLineValidator``), then
/// flattened (``_JSONLineWalker``) and each value logged as whylogs logs a row's value
/// (`ColumnProfile.log(_:)`).
///
/// A column whose type is already known (from blocks committed before this one started) gets its
/// final metric set at once; a new one gets every standard metric, and the commit keeps those of
/// the type of the first value the whole input gave it.
struct _JSONLinesBlockProfiler: _JSONValueSink {
    struct Layout: Sendable {
        var selected: Set<String>?
        var textColumns: Set<String>
        var maximumLineBytes: Int
        var maximumColumns: Int
        var maximumColumnNameBytes: Int
        var maximumDepth: Int
        var compactionSeed: UInt64?
        var model: ModelColumns?

        /// The role of a column in ``model``: 0 target, 1 prediction, 2 score; -1 for none (a
        /// column may be the target and the prediction both).
        func modelRoles(_ name: String) -> [Int] {
            guard let model else { return [] }
            return [model.target, model.prediction, model.score].enumerated().compactMap {
                $0.element == name ? $0.offset : nil
            }
        }
    }

    private struct Column {
        var name: String
        var isText: Bool
        var profile: ColumnProfile?
        var firstValueType: ColumnType = .any
        var isResolved = false
        var firstLine: Int
        /// Its roles among the model columns (``Layout/modelRoles(_:)``).
        var modelRoles: [Int] = []
    }

    private let layout: Layout
    private let knownTypes: [String: ColumnType]
    private let coin: KLLCompactionCoin
    private var table = _JSONColumnTable()
    private var columns: [Column] = []
    private var textProfile: DatasetProfile
    private var validator: _JSONLineValidator
    private var walker = _JSONLineWalker()
    private var currentLine = 0
    private var overflowed: Bool? = nil
    private var model: _ModelRowGatherer?
    /// The current line's target, prediction and score.
    private var modelValues: [FeatureValue] = [.null, .null, .null]

    /// - Parameters:
    ///   - layout: the options that matter per block.
    ///   - knownTypes: the types of the columns committed so far.
    ///   - index: the block's index (for the compaction seed).
    init(layout: Layout, knownTypes: [String: ColumnType], index: Int) {
        self.layout = layout
        self.knownTypes = knownTypes
        coin = layout.compactionSeed.map { .seeded($0 &+ UInt64(index)) } ?? .system
        validator = _JSONLineValidator(maximumDepth: layout.maximumDepth)
        textProfile = DatasetProfile()
        textProfile.compactionCoin = coin
        for name in layout.textColumns { textProfile.declare(textColumn: name) }
        if let selected = layout.selected {
            for name in selected.sorted() {
                var bytes = Array(name.utf8)
                _ = bytes.withUnsafeMutableBufferPointer { table.insert(UnsafeBufferPointer($0)) }
                columns.append(
                    Column(
                        name: name, isText: layout.textColumns.contains(name), firstLine: 0,
                        modelRoles: layout.modelRoles(name)))
            }
        }
        model = layout.model.map(_ModelRowGatherer.init(columns:))
    }

    /// Profiles a block.
    mutating func profile(_ block: _JSONLinesBlock) -> _JSONLinesBlockResult {
        var result = _JSONLinesBlockResult(index: block.index, end: block.end)
        if let length = block.skippedLineLength {
            result.lines = 1
            record(
                JSONLinesMalformedLine(
                    kind: .tooLong, line: 1, byteOffset: block.offset, column: layout.maximumLineBytes + 1,
                    detail: "expected at most \(layout.maximumLineBytes) bytes, got \(length)"),
                into: &result)
            return result
        }
        block.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                result.lines += 1
                currentLine = result.lines
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                profileLine(line, offset: block.offset + Int64(start), into: &result)
                if let isNameBytes = overflowed {
                    result.overflow = .init(
                        line: result.lines, offset: block.offset + Int64(start), isNameBytes: isNameBytes)
                    break
                }
                start = end + 1
            }
        }
        finish(into: &result)
        return result
    }

    private mutating func profileLine(
        _ line: UnsafeBufferPointer<UInt8>, offset: Int64, into result: inout _JSONLinesBlockResult
    ) {
        if line.count > layout.maximumLineBytes {
            record(
                JSONLinesMalformedLine(
                    kind: .tooLong, line: result.lines, byteOffset: offset + Int64(layout.maximumLineBytes),
                    column: layout.maximumLineBytes + 1,
                    detail: "expected at most \(layout.maximumLineBytes) bytes, got \(line.count)"),
                into: &result)
            return
        }
        if _JSONLineValidator.skipSpace(line, 0) == line.count { return }  // blank
        do {
            try validator.validate(line)
        } catch {
            record(
                JSONLinesMalformedLine(
                    kind: error.kind, line: result.lines, byteOffset: offset + Int64(error.offset),
                    column: error.offset + 1, detail: error.detail),
                into: &result)
            return
        }
        // The walker is moved out while it writes into `self` (one owner for its buffers).
        var walker = _JSONLineWalker()
        swap(&walker, &self.walker)
        walker.walk(line, superseded: validator.superseded, into: &self)
        swap(&walker, &self.walker)
        result.rows += 1
        if model != nil {
            model!.add(target: modelValues[0], prediction: modelValues[1], score: modelValues[2])
            modelValues = [.null, .null, .null]
        }
    }

    private func record(_ malformed: JSONLinesMalformedLine, into result: inout _JSONLinesBlockResult) {
        result.malformedCount += 1
        if result.malformed.count < JSONLinesProfileResult.maximumReportedMalformedLines {
            result.malformed.append(malformed)
        }
    }

    private mutating func finish(into result: inout _JSONLinesBlockResult) {
        for column in columns {
            guard let profile = column.profile, !column.isText else { continue }
            result.columns.append(
                .init(
                    name: column.name, profile: profile, firstValueType: column.firstValueType,
                    isResolved: column.isResolved, firstLine: column.firstLine))
        }
        result.textColumns = textProfile.columns
        result.model = model
    }

    // MARK: - _JSONValueSink

    mutating func slot(for name: UnsafeBufferPointer<UInt8>) -> Int? {
        if layout.selected != nil { return table.slot(of: name) }
        if overflowed != nil { return nil }
        let (slot, isNew) = table.insert(name)
        if isNew {
            if table.count > layout.maximumColumns || table.nameBytes > layout.maximumColumnNameBytes {
                overflowed = table.count > layout.maximumColumns ? false : true
                return nil
            }
            let text = table.name(slot)
            columns.append(
                Column(
                    name: text, isText: layout.textColumns.contains(text), firstLine: currentLine,
                    modelRoles: layout.modelRoles(text)))
        }
        return slot
    }

    mutating func log(_ value: FeatureValue, slot: Int) {
        for role in columns[slot].modelRoles { modelValues[role] = value }
        if columns[slot].isText {
            textProfile.log(column: columns[slot].name, value: value)
            return
        }
        if columns[slot].profile == nil {
            if columns[slot].firstLine == 0 { columns[slot].firstLine = currentLine }
            if let type = knownTypes[columns[slot].name] {
                columns[slot].profile = ColumnProfile(type: type, coin: coin)
                columns[slot].firstValueType = type
                columns[slot].isResolved = true
            } else {
                columns[slot].profile = ColumnProfile(type: .integral, coin: coin)
                columns[slot].firstValueType = ColumnType(firstValue: value)
            }
        }
        columns[slot].profile!.log(value)
    }
}
