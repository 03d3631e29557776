/// A look at a v0 `DatasetProfileMessage`'s wire bytes before they are parsed: the number of
/// labels and score cells of its model profile (`modeProfile.metrics.scoreMatrix`).
///
/// Parsed, every cell is a `NumbersMessage` value of a hundred bytes or more, from as little as
/// two bytes on the wire (an empty entry), and every label a `String`: a file of empty entries
/// would take some 60 times its size in memory before the label and cell counts could be checked.
/// This scan counts the entries (across repeated occurrences of each message, which protobuf
/// merges) in O(size) time and no allocation, so the reader refuses such a file first.
enum _V0ModelProfileScan {
    /// The most cells a readable score matrix has: ``ConfusionMatrix/maximumLabels``².
    static let maximumCells = ConfusionMatrix.maximumLabels * ConfusionMatrix.maximumLabels

    /// Throws when the model profile in `bytes[range]` has more than
    /// ``ConfusionMatrix/maximumLabels`` labels (`limitExceeded`) or more than ``maximumCells``
    /// score cells (`invalidValue`); returns quietly for anything else, malformed bytes included
    /// (the parser reports those).
    static func check(_ bytes: [UInt8], range: Range<Int>) throws(ProfileError) {
        var labels = 0
        var cells = 0
        forEachDelimited(bytes, range, field: 10) { model in
            forEachDelimited(bytes, model, field: 10) { metrics in
                forEachDelimited(bytes, metrics, field: 1) { matrix in
                    forEachDelimited(bytes, matrix, field: 1) { _ in labels += 1 }
                    forEachDelimited(bytes, matrix, field: 10) { _ in cells += 1 }
                }
            }
        }
        let field = "DatasetProfileMessage.modeProfile.metrics.scoreMatrix"
        guard labels <= ConfusionMatrix.maximumLabels else {
            throw ProfileError(
                .limitExceeded, field: "\(field).labels",
                expected: "at most \(ConfusionMatrix.maximumLabels) labels (whylogs' MODEL_METRICS_MAX_LABELS)",
                actual: "\(labels) labels", offset: range.lowerBound)
        }
        guard cells <= maximumCells else {
            throw ProfileError(
                .invalidValue, field: "\(field).scores",
                expected: "labels² cells, at most \(maximumCells)", actual: "\(cells) cells",
                offset: range.lowerBound)
        }
    }

    /// Calls `body` with the range of each length-delimited occurrence of field `number` directly
    /// in `bytes[range]`; stops at the first malformed or unsupported (group) field.
    private static func forEachDelimited(
        _ bytes: [UInt8], _ range: Range<Int>, field number: UInt64, _ body: (Range<Int>) -> Void
    ) {
        var reader = _ProtobufFraming(bytes, position: range.lowerBound)
        let end = range.upperBound
        while reader.position < end {
            guard let tag = try? reader.readVarint(field: "tag", end: end) else { return }
            switch tag & 7 {
            case 0:
                guard (try? reader.readVarint(field: "varint", end: end)) != nil else { return }
            case 1, 5:
                let width = tag & 7 == 1 ? 8 : 4
                guard end - reader.position >= width else { return }
                reader.position += width
            case 2:
                guard let inner = try? reader.readDelimited(field: "field", end: end) else { return }
                if tag >> 3 == number { body(inner) }
            default:
                return
            }
        }
    }
}
