extension SegmentKey {
    /// The partition metadata whylogs 1.6.4 writes into a segmented profile of a column
    /// segmentation (spec §8): `segp_id` (SHA-512 hex of the mapper id, itself the SHA-512 hex of
    /// the sorted column names joined by `,`; no filter), `segp_name` (the column names joined by
    /// `,`; whylogs' `segment_on_column` names a one-column partition after its column), and
    /// `segp_col` for one column or `segp_cols` (`(a)(b)`) for several.
    public var partitionMetadata: [String: String] {
        let mapperID = _SHA512.hexDigest(Array(_CodePointOrder.sorted(columns).joined(separator: ",").utf8))
        var metadata = [
            "segp_id": _SHA512.hexDigest(Array(mapperID.utf8)),
            "segp_name": columns.joined(separator: ","),
        ]
        if columns.count == 1 {
            metadata["segp_col"] = columns[0]
        } else {
            metadata["segp_cols"] = columns.map { "(\($0))" }.joined()
        }
        return metadata
    }

    /// A file name for the segment's profile, without extension: `segment-` and the escaped
    /// `column=value` pairs joined by `,`. Bytes other than ASCII letters, digits, `-`, `_` and
    /// `.` are written `%XX`, so a value can name neither a directory (`/`, `..`) nor a hidden
    /// file; a name over ``maximumFileNameBytes`` is cut and ends in `~` and 16 hex digits of
    /// the key's hash. Two keys may still differ only by letter case; ``fileNames(for:)`` makes
    /// a set of names unique on a case-insensitive file system.
    public var fileName: String {
        var name =
            "segment-"
            + zip(columns, values).map { Self.escaped($0) + "=" + Self.escaped($1) }
            .joined(separator: ",")
        if name.utf8.count > Self.maximumFileNameBytes {
            var cut = Array(name.utf8.prefix(Self.maximumFileNameBytes - 17))
            // Not inside a %XX escape.
            if let percent = cut.suffix(2).lastIndex(of: UInt8(ascii: "%")) { cut.removeSubrange(percent...) }
            name = String(decoding: cut, as: UTF8.self) + "~" + hashSuffix
        }
        return name
    }

    /// The longest ``fileName`` in bytes (file systems allow 255 with an extension).
    public static let maximumFileNameBytes = 200

    /// A file name per key, unique even where letter case does not count: a name that differs
    /// from another only by case gets the key's hash (`~` and 16 hex digits) appended.
    ///
    /// - Complexity: O(total size of the keys).
    public static func fileNames(for keys: [SegmentKey]) -> [SegmentKey: String] {
        var names: [SegmentKey: String] = [:]
        var byFolded: [String: Int] = [:]
        for key in keys { byFolded[key.fileName.lowercased(), default: 0] += 1 }
        for key in keys {
            let name = key.fileName
            names[key] = byFolded[name.lowercased()]! > 1 ? name + "~" + key.hashSuffix : name
        }
        return names
    }

    private var hashSuffix: String {
        var bytes: [UInt8] = []
        for (column, value) in zip(columns, values) {
            for text in [column, value] {
                let utf8 = Array(text.utf8)
                for shift in stride(from: 0, to: 64, by: 8) {
                    bytes.append(UInt8(truncatingIfNeeded: utf8.count >> shift))
                }
                bytes += utf8
            }
        }
        return String(_SHA512.hexDigest(bytes).prefix(16))
    }

    private static func escaped(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension DatasetProfile {
    /// The segment the profile describes (from ``segmentTags``), or `nil` for a whole dataset.
    public var segmentKey: SegmentKey? {
        segmentTags.flatMap(SegmentKey.init(tags:))
    }

    /// Marks the profile as the profile of one segment, as whylogs writes a segmented profile:
    /// the segment tags, the tags in the metadata (`whylogs.tag.<column>`), and the partition
    /// metadata (``SegmentKey/partitionMetadata``). Written with ``file``, whylogs reads it with
    /// its segment key.
    ///
    /// - Parameter key: the segment.
    public mutating func setSegment(_ key: SegmentKey) {
        segmentTags = key.tags
        for tag in key.tags { metadata[tag.key] = tag.value }
        metadata.merge(key.partitionMetadata) { _, new in new }
    }
}
