import CoreMetrics
import Profiles
import Synchronization

extension ServerHook {
    /// The segment value of records whose value of ``ServerHookConfiguration/segmentField`` is
    /// beyond the window's ``ServerHookConfiguration/maxSegmentValues``, is bytes, or is longer
    /// than ``ServerHookConfiguration/maxSegmentValueBytes``: one overflow segment, so that no
    /// record is dropped and no window grows without bound. (A record whose value is this very
    /// text lands in the same segment.)
    public static let overflowSegmentValue = "__other__"

    /// The segment text of a feature value, as whylogs' `str(value)` of what pandas holds: an
    /// integer `7`, a double as Python's `repr` (`7.0`, `nan`), a string as it is, `True` or
    /// `False`, a missing or null value `nan`; `nil` (the overflow segment) for bytes.
    static func segmentText(of value: FeatureValue?) -> String? {
        switch value {
        case nil, .null?: "nan"
        case .int(let value)?: String(value)
        case .double(let value)?: _PythonFloatRepr.repr(value)
        case .string(let value)?: value
        case .bool(let value)?: value ? "True" : "False"
        case .bytes?: nil
        }
    }

    /// The segment text of a record by name, or `nil` when the hook does not segment; a value
    /// that cannot have a segment of its own is the overflow value already.
    @inline(__always)
    func segmentValue(of features: [String: FeatureValue]) -> String? {
        guard let field = configuration.segmentField else { return nil }
        guard let text = Self.segmentText(of: features[field]), text.utf8.count <= configuration.maxSegmentValueBytes
        else { return Self.overflowSegmentValue }
        return text
    }

    /// The segment text of a record by position: the value of the segment field in `schema`, else
    /// the value given with the record (`nan` if none), pseudonymised if the field is one of
    /// ``ServerHookConfiguration/hashedStringColumns``; `nil` when the hook does not segment.
    func segmentValue(of values: [Double], schema: FeatureSchema, given: FeatureValue?) -> String? {
        guard let field = configuration.segmentField else { return nil }
        var value = given
        if let index = schema.names.firstIndex(of: field), index < values.count { value = .double(values[index]) }
        if let raw = value, configuration.hashedStringColumns.contains(field) {
            value = pseudonymised([field: raw])[field]
        }
        guard let text = Self.segmentText(of: value), text.utf8.count <= configuration.maxSegmentValueBytes
        else { return Self.overflowSegmentValue }
        return text
    }

    /// The segment a record of `value` goes to in `window`: its own if the window has it or the
    /// hook-wide admission for the window start allows one more, else the overflow segment
    /// (counted).
    @inline(__always)
    func admittedSegment(_ value: String, in window: WindowAccumulator) -> String {
        if value != Self.overflowSegmentValue {
            if window.segments[value] != nil { return value }
            if segmentValues.admit(value, windowStart: window.startSeconds, limit: configuration.maxSegmentValues) {
                return value
            }
        }
        metrics?.segmentOverflow.increment()
        counters.segmentOverflow.add(1, ordering: .relaxed)
        return Self.overflowSegmentValue
    }

    /// Logs a record by name into `window`'s segment `value` (after the whole window took it):
    /// only the features the whole window has a column for (names over the window's limit are
    /// left out of segments too), and the prediction.
    @inline(__always)
    func logSegment(
        _ value: String, features: [String: FeatureValue], prediction: Double?, into window: inout WindowAccumulator
    ) {
        let key = admittedSegment(value, in: window)
        let withoutValues = configuration.columnsWithoutFrequentItems
        let predictionColumn = configuration.predictionColumn
        var segment = window.segments.removeValue(forKey: key) ?? WindowAccumulator(startSeconds: window.startSeconds)
        for (name, value) in features where window.profile.columns[name] != nil {
            if segment.profile.columns[name] == nil && withoutValues.contains(name) {
                segment.profile.columns[name] = .withoutValues()
            }
            segment.profile.log(column: name, value: value)
        }
        if let prediction {
            if segment.profile.columns[predictionColumn] == nil && withoutValues.contains(predictionColumn) {
                segment.profile.columns[predictionColumn] = .withoutValues()
            }
            segment.profile.log(column: predictionColumn, value: .double(prediction))
        }
        segment.records += 1
        window.segments[key] = segment
    }

    /// Logs a record by position into `window`'s segment `value`.
    @inline(__always)
    func logSegment(
        _ value: String, values: [Double], schema: FeatureSchema, prediction: Double?,
        into window: inout WindowAccumulator
    ) {
        let key = admittedSegment(value, in: window)
        var segment = window.segments.removeValue(forKey: key) ?? WindowAccumulator(startSeconds: window.startSeconds)
        segment.log(values, schema: schema, prediction: prediction, predictionColumn: configuration.predictionColumn)
        segment.records += 1
        window.segments[key] = segment
    }

    /// The key a segment of this hook is written with.
    func segmentKey(_ value: String) -> SegmentKey? {
        configuration.segmentField.map { SegmentKey(columns: [$0], values: [value]) }
    }
}
