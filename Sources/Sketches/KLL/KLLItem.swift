/// An item type a ``KLLSketch`` can hold: `Float` (DataSketches `kll_floats_sketch`) or `Double`
/// (`kll_doubles_sketch`).
///
/// Only `Float` and `Double` conform, and only they are supported: the serialized image stores
/// each item as its raw little-endian IEEE-754 bit pattern of ``KLLBits``'s width, so the item size
/// is `MemoryLayout<KLLBits>.size` (4 or 8 bytes).
public protocol KLLItem: BinaryFloatingPoint, Sendable, BitwiseCopyable {
    /// The unsigned integer holding the item's IEEE-754 bit pattern (`UInt32` or `UInt64`).
    associatedtype KLLBits: FixedWidthInteger & UnsignedInteger & Sendable

    /// Creates an item from its IEEE-754 bit pattern.
    init(kllBits: KLLBits)

    /// The item's IEEE-754 bit pattern.
    var kllBits: KLLBits { get }

    /// The DataSketches name of the item type, `"float"` or `"double"`.
    static var kllItemTypeName: String { get }

    /// Whether images of this type may use the whylogs-sketching preamble-6 layout (`Double` only;
    /// whylogs-sketching writes floats in the standard layout).
    static var kllAllowsWhylogsLayout: Bool { get }
}

extension KLLItem {
    /// The serialized size of one item in bytes.
    @inlinable static var kllItemSize: Int { MemoryLayout<KLLBits>.size }
}

extension Float: KLLItem {
    /// `UInt32`: a float's IEEE-754 bit pattern, 4 bytes in an image.
    public typealias KLLBits = UInt32
    /// Creates a float from its IEEE-754 bit pattern (`init(bitPattern:)`).
    @inlinable public init(kllBits: UInt32) { self.init(bitPattern: kllBits) }
    /// The float's IEEE-754 bit pattern (`bitPattern`).
    @inlinable public var kllBits: UInt32 { bitPattern }
    /// `"float"`, as DataSketches names the item type.
    public static var kllItemTypeName: String { "float" }
    /// `false`: whylogs-sketching writes floats in the standard layout.
    public static var kllAllowsWhylogsLayout: Bool { false }
}

extension Double: KLLItem {
    /// `UInt64`: a double's IEEE-754 bit pattern, 8 bytes in an image.
    public typealias KLLBits = UInt64
    /// Creates a double from its IEEE-754 bit pattern (`init(bitPattern:)`).
    @inlinable public init(kllBits: UInt64) { self.init(bitPattern: kllBits) }
    /// The double's IEEE-754 bit pattern (`bitPattern`).
    @inlinable public var kllBits: UInt64 { bitPattern }
    /// `"double"`, as DataSketches names the item type.
    public static var kllItemTypeName: String { "double" }
    /// `true`: double images may use the whylogs-sketching preamble-6 layout.
    public static var kllAllowsWhylogsLayout: Bool { true }
}
