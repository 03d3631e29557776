/// One field of an Arrow schema (spec §4.2): a name, a type, the dictionary encoding if any, and
/// the children of a nested type.
struct _ArrowField: Sendable {
    /// How a dictionary-encoded field's indices are stored (spec §4.4).
    struct Dictionary: Sendable, Hashable {
        var id: Int64
        var indexBitWidth: Int
        var indexSigned: Bool
        var isOrdered: Bool
    }

    var name: String
    var type: _ArrowType
    var dictionary: Dictionary?
    var children: [_ArrowField]

    /// The name shown for the field's type: the value type, and the index type of a dictionary.
    var typeName: String {
        guard let dictionary else { return type.name }
        return
            "dictionary<values=\(type.name), indices=\(dictionary.indexSigned ? "" : "u")int\(dictionary.indexBitWidth), "
            + "ordered=\(dictionary.isOrdered ? 1 : 0)>"
    }

    /// Field nodes this field and its children take in a record batch (spec §6.2).
    var nodeCount: Int {
        dictionary != nil ? 1 : 1 + children.reduce(0) { $0 + $1.nodeCount }
    }
}
