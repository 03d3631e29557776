/// A sketch decoded from a DataSketches image of any family this library reads, detected from the
/// image's header (the family byte at offset 2).
///
/// ```swift
/// switch try SketchImage(serializedBytes: bytes) {
/// case .kll(let sketch): print(sketch.quantile(atRank: 0.5) ?? .nan)
/// case .hll(let sketch): print(sketch.estimate)
/// case .frequentItems(let sketch): print(sketch.frequentItems(errorType: .noFalsePositives))
/// }
/// ```
public enum SketchImage: Sendable {
    /// A KLL quantiles sketch (`kll_floats_sketch` or `kll_doubles_sketch`, either layout).
    case kll(AnyKLLSketch)
    /// An HLL distinct-count sketch (any mode and target type, compact or updatable).
    case hll(HLLSketch)
    /// A frequent-items sketch whose items are strings (`frequent_strings_sketch`).
    case frequentItems(FrequentItemsSketch<String>)

    /// Decodes an image, choosing the family from its header.
    ///
    /// - Parameter bytes: a complete serialized image.
    /// - Throws: ``SketchDecodingError``: `.unrecognizedFormat` when byte 2 names no family this
    ///   library reads, otherwise the family decoder's error naming the field, expected and actual
    ///   values and byte offset.
    /// - Complexity: O(image size).
    @inlinable
    public init(serializedBytes bytes: some Collection<UInt8>) throws(SketchDecodingError) {
        try self.init(serializedImage: Array(bytes))
    }

    @usableFromInline
    init(serializedImage image: [UInt8]) throws(SketchDecodingError) {
        switch try SketchFamily(detectingFrom: image) {
        case .kll: self = .kll(try AnyKLLSketch(serializedBytes: image))
        case .hll: self = .hll(try HLLSketch(serializedBytes: image))
        case .frequentItems: self = .frequentItems(try FrequentItemsSketch<String>(serializedBytes: image))
        }
    }

    /// The family of the decoded sketch.
    public var family: SketchFamily {
        switch self {
        case .kll: .kll
        case .hll: .hll
        case .frequentItems: .frequentItems
        }
    }
}
