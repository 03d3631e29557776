/// A KLL sketch decoded from an image whose item type is not known in advance.
///
/// DataSketches images carry no float/double marker; the item size is inferred from the length
/// (spec §3.5, §3.6): single-item images are 12 (float) or 16 (double) bytes; full images must be exactly
/// `dataStart + 4·numLevels + (retained + 2)·size` long; a preamble-6 image is whylogs doubles.
/// An empty image fits both and decodes as `.double` (the type whylogs v1 profiles use).
public enum AnyKLLSketch: Sendable {
    /// A `kll_floats_sketch` image.
    case float(KLLSketch<Float>)
    /// A `kll_doubles_sketch` image.
    case double(KLLSketch<Double>)

    /// Decodes an image of either item type.
    ///
    /// - Parameter bytes: the image.
    /// - Throws: ``SketchDecodingError`` if the image is invalid for the inferred type (or its
    ///   length fits neither).
    /// - Complexity: O(k + retained).
    @inlinable
    public init(serializedBytes bytes: some Collection<UInt8>) throws(SketchDecodingError) {
        try self.init(serializedImage: Array(bytes))
    }

    @usableFromInline
    init(serializedImage image: [UInt8]) throws(SketchDecodingError) {
        let reader = ByteReader(image, family: KLLPreamble.family)
        let preambleInts: UInt8 = try reader.peekInteger(at: 0, field: "preambleInts")
        let flags: UInt8 = try reader.peekInteger(at: 3, field: "flags")
        if flags & KLLPreamble.flagEmpty != 0 {
            self = .double(try KLLSketch<Double>(serializedBytes: image))
        } else if flags & KLLPreamble.flagSingleItem != 0 {
            self =
                image.count == KLLPreamble.singleItemDataStart + 4
                ? .float(try KLLSketch<Float>(serializedBytes: image))
                : .double(try KLLSketch<Double>(serializedBytes: image))
        } else if preambleInts == KLLPreamble.preambleIntsWhylogsDoubles {
            self = .double(try KLLSketch<Double>(serializedBytes: image))
        } else {
            // Standard layout: which item size makes the length exact?
            let k = Int(try reader.peekInteger(at: 4, as: UInt16.self, field: "k"))
            let numLevels = Int(try reader.peekInteger(at: 18, as: UInt8.self, field: "numLevels"))
            let levelZero = Int(try reader.peekInteger(at: 20, as: UInt32.self, field: "levels[0]"))
            var isFloat = false
            if _KLLLevels.kRange.contains(k), (1..._KLLLevels.maxLevels).contains(numLevels) {
                let retained = _KLLLevels.totalCapacity(k: k, numLevels: numLevels) - levelZero
                isFloat = image.count == KLLPreamble.dataStartStandard + 4 * numLevels + (retained + 2) * 4
            }
            self =
                isFloat
                ? .float(try KLLSketch<Float>(serializedBytes: image))
                : .double(try KLLSketch<Double>(serializedBytes: image))
        }
    }

    /// `"float"` or `"double"`.
    public var itemType: String {
        switch self {
        case .float: Float.kllItemTypeName
        case .double: Double.kllItemTypeName
        }
    }

    /// The sketch's serialization layout (DataSketches for floats, empty and single-item images).
    public var layout: KLLSerializationLayout {
        switch self {
        case .float(let s): s.layout
        case .double(let s): s.layout
        }
    }

    /// The query rules implied by ``layout``.
    public var defaultQueryRules: KLLQueryRules { layout.impliedQueryRules }

    /// See ``KLLSketch/k``.
    public var k: Int { withSketch { $0.k } }
    /// See ``KLLSketch/minK``.
    public var minK: Int { withSketch { $0.minK } }
    /// See ``KLLSketch/n``.
    public var n: Int { withSketch { $0.n } }
    /// See ``KLLSketch/numRetained``.
    public var numRetained: Int { withSketch { $0.numRetained } }
    /// See ``KLLSketch/numLevels``.
    public var numLevels: Int { withSketch { $0.numLevels } }
    /// See ``KLLSketch/isEmpty``.
    public var isEmpty: Bool { withSketch { $0.isEmpty } }
    /// See ``KLLSketch/isEstimationMode``.
    public var isEstimationMode: Bool { withSketch { $0.isEstimationMode } }

    /// The smallest item as a `Double` (floats widen exactly), or `nil` if empty.
    public var minItem: Double? {
        switch self {
        case .float(let s): s.minItem.map(Double.init)
        case .double(let s): s.minItem
        }
    }

    /// The largest item as a `Double`, or `nil` if empty.
    public var maxItem: Double? {
        switch self {
        case .float(let s): s.maxItem.map(Double.init)
        case .double(let s): s.maxItem
        }
    }

    /// See ``KLLSketch/normalizedRankError(pmf:)``.
    public func normalizedRankError(pmf: Bool) -> Double { withSketch { $0.normalizedRankError(pmf: pmf) } }

    /// See ``KLLSketch/quantile(atRank:inclusive:rules:)``; the answer widened to `Double`.
    public func quantile(atRank rank: Double, inclusive: Bool = false, rules: KLLQueryRules? = nil) -> Double? {
        switch self {
        case .float(let s): s.quantile(atRank: rank, inclusive: inclusive, rules: rules).map(Double.init)
        case .double(let s): s.quantile(atRank: rank, inclusive: inclusive, rules: rules)
        }
    }

    /// See ``KLLSketch/quantiles(atRanks:inclusive:rules:)``; the answers widened to `Double`.
    public func quantiles(atRanks ranks: [Double], inclusive: Bool = false, rules: KLLQueryRules? = nil) -> [Double]? {
        switch self {
        case .float(let s): s.quantiles(atRanks: ranks, inclusive: inclusive, rules: rules).map { $0.map(Double.init) }
        case .double(let s): s.quantiles(atRanks: ranks, inclusive: inclusive, rules: rules)
        }
    }

    /// See ``KLLSketch/rank(of:inclusive:rules:)``; for floats, `item` is rounded to `Float`.
    public func rank(of item: Double, inclusive: Bool = false) -> Double? {
        switch self {
        case .float(let s): s.rank(of: Float(item), inclusive: inclusive)
        case .double(let s): s.rank(of: item, inclusive: inclusive)
        }
    }

    /// See ``KLLSketch/serializedBytes(layout:)``.
    public func serializedBytes(layout: KLLSerializationLayout? = nil) -> [UInt8] {
        withSketch { $0.serializedBytes(layout: layout) }
    }

    private func withSketch<R>(_ body: (any _KLLSketchSummary) -> R) -> R {
        switch self {
        case .float(let s): body(s)
        case .double(let s): body(s)
        }
    }
}

/// The type-independent members of ``KLLSketch``, for ``AnyKLLSketch``.
protocol _KLLSketchSummary {
    var k: Int { get }
    var minK: Int { get }
    var n: Int { get }
    var numRetained: Int { get }
    var numLevels: Int { get }
    var isEmpty: Bool { get }
    var isEstimationMode: Bool { get }
    func normalizedRankError(pmf: Bool) -> Double
    func serializedBytes(layout: KLLSerializationLayout?) -> [UInt8]
}

extension KLLSketch: _KLLSketchSummary {}
