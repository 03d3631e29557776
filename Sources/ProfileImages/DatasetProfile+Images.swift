public import Profiles

extension DatasetProfile {
    /// The decoder used for image columns (its pixel limit bounds the memory one image may take;
    /// an image over the limit is reported as a decode error). Until set, each image role's own
    /// decoder (``ColumnRole/image``, the default ``ImageDecoder``) decodes.
    public var imageDecoder: ImageDecoder {
        get { imageFeatureSource as? ImageDecoder ?? ImageDecoder() }
        set { imageFeatureSource = newValue }
    }

    /// Declares an image column: from now on each value logged to it is logged as usual and, when it
    /// is ``FeatureValue/bytes(_:)`` holding an image that ``imageDecoder`` decodes (PNG, PPM/PGM,
    /// JPEG), also yields one value in each derived column `<column>.<feature>`, for every feature of
    /// ``ImageMetadata/featureNames`` (`ImagePixelWidth`, `Colorspace`, `Brightness.mean`, …,
    /// `aspect_ratio`, `mean_R`…).
    ///
    /// Rules:
    /// - The column itself holds objects: if it is new when first logged it gets counts and types
    ///   only (``ColumnType/any``, what whylogs' row logging gives an image object), and each image
    ///   counts as `types/object`, nulls as `counts/null`.
    /// - Derived values are routed as whylogs routes values: width and height are integers
    ///   (integral columns), `Colorspace` a string (a string column whose frequent items are the
    ///   modes), the rest doubles (fractional columns).
    /// - A value that does not decode (corrupt, truncated, unsupported, over the pixel limit) or is
    ///   not bytes yields no feature values; instead one string is logged to the string column
    ///   `<column>.decode_error` (``decodeErrorFeature``): the ``ProfileError/Code`` description
    ///   (`"truncated"`, `"unsupported"`, `"invalid value"`, …) or ``notImageBytesError``. Its
    ///   `counts/n` is the number of failures and its frequent items their kinds; it is an ordinary
    ///   column, so Python whylogs reads it. The column appears with the first failure.
    ///   ``imageDecodeErrorCount(column:)`` reads the count. Logging never stops at a bad image.
    /// - Nulls (and NaN) yield nothing. Values logged before the declaration yield nothing; an
    ///   existing column keeps its metrics.
    ///
    /// - Parameter name: the column.
    public mutating func declare(imageColumn name: String) {
        columnRoles[name] = .image
    }

    /// Logs a column of encoded images (PNG, PPM/PGM or JPEG files), declaring it as an image
    /// column first if it has no role: the same as ``log(column:values:)`` with
    /// ``FeatureValue/bytes(_:)`` values (see ``declare(imageColumn:)``).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - images: the encoded images.
    /// - Complexity: O(total encoded size + total pixels).
    public mutating func log(column name: String, images: [[UInt8]]) {
        if columnRoles[name] == nil { declare(imageColumn: name) }
        log(column: name, values: images.map(FeatureValue.bytes))
    }

    /// The number of values of an image column that did not decode: `counts/n` of
    /// `<column>.decode_error` (0 when there is no such column).
    ///
    /// - Parameter name: the image column.
    /// - Returns: the number of decode failures recorded.
    public func imageDecodeErrorCount(column name: String) -> Int64 {
        columns[Self.derivedColumnName(name, feature: Self.decodeErrorFeature)]?.counts?.n ?? 0
    }
}
