import Profiles

/// How ``ImageFolderProfiler`` finds, reads and logs images.
public struct ImageFolderOptions: Sendable, Hashable {
    /// The image column's name; features go to `<column>.<feature>`. Default `image`, the column
    /// whylogs' `init_image_schema()` and `log_image` name.
    public var column: String
    /// The file name endings (lower case, with the dot) chosen inside folders. A file named
    /// directly is read whatever its name.
    public var extensions: [String]
    /// The largest file read, in bytes; a larger file is unreadable (reported), never read whole.
    /// Default 64 MiB.
    public var maximumFileBytes: Int
    /// The largest width × height decoded (see ``ImageDecoder/maxPixelCount``).
    public var maximumPixelCount: Int
    /// Whether the first unreadable file, or folder that cannot be listed, is an error instead of
    /// being reported and counted.
    public var isStrict: Bool
    /// The profile's dataset timestamp (Unix epoch milliseconds); `nil` for now.
    public var datasetTimestampMilliseconds: UInt64?
    /// The number of threads decoding; `nil` for one per active core.
    public var threadCount: Int?

    /// Options with the defaults.
    public init(
        column: String = "image", extensions: [String] = [".png", ".jpg", ".jpeg", ".ppm", ".pgm", ".pnm"],
        maximumFileBytes: Int = 64 << 20, maximumPixelCount: Int = ImageDecoder.defaultMaxPixelCount,
        isStrict: Bool = false, datasetTimestampMilliseconds: UInt64? = nil, threadCount: Int? = nil
    ) {
        self.column = column
        self.extensions = extensions
        self.maximumFileBytes = maximumFileBytes
        self.maximumPixelCount = maximumPixelCount
        self.isStrict = isStrict
        self.datasetTimestampMilliseconds = datasetTimestampMilliseconds
        self.threadCount = threadCount
    }
}
