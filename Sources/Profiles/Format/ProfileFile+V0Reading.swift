import Sketches
import SwiftProtobuf

extension ProfileFile {
    /// The canonical empty images used where a v0 column lacks a sketch.
    private static let emptyKLL: [UInt8] = [0x02, 0x01, 0x0f, 0x01, 0x00, 0x04, 0x08, 0x00]  // k 1024
    private static let emptyHLL: [UInt8] = [0x02, 0x01, 0x07, 0x0c, 0x03, 0x0c, 0x00, 0x00]  // lg_k 12
    private static let emptyFrequentItems: [UInt8] = [0x01, 0x01, 0x0a, 0x0a, 0x03, 0x01, 0x00, 0x00]

    /// Reads `bytes` as a v0 `DatasetProfileMessage`: varint-delimited first, then the whole input
    /// as one message (very old files). Returns `nil` when neither parses to a message with
    /// properties or columns (the input is not a v0 profile).
    init?(v0BytesIfPlausible bytes: [UInt8], limits: ProfileReadLimits) throws(ProfileError) {
        guard let message = try Self.parseV0(bytes) else { return nil }
        try self.init(v0Message: message, limits: limits)
    }

    /// Parses the v0 message, delimited or whole, after checking its model profile's label and
    /// cell counts on the wire (``_V0ModelProfileScan``).
    private static func parseV0(_ bytes: [UInt8]) throws(ProfileError) -> Sketchbook_Whylogs_V0_DatasetProfileMessageV0?
    {
        func plausible(_ message: Sketchbook_Whylogs_V0_DatasetProfileMessageV0) -> Bool {
            message.hasProperties || !message.columns.isEmpty
        }
        var framing = _ProtobufFraming(bytes)
        if let range = try? framing.readDelimited(field: "DatasetProfileMessage") {
            try _V0ModelProfileScan.check(bytes, range: range)
            if let message = try? Sketchbook_Whylogs_V0_DatasetProfileMessageV0(
                parsing: bytes, range: range, field: "DatasetProfileMessage"),
                plausible(message)
            {
                return message
            }
        }
        try _V0ModelProfileScan.check(bytes, range: 0..<bytes.count)
        if let message = try? Sketchbook_Whylogs_V0_DatasetProfileMessageV0(
            parsing: bytes, range: 0..<bytes.count, field: "DatasetProfileMessage"),
            plausible(message)
        {
            return message
        }
        return nil
    }

    /// Converts a v0 message to v1 component paths, as whylogs' `v0_to_v1_view` does. Every column
    /// gets the same components:
    ///
    /// | v1 path | from v0 |
    /// |---|---|
    /// | `counts/n` | `counters.count` |
    /// | `counts/null` | `counters.null_count` (0 when absent) |
    /// | `counts/nan`, `counts/inf`, `counts/true` | 0 |
    /// | `types/integral`, `fractional`, `boolean`, `string`, `object` | `schema.typeCounts[INTEGRAL, FRACTIONAL, BOOLEAN, STRING, UNKNOWN]` (0 when absent) |
    /// | `types/tensor` | 0 |
    /// | `distribution/kll` | `numbers.histogram`, a floats image widened to a whylogs doubles image (a doubles image kept) |
    /// | `distribution/mean`, `distribution/m2` | `numbers.variance.mean`, `numbers.variance.sum` |
    /// | `ints/max` (type id 2), `ints/min` (type id 1) | `numbers.longs.max`, `numbers.longs.min` (0 when absent) |
    /// | `cardinality/hll` | `cardinality_tracker.sketch` |
    /// | `frequent_items/frequent_strings` | `frequent_items.sketch` |
    ///
    /// HLL and frequent-items images are decoded and re-serialized (compact HLL), as Python's
    /// deserialize-then-write does, which may reorder SET-mode HLL coupons and frequent items.
    /// Missing sketches become canonical empty images (where Python's converter would fail).
    /// Timestamps: `data_timestamp` → dataset, `session_timestamp` → creation. Tags and metadata
    /// are merged (tags win) and re-split by the `whylogs.tag.` prefix. A model profile
    /// (`modeProfile`, present even if empty) becomes ``modelPerformance``, read as
    /// ``ModelPerformanceMetrics/init(v0Message:budget:)`` describes (whylogs' reader attaches
    /// empty metrics to every v0 file; Sketchbook only to files that have the field).
    private init(
        v0Message message: Sketchbook_Whylogs_V0_DatasetProfileMessageV0, limits: ProfileReadLimits
    ) throws(ProfileError) {
        var budget = _DecodingBudget(limits)
        try budget.checkColumns(message.columns.count, field: "DatasetProfileMessage.columns")
        var columns: [String: [String: MetricComponent]] = [:]
        for (name, column) in message.columns {
            let numbers = column.numbers
            let typeCounts = column.schema.typeCounts
            func typeCount(_ type: Sketchbook_Whylogs_V0_InferredTypeV0.TypeEnum) -> MetricComponent {
                MetricComponent(.integer(typeCounts[Int32(type.rawValue)] ?? 0))
            }
            let histogram = [UInt8](numbers.histogram)
            let kll =
                histogram.isEmpty
                ? Self.emptyKLL
                : try _KLLFloatsToDoubles.doublesImage(histogram, field: "\"\(name)\" numbers.histogram")
            let hll = try Self.reserializedHLL([UInt8](column.cardinalityTracker.sketch), column: name)
            let frequent = try Self.reserializedFrequentItems([UInt8](column.frequentItems.sketch), column: name)
            columns[name] = [
                "counts/n": MetricComponent(.integer(column.counters.count)),
                "counts/null": MetricComponent(.integer(column.counters.nullCount.value)),
                "counts/nan": MetricComponent(.integer(0)),
                "counts/inf": MetricComponent(.integer(0)),
                "counts/true": MetricComponent(.integer(0)),
                "types/integral": typeCount(.integral),
                "types/fractional": typeCount(.fractional),
                "types/boolean": typeCount(.boolean),
                "types/string": typeCount(.string),
                "types/object": typeCount(.unknown),
                "types/tensor": MetricComponent(.integer(0)),
                "distribution/kll": MetricComponent(.kll(kll)),
                "distribution/mean": MetricComponent(.double(numbers.variance.mean)),
                "distribution/m2": MetricComponent(.double(numbers.variance.sum)),
                "ints/max": MetricComponent(typeID: MetricComponent.maxTypeID, .integer(numbers.longs.max)),
                "ints/min": MetricComponent(typeID: MetricComponent.minTypeID, .integer(numbers.longs.min)),
                "cardinality/hll": MetricComponent(.hll(hll)),
                "frequent_items/frequent_strings": MetricComponent(.frequentItems(frequent)),
            ]
            try budget.chargeComponents(columns[name] ?? [:], column: name)
        }
        let modelPerformance =
            message.hasModeProfile
            ? try ModelPerformanceMetrics(v0Message: message.modeProfile, budget: &budget) : nil
        let properties = message.properties
        var merged = properties.metadata
        merged.merge(properties.tags) { _, tag in tag }
        let tagPrefix = "whylogs.tag."
        self.init(
            datasetTimestampMilliseconds: UInt64(clamping: properties.dataTimestamp),
            creationTimestampMilliseconds: UInt64(clamping: properties.sessionTimestamp),
            tags: merged.filter { $0.key.hasPrefix(tagPrefix) },
            metadata: merged.filter { !$0.key.hasPrefix(tagPrefix) }, columns: columns, sourceFormat: .v0)
        self.modelPerformance = modelPerformance
    }

    private static func reserializedHLL(_ image: [UInt8], column: String) throws(ProfileError) -> [UInt8] {
        guard !image.isEmpty else { return emptyHLL }
        do {
            return try HLLSketch(serializedBytes: image).serializedBytes(compact: true)
        } catch {
            throw ProfileError(
                .invalidSketch, field: "\"\(column)\" cardinality_tracker.sketch", expected: "an HLL image",
                actual: "\(error)")
        }
    }

    private static func reserializedFrequentItems(_ image: [UInt8], column: String) throws(ProfileError) -> [UInt8] {
        guard !image.isEmpty else { return emptyFrequentItems }
        do {
            let sketch = try FrequentItemsSketch<String>(serializedBytes: image)
            if image.count == 8 && image[5] & 0x01 != 0 {
                // whylogs-sketching (DataSketches 3.4) writes an empty sketch with flags 0x01,
                // DataSketches 5.x (and Sketches) with 0x05.
                return [0x01, 0x01, 0x0a, image[3], image[4], 0x01, 0x00, 0x00]
            }
            return sketch.serializedBytes()
        } catch {
            throw ProfileError(
                .invalidSketch, field: "\"\(column)\" frequent_items.sketch", expected: "a frequent-strings image",
                actual: "\(error)")
        }
    }
}
