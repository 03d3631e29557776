import Foundation

extension ProfileFile {
    /// The four bytes a whylogs v1 file starts with: ASCII `WHY1`.
    static let v1Magic: [UInt8] = [0x57, 0x48, 0x59, 0x31]

    /// Reads a profile file's bytes: whylogs v1 (plain or segmented), or v0, optionally
    /// gzip-compressed.
    ///
    /// gzip is detected by its magic (`1f 8b`) and inflated within `limits`. Then a `WHY1` magic
    /// selects the v1 reader (``SourceFormat/v1`` or ``SourceFormat/segmentedV1``, with
    /// ``segmentTags`` from the segment header); anything else is tried as a v0
    /// `DatasetProfileMessage` (varint-delimited, then whole-input), converted to v1 component paths
    /// as whylogs' `read_v0_to_view` does (``SourceFormat/v0``).
    ///
    /// Every length and offset is checked against the bytes that remain, chunk offsets must be
    /// distinct and chunks must not overlap (whylogs writes each column's chunk once, in order),
    /// and the file is held to the column and component-byte budgets of `limits` (see
    /// ``ProfileReadLimits``). Components under unknown
    /// paths (`image/…`, `unicode_range/…`, `condition_count/…`, custom namespaces) are kept as they
    /// are. Sketch images are not decoded here, except v0 KLL histograms (converted from floats to
    /// doubles).
    ///
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - limits: the decompression limits and decoding budgets.
    /// - Throws: ``ProfileError``: `.invalidMagic` for input that is neither v1, v0 nor gzip;
    ///   `.truncated`, `.invalidMessage` or `.invalidValue` for a damaged file (a shared chunk offset
    ///   or overlapping chunks included); `.invalidSketch` for a bad v0 histogram;
    ///   `.decompressionFailed` or `.decompressionLimitExceeded` for gzip; `.limitExceeded` past
    ///   ``ProfileReadLimits/maxColumns`` or ``ProfileReadLimits/maxComponentBytes``;
    ///   `.unsupported` for component values this model cannot hold (`dataclass_param`, `msg`).
    ///   A v0 model profile (``modelPerformance``) with more than 256 labels (`.limitExceeded`), a
    ///   cell count other than labels² (`.invalidValue`, counted on the wire before parsing when
    ///   over 65,536) or a cell histogram that does not decode (`.invalidSketch`) is refused.
    /// - Complexity: O(file size), plus the inflated size for gzip input.
    public init(serializedBytes bytes: [UInt8], limits: ProfileReadLimits = .default) throws(ProfileError) {
        if _Gzip.isCompressed(bytes) {
            let limit = limits.inflatedLimit(compressedCount: bytes.count)
            let inflated = try _Gzip.inflate(bytes, limit: limit.bytes, limitName: limit.reason)
            try self.init(uncompressedBytes: inflated, limits: limits)
        } else {
            try self.init(uncompressedBytes: bytes, limits: limits)
        }
    }

    /// Reads a profile file from disk; see ``init(serializedBytes:limits:)``.
    ///
    /// - Parameters:
    ///   - path: the file's path.
    ///   - limits: the decompression limits and decoding budgets.
    /// - Throws: ``ProfileError/Code/ioFailure`` if the file cannot be read, otherwise as
    ///   ``init(serializedBytes:limits:)``.
    /// - Complexity: O(file size), plus the inflated size for gzip input.
    public init(contentsOf path: String, limits: ProfileReadLimits = .default) throws(ProfileError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProfileError(
                .ioFailure, field: path, expected: "a readable file", actual: error.localizedDescription)
        }
        try self.init(serializedBytes: [UInt8](data), limits: limits)
    }

    private init(uncompressedBytes bytes: [UInt8], limits: ProfileReadLimits) throws(ProfileError) {
        if bytes.starts(with: Self.v1Magic) {
            try self.init(v1Bytes: bytes, limits: limits)
            return
        }
        if !bytes.isEmpty, bytes.count < Self.v1Magic.count, Self.v1Magic.starts(with: bytes) {
            throw ProfileError(
                .truncated, field: "magic", expected: "WHY1", actual: "\(bytes.count) bytes of it", offset: 0)
        }
        if let profile = try Self(v0BytesIfPlausible: bytes, limits: limits) {
            self = profile
            return
        }
        let head = bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
        throw ProfileError(
            .invalidMagic, field: "magic",
            expected: "WHY1 (v1), gzip (1f 8b) or a v0 DatasetProfileMessage",
            actual: bytes.isEmpty ? "an empty file" : "bytes \(head)", offset: 0)
    }
}
