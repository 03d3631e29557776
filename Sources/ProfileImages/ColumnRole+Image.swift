public import Profiles

extension ColumnRole {
    /// Encoded images (``/Profiles/FeatureValue/bytes(_:)`` holding a PNG, PPM/PGM or JPEG file):
    /// each decodable image yields the ``ImageMetadata`` features; each value that is not a
    /// decodable image is reported in `<column>.decode_error` (see
    /// ``/Profiles/DatasetProfile/declare(imageColumn:)``). The role carries the default
    /// ``ImageDecoder``; a profile's ``/Profiles/DatasetProfile/imageDecoder``, when set, replaces it.
    public static let image = ColumnRole(kind: .image, imageFeatureSource: ImageDecoder())
}
