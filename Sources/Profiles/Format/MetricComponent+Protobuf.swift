import Foundation

extension MetricComponent {
    /// Converts a decoded `MetricComponentMessage`.
    ///
    /// - Parameters:
    ///   - message: the decoded message.
    ///   - field: where the component is (`"price" distribution/kll`), for errors.
    /// - Throws: ``ProfileError/Code/invalidValue`` for a message with no value,
    ///   ``ProfileError/Code/unsupported`` for `dataclass_param` and `msg` values, which this
    ///   model cannot hold.
    init(_ message: Sketchbook_Whylogs_MetricComponentMessage, field: @autoclosure () -> String) throws(ProfileError) {
        let value: Value
        switch message.value {
        case .n(let n): value = .integer(n)
        case .d(let d): value = .double(d)
        case .frequentItems(let sketch): value = .frequentItems([UInt8](sketch.sketch))
        case .hll(let sketch): value = .hll([UInt8](sketch.sketch))
        case .kll(let sketch): value = .kll([UInt8](sketch.sketch))
        case .cpc(let sketch): value = .cpc([UInt8](sketch.sketch))
        case .serializedBytes(let bytes): value = .serializedBytes([UInt8](bytes))
        case .dataclassParam:
            throw ProfileError(
                .unsupported, field: field(), expected: "a component value other than dataclass_param",
                actual: "dataclass_param (google.protobuf.Struct)")
        case .msg:
            throw ProfileError(
                .unsupported, field: field(), expected: "a component value other than msg",
                actual: "msg (google.protobuf.Any)")
        case nil:
            throw ProfileError(
                .invalidValue, field: field(), expected: "a MetricComponentMessage with a value",
                actual: "no value field")
        }
        self.init(typeID: message.typeID, value)
    }

    /// The `MetricComponentMessage` of this component; the `oneof` member is always set, zero
    /// values included.
    var message: Sketchbook_Whylogs_MetricComponentMessage {
        var message = Sketchbook_Whylogs_MetricComponentMessage()
        message.typeID = typeID
        switch value {
        case .integer(let n): message.value = .n(n)
        case .double(let d): message.value = .d(d)
        case .frequentItems(let bytes):
            var sketch = Sketchbook_Whylogs_FrequentItemsSketchMessage()
            sketch.sketch = Data(bytes)
            message.value = .frequentItems(sketch)
        case .hll(let bytes):
            var sketch = Sketchbook_Whylogs_HllSketchMessage()
            sketch.sketch = Data(bytes)
            message.value = .hll(sketch)
        case .kll(let bytes):
            var sketch = Sketchbook_Whylogs_KllSketchMessage()
            sketch.sketch = Data(bytes)
            message.value = .kll(sketch)
        case .cpc(let bytes):
            var sketch = Sketchbook_Whylogs_CpcSketchMessage()
            sketch.sketch = Data(bytes)
            message.value = .cpc(sketch)
        case .serializedBytes(let bytes): message.value = .serializedBytes(Data(bytes))
        }
        return message
    }
}
