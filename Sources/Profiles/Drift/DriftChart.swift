/// What a report draws for a column: overlaid CDFs for numbers, paired bars for categories.
public enum DriftChart: Sendable, Hashable {
    /// Both CDFs at the same x values (from the KLL sketches): `reference[i]` and `target[i]` are
    /// the fractions of values ≤ `x[i]`.
    case cdf(x: [Double], reference: [Double], target: [Double])
    /// Category shares (frequent items plus "other", the largest first, at most 20 bars).
    case categories([CategoryShare])

    /// One bar pair.
    public struct CategoryShare: Sendable, Hashable {
        /// The category (`"(other)"` for everything else).
        public var category: String
        /// Its share of the reference's non-null values.
        public var reference: Double
        /// Its share of the target's non-null values.
        public var target: Double

        /// A bar pair.
        public init(category: String, reference: Double, target: Double) {
            self.category = category
            self.reference = reference
            self.target = target
        }
    }
}
