/// Limits a profile reader applies to its input, so hostile files fail with a ``ProfileError``
/// in bounded memory instead of exhausting it.
///
/// The limits apply to gzip-compressed files: inflation stops, and reading throws
/// ``ProfileError/Code/decompressionLimitExceeded``, as soon as the output would pass
/// ``maxDecompressedBytes`` or, once past ``compressionRatioFloor`` bytes, would be more than
/// ``maxCompressionRatio`` times the compressed size. Uncompressed files are bounded by their own
/// size: every length read from a file is checked against the bytes that remain before anything
/// is allocated.
public struct ProfileReadLimits: Sendable, Hashable {
    /// The largest inflated size accepted, in bytes. Default 1 GiB.
    public var maxDecompressedBytes: Int
    /// The largest accepted ratio of inflated to compressed size. Default 1000.
    public var maxCompressionRatio: Int
    /// Inflated sizes up to this many bytes are accepted whatever the ratio. Default 1 MiB.
    public var compressionRatioFloor: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxDecompressedBytes: the largest inflated size accepted, in bytes.
    ///   - maxCompressionRatio: the largest accepted inflated/compressed size ratio.
    ///   - compressionRatioFloor: inflated sizes up to this many bytes ignore the ratio.
    public init(
        maxDecompressedBytes: Int = 1 << 30, maxCompressionRatio: Int = 1000, compressionRatioFloor: Int = 1 << 20
    ) {
        precondition(maxDecompressedBytes >= 0, "maxDecompressedBytes must not be negative")
        precondition(maxCompressionRatio >= 1, "maxCompressionRatio must be at least 1")
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioFloor = compressionRatioFloor
    }

    /// The defaults: 1 GiB, ratio 1000 beyond 1 MiB.
    public static let `default` = ProfileReadLimits()

    /// The largest inflated size accepted for `compressedCount` input bytes.
    func inflatedLimit(compressedCount: Int) -> Int {
        let (byRatio, overflow) = compressedCount.multipliedReportingOverflow(by: maxCompressionRatio)
        let ratioLimit = overflow ? Int.max : max(byRatio, compressionRatioFloor)
        return min(maxDecompressedBytes, ratioLimit)
    }
}
