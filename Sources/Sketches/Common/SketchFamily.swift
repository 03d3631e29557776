/// The DataSketches family identifiers (byte 2 of every image) that this library reads and writes.
public enum SketchFamily: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// HyperLogLog distinct counting (`hll_sketch`).
    case hll = 7
    /// Frequent items, Misra–Gries with a reverse-purge hash map (`frequent_items_sketch`).
    case frequentItems = 10
    /// KLL quantiles (`kll_sketch<float>`, `kll_sketch<double>`).
    case kll = 15

    /// The family name used in error messages.
    public var description: String {
        switch self {
        case .hll: "HLL"
        case .frequentItems: "frequent items"
        case .kll: "KLL"
        }
    }

    /// The family of a DataSketches image, read from its family byte (offset 2).
    ///
    /// - Parameter bytes: the start of an image.
    /// - Throws: ``SketchDecodingError`` with code `.truncated` if fewer than 8 bytes are given
    ///   (every image has an 8-byte preamble), or `.unrecognizedFormat` if byte 2 is not the id of
    ///   a family this library reads.
    public init(detectingFrom bytes: some Collection<UInt8>) throws(SketchDecodingError) {
        let head = Array(bytes.prefix(8))
        guard head.count == 8 else {
            throw SketchDecodingError(
                .truncated, family: "sketch", field: "preamble", expected: "at least 8 bytes",
                actual: "\(head.count) bytes", offset: 0)
        }
        guard let family = SketchFamily(rawValue: head[2]) else {
            throw SketchDecodingError(
                .unrecognizedFormat, family: "sketch", field: "familyID",
                expected: "7 (HLL), 10 (frequent items) or 15 (KLL)", actual: "\(head[2])", offset: 2)
        }
        self = family
    }
}
