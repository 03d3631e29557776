public import Profiles

/// A segment of the data: the segment tags of whylogs segmented profiles (key
/// `whylogs.tag.<column>`, value), in the file's order.
public struct MonitorSegment: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// One tag: key and value.
    public struct Tag: Sendable, Hashable, Codable {
        /// The tag key, as in the file (`whylogs.tag.<column>`).
        public var key: String
        /// The tag value.
        public var value: String

        /// Creates a tag.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The tags.
    public var tags: [Tag]

    /// Creates a segment from its tags.
    public init(tags: [Tag]) { self.tags = tags }

    /// The segment of a profile's segment tags.
    public init(_ tags: [ProfileFile.SegmentTag]) {
        self.tags = tags.map { Tag(key: $0.key, value: $0.value) }
    }

    /// `column=value` pairs joined by `,`, the `whylogs.tag.` prefix dropped (raw text: escape it
    /// for the output at hand).
    public var name: String {
        tags.map { tag in
            let key =
                tag.key.hasPrefix(DatasetProfile.tagPrefix)
                ? String(tag.key.dropFirst(DatasetProfile.tagPrefix.count)) : tag.key
            return key + "=" + tag.value
        }
        .joined(separator: ",")
    }

    /// The ``name``.
    public var description: String { name }

    /// Orders by tags, key then value, as Unicode scalars.
    public static func < (lhs: MonitorSegment, rhs: MonitorSegment) -> Bool {
        for (a, b) in zip(lhs.tags, rhs.tags) {
            if a.key != b.key { return a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars) }
            if a.value != b.value { return a.value.unicodeScalars.lexicographicallyPrecedes(b.value.unicodeScalars) }
        }
        return lhs.tags.count < rhs.tags.count
    }
}
