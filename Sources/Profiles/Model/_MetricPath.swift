/// Component path helpers (spec §2.1): `<namespace>/<component>` and, for multimetrics,
/// `<namespace>/<submetric>:<inner namespace>/<component>`.
enum _MetricPath {
    /// The metric prefix of a path: everything before the last `/` (`"counts"`,
    /// `"unicode_range/digits:distribution"`), and the component name after it.
    static func split(_ path: String) -> (prefix: String, component: String)? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// The metric name of a prefix: the inner namespace after the last `:` of a multimetric
    /// prefix, else the prefix itself.
    static func metricName(ofPrefix prefix: String) -> Substring {
        if let colon = prefix.lastIndex(of: ":") { return prefix[prefix.index(after: colon)...] }
        return prefix[...]
    }

    /// Python's string order: by Unicode scalar values.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
