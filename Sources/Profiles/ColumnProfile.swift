public import Sketches

/// The metrics of one column: whylogs' standard metrics, chosen by the column's resolved type, plus
/// any other components read from a file (kept verbatim).
///
/// A column made by logging gets the metric set of its ``ColumnType`` (spec §2.2) and keeps it:
/// later values of other kinds update whichever metrics the column has. A column read from a file
/// has the metrics the file holds; a standard namespace whose components are not exactly the
/// standard set is kept verbatim in ``otherComponents`` instead.
public struct ColumnProfile: Sendable {
    /// The type the column was resolved to when it was first logged; `nil` for a column read from a
    /// file or merged from columns of different types.
    public package(set) var columnType: ColumnType?
    /// `counts/*`.
    public var counts: CountsMetric?
    /// `types/*`.
    public var types: TypeCountersMetric?
    /// `distribution/*`.
    public var distribution: DistributionMetric?
    /// `ints/*` (integral columns).
    public var ints: IntsMetric?
    /// `cardinality/hll`.
    public var cardinality: CardinalityMetric?
    /// `frequent_items/frequent_strings` (integral and string columns).
    public var frequentItems: FrequentItemsMetric?
    /// Every other component by path (`image/ImagePixelWidth:ints/max`, `unicode_range/…`,
    /// `condition_count/…`), as read; written back unchanged unless merged.
    public var otherComponents: [String: MetricComponent]

    /// A column with no metrics.
    public init() {
        self.columnType = nil
        self.otherComponents = [:]
    }

    /// A column with whylogs' default metrics for a type (spec §2.2).
    ///
    /// - Parameters:
    ///   - type: the resolved type.
    ///   - coin: the compaction coin of the distribution sketch (`.system` by default; seed it for
    ///     reproducible sketch bytes beyond k values).
    public init(type: ColumnType, coin: KLLCompactionCoin = .system) {
        self.init()
        columnType = type
        counts = CountsMetric()
        types = TypeCountersMetric()
        switch type {
        case .integral:
            distribution = DistributionMetric(coin: coin)
            ints = IntsMetric()
            cardinality = CardinalityMetric()
            frequentItems = FrequentItemsMetric()
        case .fractional:
            distribution = DistributionMetric(coin: coin)
            cardinality = CardinalityMetric()
        case .string:
            distribution = DistributionMetric(coin: coin)
            cardinality = CardinalityMetric()
            frequentItems = FrequentItemsMetric()
        case .any:
            break
        }
    }

    /// The namespaces of the standard metrics present, in whylogs' resolver order.
    public var metricNamespaces: [String] {
        var names: [String] = []
        if counts != nil { names.append(CountsMetric.namespace) }
        if types != nil { names.append(TypeCountersMetric.namespace) }
        if distribution != nil { names.append(DistributionMetric.namespace) }
        if ints != nil { names.append(IntsMetric.namespace) }
        if cardinality != nil { names.append(CardinalityMetric.namespace) }
        if frequentItems != nil { names.append(FrequentItemsMetric.namespace) }
        return names
    }
}
