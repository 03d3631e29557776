/// Limits a profile reader applies to its input, so hostile files fail with a ``ProfileError``
/// in bounded time and memory instead of exhausting them.
///
/// A profile is kilobytes to megabytes; the defaults admit profiles far larger than any real one
/// (a table of ten thousand columns, each with whylogs' standard sketches at full size, is about
/// 10 % of each budget) and stop a file of a few kilobytes from decoding to gigabytes. Every
/// limit is per *file*, summed over all its columns and chunks:
///
/// - **gzip**: inflation stops, and reading throws ``ProfileError/Code/decompressionLimitExceeded``,
///   as soon as the output would pass ``maxDecompressedBytes`` or, once past
///   ``compressionRatioFloor`` bytes, would be more than ``maxCompressionRatio`` times the
///   compressed size.
/// - **columns**: at most ``maxColumns`` columns.
/// - **component bytes**: the sketch images and other byte values of all columns together are at
///   most ``maxComponentBytes``.
/// - **decoded sketches** (``DatasetProfile/init(file:limits:)``): the frequent-items maps of all
///   columns hold at most ``maxFrequentItemsSlots`` slots, and the KLL sketches at most
///   ``maxKLLItems`` item slots. Each sketch is sized by its image's content (an empty image
///   allocates almost nothing, whatever size its header states), so these bound what a file's
///   real content can take.
///
/// The budgets throw ``ProfileError/Code/limitExceeded``, naming the limit, its value and the
/// column. Besides, every length read from a file is checked against the bytes that remain before
/// anything is allocated, chunk offsets must be distinct and chunks must not overlap, so each byte
/// of a file is decoded at most once.
public struct ProfileReadLimits: Sendable, Hashable {
    /// The largest inflated size accepted, in bytes. Default 256 MiB.
    public var maxDecompressedBytes: Int
    /// The largest accepted ratio of inflated to compressed size. Default 1000.
    public var maxCompressionRatio: Int
    /// Inflated sizes up to this many bytes are accepted whatever the ratio. Default 1 MiB.
    public var compressionRatioFloor: Int
    /// The most columns a file may have. Default 65,536.
    public var maxColumns: Int
    /// The most bytes of sketch images and other byte-valued components, over all columns.
    /// Default 256 MiB.
    public var maxComponentBytes: Int
    /// The most frequent-items map slots the decoded sketches may hold, over all columns (about
    /// 34 bytes a slot). Default 2^24 (16,384 full whylogs sketches of 1,024 slots).
    public var maxFrequentItemsSlots: Int
    /// The most item slots the decoded KLL sketches may hold, over all columns (8 bytes a slot).
    /// Default 2^25 (about 44,000 full whylogs sketches of k = 256).
    public var maxKLLItems: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxDecompressedBytes: the largest inflated size accepted, in bytes.
    ///   - maxCompressionRatio: the largest accepted inflated/compressed size ratio.
    ///   - compressionRatioFloor: inflated sizes up to this many bytes ignore the ratio.
    ///   - maxColumns: the most columns a file may have.
    ///   - maxComponentBytes: the most bytes of byte-valued components over all columns.
    ///   - maxFrequentItemsSlots: the most frequent-items map slots over all columns.
    ///   - maxKLLItems: the most KLL item slots over all columns.
    /// - Precondition: every limit is non-negative and `maxCompressionRatio ≥ 1`.
    public init(
        maxDecompressedBytes: Int = 256 << 20, maxCompressionRatio: Int = 1000, compressionRatioFloor: Int = 1 << 20,
        maxColumns: Int = 1 << 16, maxComponentBytes: Int = 256 << 20, maxFrequentItemsSlots: Int = 1 << 24,
        maxKLLItems: Int = 1 << 25
    ) {
        precondition(maxDecompressedBytes >= 0, "maxDecompressedBytes must not be negative")
        precondition(maxCompressionRatio >= 1, "maxCompressionRatio must be at least 1")
        precondition(
            maxColumns >= 0 && maxComponentBytes >= 0 && maxFrequentItemsSlots >= 0 && maxKLLItems >= 0,
            "limits must not be negative")
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioFloor = compressionRatioFloor
        self.maxColumns = maxColumns
        self.maxComponentBytes = maxComponentBytes
        self.maxFrequentItemsSlots = maxFrequentItemsSlots
        self.maxKLLItems = maxKLLItems
    }

    /// The defaults: gzip output up to 256 MiB (ratio 1000 beyond 1 MiB), 65,536 columns,
    /// 256 MiB of component bytes, 2^24 frequent-items slots and 2^25 KLL items.
    public static let `default` = ProfileReadLimits()

    /// The largest inflated size accepted for `compressedCount` input bytes, and which limit
    /// sets it, in words for the error.
    func inflatedLimit(compressedCount: Int) -> (bytes: Int, reason: String) {
        let (byRatio, overflow) = compressedCount.multipliedReportingOverflow(by: maxCompressionRatio)
        let ratioLimit = overflow ? Int.max : max(byRatio, compressionRatioFloor)
        if maxDecompressedBytes <= ratioLimit {
            return (maxDecompressedBytes, "ProfileReadLimits.maxDecompressedBytes = \(maxDecompressedBytes)")
        }
        return (
            ratioLimit,
            "ProfileReadLimits.maxCompressionRatio = \(maxCompressionRatio) times \(compressedCount) compressed bytes"
        )
    }
}
