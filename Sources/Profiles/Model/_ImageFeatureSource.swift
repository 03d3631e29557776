/// What turns one encoded image into its derived features, for ``ColumnRole`` image columns.
///
/// `ProfileImages`' `ImageDecoder` is the one implementation; the protocol keeps `Profiles` free of
/// image decoding (and libturbojpeg) while the derived-column logging stays here.
package protocol _ImageFeatureSource: Sendable {
    /// The features of an encoded image, in a fixed order.
    ///
    /// - Throws: ``ProfileError`` when the bytes are not a decodable image.
    func features(ofEncodedImage bytes: [UInt8]) throws(ProfileError) -> [(name: String, value: FeatureValue)]
}
