extension DatasetProfile {
    /// The prefix of the metadata keys Sketchbook itself writes (`sketchbook.serverhook.records`,
    /// `sketchbook.serverhook.constraints.verdict`, …).
    ///
    /// A merge treats them by what they mean, where whylogs' rule (the other profile's value wins)
    /// would mislabel the result: see ``mergedMetadata(_:_:)``.
    public static let sketchbookMetadataPrefix = "sketchbook."

    /// The key of a window's record count, which a merge adds up.
    public static let recordCountMetadataKey = "sketchbook.serverhook.records"

    /// The prefix of the keys that record a constraint check of one profile, which a merge drops:
    /// the verdict on each window says nothing about their merge, whose check must be run again.
    public static let constraintCheckMetadataPrefix = "sketchbook.serverhook.constraints."

    /// The metadata of two merged profiles.
    ///
    /// Keys of other tools (whylogs' tags among them) follow whylogs: the union, the right side's
    /// value winning a clash. Sketchbook's own keys (``sketchbookMetadataPrefix``) are facts about
    /// one profile's data, so:
    /// - the record count (``recordCountMetadataKey``) is the sum when both sides carry a count, and
    ///   is dropped otherwise (a count of part of the data would be a wrong count of the whole);
    /// - a constraint check (``constraintCheckMetadataPrefix``) is dropped;
    /// - any other key is kept when both sides agree on its value and dropped when they differ or
    ///   one side lacks it (two windows' instances, a training role merged with production).
    ///
    /// - Parameters:
    ///   - left: the metadata of the profile merged into.
    ///   - right: the metadata of the profile merged in.
    /// - Returns: the merged metadata.
    /// - Complexity: O(keys of both).
    public static func mergedMetadata(_ left: [String: String], _ right: [String: String]) -> [String: String] {
        var result = left.filter { !$0.key.hasPrefix(sketchbookMetadataPrefix) }
        result.merge(right.filter { !$0.key.hasPrefix(sketchbookMetadataPrefix) }) { _, right in right }
        for (key, value) in left where key.hasPrefix(sketchbookMetadataPrefix) {
            guard let other = right[key], !key.hasPrefix(constraintCheckMetadataPrefix) else { continue }
            if key == recordCountMetadataKey {
                if let sum = Self.recordCountSum(value, other) { result[key] = sum }
            } else if value == other {
                result[key] = value
            }
        }
        return result
    }

    /// The sum of two decimal record counts, or `nil` when either is not one or the sum overflows.
    private static func recordCountSum(_ a: String, _ b: String) -> String? {
        func count(_ text: String) -> Int64? {
            guard !text.isEmpty, text.utf8.count <= 19,
                text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            return Int64(text)
        }
        guard let x = count(a), let y = count(b) else { return nil }
        let (sum, overflow) = x.addingReportingOverflow(y)
        return overflow ? nil : String(sum)
    }
}
