public import Sketches

/// The `frequent_items` metric (whylogs `FrequentItemsMetric`, integral and string columns): a
/// frequent-strings sketch (lg_max_map_size 10) of every value as a string.
///
/// Values become strings as whylogs' C++ binding makes them: integers in decimal, doubles with
/// C's `%f` (``cFormat(_:)``), booleans `"True"`/`"False"`, strings cut to their first 128 Unicode
/// scalars.
public struct FrequentItemsMetric: Sendable {
    /// The sketch (`frequent_items/frequent_strings`).
    public var sketch: FrequentItemsSketch<String>

    /// The metric's namespace, `"frequent_items"`.
    public static let namespace = "frequent_items"
    /// whylogs' default `fi_lg_max_k`.
    public static let defaultLgMaxMapSize = 10
    /// whylogs' `max_frequent_item_size`: strings are cut to this many Unicode scalars.
    public static let maximumItemScalars = 128

    /// An empty metric.
    ///
    /// - Parameter lgMaxMapSize: the sketch's log2 of the maximum map size (10 in whylogs).
    public init(lgMaxMapSize: Int = FrequentItemsMetric.defaultLgMaxMapSize) {
        self.sketch = FrequentItemsSketch(lgMaxMapSize: lgMaxMapSize)
    }

    /// The image the sketch was decoded from, with the state it had then. A decoded
    /// frequent-items sketch re-inserts its items, so re-serializing it may list them in another
    /// order; ``serializedImage`` returns this image instead while the sketch still has that state.
    var source: (image: [UInt8], state: SketchState)?

    struct SketchState: Equatable {
        var totalWeight: UInt64
        var maximumError: UInt64
        var numActiveItems: Int
        var lgCurMapSize: Int

        init(_ sketch: FrequentItemsSketch<String>) {
            totalWeight = sketch.totalWeight
            maximumError = sketch.maximumError
            numActiveItems = sketch.numActiveItems
            lgCurMapSize = sketch.lgCurMapSize
        }
    }

    /// A metric holding a sketch.
    public init(sketch: FrequentItemsSketch<String>) {
        self.sketch = sketch
    }

    /// A metric decoded from a sketch image, which ``serializedImage`` returns unchanged until the
    /// sketch's total weight, offset, item count or map size changes.
    ///
    /// - Parameter image: a frequent-strings sketch image.
    /// - Throws: `SketchDecodingError` (`Sketches`) if the image is not valid.
    public init(serializedImage image: [UInt8]) throws(SketchDecodingError) {
        self.sketch = try FrequentItemsSketch<String>(serializedBytes: image)
        self.source = (image, SketchState(sketch))
    }

    /// The sketch's image as whylogs writes it: the image it was decoded from while unchanged,
    /// else a new serialization (an empty sketch flagged `0x01`, as whylogs-sketching does).
    ///
    /// - Complexity: O(1) when unchanged, else O(items).
    public var serializedImage: [UInt8] {
        if let source, source.state == SketchState(sketch) { return source.image }
        var image = sketch.serializedBytes()
        // An empty image is 8 bytes; whylogs-sketching 3.x flags it 0x01 where DataSketches 5.x
        // (and the Sketches module) write 0x05. Both read either; write what whylogs writes.
        if sketch.isEmpty && image.count == Self.emptyImageSize {
            image[Self.flagsOffset] = Self.whylogsEmptyFlags
        }
        return image
    }

    static let emptyImageSize = 8
    static let flagsOffset = 5
    static let whylogsEmptyFlags: UInt8 = 0x01

    /// Counts a string, cut to its first 128 Unicode scalars.
    ///
    /// - Parameter value: the string.
    /// - Complexity: O(1) sketch update plus hashing; allocates only for strings longer than 128
    ///   UTF-8 bytes that must be cut.
    @inlinable public mutating func update(string value: String) {
        sketch.update(Self.truncated(value))
    }

    /// Counts a string given as valid UTF-8, cut to its first 128 Unicode scalars: the same as
    /// ``update(string:)`` without making a `String` for a tracked item.
    ///
    /// - Parameter bytes: valid UTF-8.
    @inlinable package mutating func update(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count <= Self.maximumItemScalars {
            sketch.update(utf8: bytes)
            return
        }
        // The offset of scalar number 128 (0-based): count lead bytes (not 0b10xxxxxx).
        var scalars = 0
        for index in bytes.indices where bytes[index] & 0xC0 != 0x80 {
            if scalars == Self.maximumItemScalars {
                sketch.update(utf8: UnsafeBufferPointer(rebasing: bytes[..<index]))
                return
            }
            scalars += 1
        }
        sketch.update(utf8: bytes)
    }

    /// Counts an integer as its decimal string.
    @inlinable public mutating func update(int value: Int64) {
        sketch.update(String(value))
    }

    /// Counts a double as C's `%f` prints it.
    public mutating func update(double value: Double) {
        sketch.update(Self.cFormat(value))
    }

    /// Counts a boolean as `"True"` or `"False"`.
    @inlinable public mutating func update(bool value: Bool) {
        sketch.update(value ? "True" : "False")
    }

    /// Merges another metric's sketch into this one.
    ///
    /// - Parameter other: the metric to merge.
    /// - Complexity: O(items of the other sketch).
    public mutating func merge(_ other: FrequentItemsMetric) {
        sketch.merge(other.sketch)
    }

    /// A string cut to its first 128 Unicode scalars (Python `value[:128]`).
    ///
    /// - Parameter value: the string.
    /// - Returns: the string itself when it has at most 128 scalars.
    @inlinable public static func truncated(_ value: String) -> String {
        if value.utf8.count <= maximumItemScalars { return value }
        let scalars = value.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: maximumItemScalars, limitedBy: scalars.endIndex)
        else { return value }
        if end == scalars.endIndex { return value }
        return String(scalars[..<end])
    }
}
