/// What a column holds beyond its values, declared on a ``DatasetProfile`` so that logging also
/// yields derived columns `<column>.<feature>` (see ``DatasetProfile/columnRoles``).
///
/// Roles direct logging only: they are not written to a profile file, and a profile read from a
/// file has none (its derived columns read back as ordinary columns).
public enum ColumnRole: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Free text: each string value also yields the ``TextMetadata`` features.
    case text
    /// Encoded images (``FeatureValue/bytes(_:)`` holding a PNG, PPM/PGM or JPEG file): each
    /// decodable image yields the ``ImageMetadata`` features; each value that is not a decodable
    /// image is reported in `<column>.decode_error`.
    case image

    /// `"text"` or `"image"`.
    public var description: String {
        switch self {
        case .text: "text"
        case .image: "image"
        }
    }
}

extension ColumnRole {
    /// The type a new column with this role gets, whatever its first value: text columns are
    /// string columns, image columns hold objects (counts and types only).
    var columnType: ColumnType {
        switch self {
        case .text: .string
        case .image: .any
        }
    }
}
