import Profiles

/// What one block's rows give a model's performance metrics (``CSVOptions/modelColumns``),
/// gathered before the columns' pandas types are known: the raw texts of the labels (read as
/// labels once the types are known), the scores, and the differences of a regression.
struct _CSVModelTally: Sendable {
    /// A (prediction, target) pair of raw label texts.
    struct CellKey: Hashable, Sendable {
        var prediction: String
        var target: String
    }

    /// Classification: each cell's scores (NaN left out, as whylogs drops them), in order of
    /// first appearance.
    var cells: [(key: CellKey, scores: DistributionMetric)] = []
    /// Regression: prediction − target per row, in row order (NaN for a missing value).
    var differences: [Double] = []
    /// The name of a label column with more distinct texts in the block than
    /// ``_CSVModelGathering/maximumLabelTexts``: gathering stopped there.
    var overflowingColumn: String?
}

/// Gathers a block's ``_CSVModelTally`` group of rows by group of rows.
struct _CSVModelGathering {
    /// The most distinct texts of a label column gathered in one block: far above the 256 labels
    /// a confusion matrix holds (one label may be written several ways, `1` and `01`), and low
    /// enough that a column of real numbers cannot take the block's memory.
    static let maximumLabelTexts = 4096

    let columns: ModelColumns
    let targetSlot: Int
    let predictionSlot: Int
    let scoreSlot: Int?
    private var texts: [[String: Int32]] = [[:], [:]]
    private var names: [[String]] = [[], []]
    /// Short texts (up to 7 bytes, the common case) packed with their length, per column, and
    /// their ids: scanned before any string is made.
    private var packedTexts: [[UInt64]] = [[], []]
    private var packedIDs: [[Int32]] = [[], []]
    /// Cells of pairs of ids below ``directIDs``, by `prediction × directIDs + target` (-1: none).
    private var directCells = [Int32](repeating: -1, count: directIDs * directIDs)
    private static let directIDs = 64
    private var cellIndex: [UInt64: Int] = [:]
    private var cellKeys: [(prediction: Int32, target: Int32)] = []
    private var cellScores: [[Double]] = []
    private var tally = _CSVModelTally()

    init(columns: ModelColumns, targetSlot: Int, predictionSlot: Int, scoreSlot: Int?) {
        self.columns = columns
        self.targetSlot = targetSlot
        self.predictionSlot = predictionSlot
        self.scoreSlot = scoreSlot
    }

    /// Gathers the rows of `group`, whose fields point into `base`.
    mutating func read(group: _CSVFieldTable, base: UnsafePointer<UInt8>) {
        let targets = group.column(targetSlot)
        let predictions = group.column(predictionSlot)
        switch columns.task {
        case .regression:
            tally.differences.reserveCapacity(tally.differences.count + targets.count)
            for row in targets.indices {
                let target = Self.withBytes(targets[row], base, Self.number)
                let prediction = Self.withBytes(predictions[row], base, Self.number)
                tally.differences.append(prediction - target)
            }
        case .classification:
            guard tally.overflowingColumn == nil else { return }
            let scores = scoreSlot.map { group.column($0) }
            for row in targets.indices {
                guard let target = Self.withBytes(targets[row], base, { id(of: $0, column: 1) }),
                    let prediction = Self.withBytes(predictions[row], base, { id(of: $0, column: 0) })
                else {
                    tally.overflowingColumn =
                        names[0].count > Self.maximumLabelTexts ? columns.prediction : columns.target
                    return
                }
                let cell = cell(prediction: prediction, target: target)
                let score = scores.map { Self.withBytes($0[row], base, Self.number) } ?? 1.0
                if !score.isNaN { cellScores[cell].append(score) }
            }
        }
    }

    /// The block's tally; the gathering is spent.
    mutating func finish() -> _CSVModelTally {
        for (cell, key) in cellKeys.enumerated() {
            var scores = DistributionMetric()
            cellScores[cell].withUnsafeBufferPointer { scores.update(doubles: $0) }
            let texts = _CSVModelTally.CellKey(
                prediction: names[0][Int(key.prediction)], target: names[1][Int(key.target)])
            tally.cells.append((texts, scores))
        }
        return tally
    }

    /// The cell of a pair of label ids, made on first use.
    @inline(__always)
    private mutating func cell(prediction: Int32, target: Int32) -> Int {
        let direct = prediction < Self.directIDs && target < Self.directIDs
        let slot = Int(prediction) * Self.directIDs + Int(target)
        if direct, directCells[slot] >= 0 { return Int(directCells[slot]) }
        let key = UInt64(UInt32(bitPattern: prediction)) << 32 | UInt64(UInt32(bitPattern: target))
        if !direct, let known = cellIndex[key] { return known }
        let cell = cellScores.count
        if direct { directCells[slot] = Int32(cell) } else { cellIndex[key] = cell }
        cellKeys.append((prediction, target))
        cellScores.append([])
        return cell
    }

    /// The id of a label text in `column` (0 prediction, 1 target), or `nil` beyond
    /// ``maximumLabelTexts`` distinct texts.
    @inline(__always)
    private mutating func id(of bytes: UnsafeBufferPointer<UInt8>, column: Int) -> Int32? {
        guard bytes.count < 8 else { return id(ofLong: bytes, column: column) }
        var packed = UInt64(bytes.count) << 56
        for (index, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * index) }
        if let position = packedTexts[column].firstIndex(of: packed) { return packedIDs[column][position] }
        guard let id = id(ofLong: bytes, column: column) else { return nil }
        if packedTexts[column].count < 64 {
            packedTexts[column].append(packed)
            packedIDs[column].append(id)
        }
        return id
    }

    /// ``id(of:column:)`` through a string.
    private mutating func id(ofLong bytes: UnsafeBufferPointer<UInt8>, column: Int) -> Int32? {
        let text = String(decoding: bytes, as: UTF8.self)
        if let id = texts[column][text] { return id }
        guard names[column].count < Self.maximumLabelTexts else {
            names[column].append(text)  // marks the overflow
            return nil
        }
        let id = Int32(names[column].count)
        texts[column][text] = id
        names[column].append(text)
        return id
    }

    /// A field as a number, as Python arithmetic sees a pandas value: a float (NaN when missing),
    /// an integer, or a boolean as 1 or 0. Text is NaN here; the column's type makes it an error
    /// when the metrics are made.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        if _PandasValueParsing.isMissing(bytes) { return .nan }
        if let value = _PandasValueParsing.float(bytes).value { return value }
        if let flag = _PandasValueParsing.boolean(bytes) { return flag ? 1 : 0 }
        return .nan
    }

    /// Calls `body` with a field's content (unescaped when it needs to be).
    @inline(__always)
    private static func withBytes<R>(
        _ field: _CSVFieldTable.Field, _ base: UnsafePointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let start = Int(field.start)
        let raw = UnsafeBufferPointer(start: base + start, count: field.end - start)
        guard field.needsUnescaping else { return body(raw) }
        var content: [UInt8] = []
        _CSVTokenizer.unescape(raw, into: &content)
        return content.withUnsafeBufferPointer(body)
    }
}
