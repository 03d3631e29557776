/// What a column holds beyond its values, declared on a ``DatasetProfile`` so that logging also
/// yields derived columns `<column>.<feature>` (see ``DatasetProfile/columnRoles``).
///
/// Roles direct logging only: they are not written to a profile file, and a profile read from a
/// file has none (its derived columns read back as ordinary columns).
///
/// ``text`` is defined here; the image role (`ColumnRole.image`) comes with its decoder from the
/// `ProfileImages` module, so that a program that logs no images does not link libturbojpeg.
public struct ColumnRole: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of role; a role's identity (equality, hashing, description) is its kind.
    package enum Kind: String, Sendable, Hashable {
        case text
        case image
    }

    /// The role's kind.
    package let kind: Kind
    /// For an image role: what turns an encoded image into its features, when the profile sets
    /// none of its own (``DatasetProfile/imageFeatureSource``).
    package let imageFeatureSource: (any _ImageFeatureSource)?

    /// A role of the given kind.
    package init(kind: Kind, imageFeatureSource: (any _ImageFeatureSource)? = nil) {
        self.kind = kind
        self.imageFeatureSource = imageFeatureSource
    }

    /// Free text: each string value also yields the ``TextMetadata`` features.
    public static let text = ColumnRole(kind: .text)

    /// `"text"` or `"image"`.
    public var description: String { kind.rawValue }

    /// Whether two roles are of the same kind (text or image), whatever their image decoders.
    public static func == (lhs: ColumnRole, rhs: ColumnRole) -> Bool { lhs.kind == rhs.kind }

    /// Hashes the role's kind, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

extension ColumnRole {
    /// The type a new column with this role gets, whatever its first value: text columns are
    /// string columns, image columns hold objects (counts and types only).
    var columnType: ColumnType {
        switch kind {
        case .text: .string
        case .image: .any
        }
    }
}
