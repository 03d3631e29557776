import Foundation
import Sketches

extension ProfileFile {
    /// The v0 file bytes of this profile, as whylogs 1.6.4 writes a profile with model
    /// performance metrics (`DatasetProfileView._write_it` → `v1_to_dataset_profile_message_v0`
    /// → `write_delimited_protobuf`): one varint-length-delimited `DatasetProfileMessage`.
    ///
    /// | v0 field | from |
    /// |---|---|
    /// | `properties.schema_major_version`, `schema_minor_version` | 1, 2 |
    /// | `properties.data_timestamp`, `session_timestamp` | the dataset and creation timestamps |
    /// | `properties.metadata` | the tags and the other metadata together (no `properties.tags`) |
    /// | `columns[c].name` | the column name |
    /// | `columns[c].counters.count` | `counts/n` |
    /// | `columns[c].schema.typeCounts` | INTEGRAL, BOOLEAN, FRACTIONAL, STRING, UNKNOWN from `types/…` (`object`), NULL from `counts/null` |
    /// | `columns[c].numbers` | `distribution/kll` (whylogs' empty k 128 image when absent or empty), `variance {count: counts/n, mean, sum: m2}` (mean and sum only for a non-empty sketch, count only with a distribution), whylogs' empty compact theta |
    /// | `columns[c].frequent_items` | `frequent_items/frequent_strings` with `lg_max_k` 12 (whylogs' empty lg 10 image without one) |
    /// | `columns[c].cardinality_tracker` | `cardinality/hll` as a compact image with `lg_k` 12 (whylogs' empty lg 12 image when absent or empty) |
    /// | `modeProfile` | ``modelPerformance`` (``ModelPerformanceMetrics`` `v0Message`) |
    ///
    /// As in whylogs, v0 has no place for `counts/null` outside the type counts, `ints/…`, other
    /// metrics or segment tags: read back, a v0 file has none of them (the v0 reader sets
    /// `counts/null` and `ints/…` to 0). Map entries are written in sorted key order, so equal
    /// files give equal bytes.
    ///
    /// - Returns: the file's bytes.
    /// - Complexity: O(total size of the components and the model metrics' sketches).
    func v0SerializedBytes() -> [UInt8] {
        var properties = Sketchbook_Whylogs_V0_DatasetPropertiesV0()
        properties.schemaMajorVersion = 1
        properties.schemaMinorVersion = 2
        properties.dataTimestamp = Int64(clamping: datasetTimestampMilliseconds)
        properties.sessionTimestamp = Int64(clamping: creationTimestampMilliseconds)
        var metadata = tags
        metadata.merge(self.metadata) { tag, _ in tag }
        properties.metadata = metadata

        var message = Sketchbook_Whylogs_V0_DatasetProfileMessageV0()
        message.properties = properties
        var columnMessages: [String: Sketchbook_Whylogs_V0_ColumnMessageV0] = [:]
        for (name, components) in columns {
            columnMessages[name] = Self.v0Column(name: name, components)
        }
        message.columns = columnMessages
        if let modelPerformance { message.modeProfile = modelPerformance.v0Message }

        var output: [UInt8] = []
        let bytes = message.deterministicBytes()
        _ProtobufFraming.appendVarint(UInt64(bytes.count), to: &output)
        output.append(contentsOf: bytes)
        return output
    }

    private static let emptyV0KLL: [UInt8] = [0x02, 0x01, 0x0f, 0x01, 0x80, 0x00, 0x08, 0x00]  // k 128
    private static let emptyV0HLL: [UInt8] = [0x02, 0x01, 0x07, 0x0c, 0x03, 0x0c, 0x00, 0x00]  // lg_k 12
    private static let emptyV0FrequentItems: [UInt8] = [0x01, 0x01, 0x0a, 0x0a, 0x03, 0x01, 0x00, 0x00]  // lg 10
    private static let v0LgK: Int32 = 12

    private static func v0Column(
        name: String, _ components: [String: MetricComponent]
    ) -> Sketchbook_Whylogs_V0_ColumnMessageV0 {
        func integer(_ path: String) -> Int64 {
            if case .integer(let value) = components[path]?.value { return value }
            return 0
        }
        func double(_ path: String) -> Double {
            if case .double(let value) = components[path]?.value { return value }
            return 0
        }
        var column = Sketchbook_Whylogs_V0_ColumnMessageV0()
        column.name = name
        var counters = Sketchbook_Whylogs_V0_CountersV0()
        counters.count = integer("counts/n")
        column.counters = counters

        var schema = Sketchbook_Whylogs_V0_SchemaMessageV0()
        typealias TypeEnum = Sketchbook_Whylogs_V0_InferredTypeV0.TypeEnum
        schema.typeCounts = [
            Int32(TypeEnum.integral.rawValue): integer("types/integral"),
            Int32(TypeEnum.boolean.rawValue): integer("types/boolean"),
            Int32(TypeEnum.fractional.rawValue): integer("types/fractional"),
            Int32(TypeEnum.string.rawValue): integer("types/string"),
            Int32(TypeEnum.unknown.rawValue): integer("types/object"),
            Int32(TypeEnum.null.rawValue): integer("counts/null"),
        ]
        column.schema = schema

        var numbers = Sketchbook_Whylogs_V0_NumbersMessageV0()
        numbers.histogram = Data(emptyV0KLL)
        numbers.compactTheta = Data(ModelPerformanceMetrics.emptyTheta)
        var variance = Sketchbook_Whylogs_V0_VarianceMessageV0()
        if case .kll(let image) = components["distribution/kll"]?.value {
            variance.count = integer("counts/n")
            if let sketch = try? KLLSketch<Double>(serializedBytes: image), !sketch.isEmpty {
                variance.mean = double("distribution/mean")
                variance.sum = double("distribution/m2")
                numbers.histogram = Data(image)
            }
        }
        numbers.variance = variance
        column.numbers = numbers

        var frequentItems = Sketchbook_Whylogs_V0_FrequentItemsSketchMessageV0()
        if case .frequentItems(let image) = components["frequent_items/frequent_strings"]?.value {
            frequentItems.sketch = Data(image)
            frequentItems.lgMaxK = v0LgK
        } else {
            frequentItems.sketch = Data(emptyV0FrequentItems)
        }
        column.frequentItems = frequentItems

        var cardinality = Sketchbook_Whylogs_V0_HllSketchMessageV0()
        cardinality.sketch = Data(emptyV0HLL)
        if case .hll(let image) = components["cardinality/hll"]?.value,
            let sketch = try? HLLSketch(serializedBytes: image), !sketch.isEmpty
        {
            cardinality.sketch = Data(sketch.serializedBytes(compact: true))
            cardinality.lgK = v0LgK
        }
        column.cardinalityTracker = cardinality
        return column
    }
}
