/// Python's `str` ordering: lexicographic by Unicode code point (not Swift's `String` ordering).
enum _CodePointOrder {
    /// Whether `a` sorts before `b` by code point.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// `strings` sorted by code point.
    static func sorted(_ strings: some Sequence<String>) -> [String] {
        strings.sorted(by: precedes)
    }
}
