/// What one finding looked at.
public enum MonitorAnalysis: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Drift of a column against the baseline (``MonitorBaseline``), by the drift engine.
    case drift
    /// A scalar series against its trailing band.
    case band(MonitorMetric)
    /// One constraint of the suite, by its name.
    case constraint(String)
    /// A column present in this period but not in the series' previous period.
    case columnAppeared
    /// A column present in the series' previous period but not in this one.
    case columnDisappeared

    /// The analysis as JSON and Prometheus name it: `drift`, `band:mean`, `constraint:<name>`,
    /// `column_appeared`, `column_disappeared`.
    public var name: String {
        switch self {
        case .drift: "drift"
        case .band(let metric): "band:" + metric.rawValue
        case .constraint(let name): "constraint:" + name
        case .columnAppeared: "column_appeared"
        case .columnDisappeared: "column_disappeared"
        }
    }

    /// The analysis named by ``name``, or `nil`.
    public init?(name: String) {
        switch name {
        case "drift": self = .drift
        case "column_appeared": self = .columnAppeared
        case "column_disappeared": self = .columnDisappeared
        default:
            if name.hasPrefix("band:"), let metric = MonitorMetric(rawValue: String(name.dropFirst(5))) {
                self = .band(metric)
            } else if name.hasPrefix("constraint:") {
                self = .constraint(String(name.dropFirst(11)))
            } else {
                return nil
            }
        }
    }

    /// The ``name``.
    public var description: String { name }

    /// Orders by ``name``.
    public static func < (lhs: MonitorAnalysis, rhs: MonitorAnalysis) -> Bool { lhs.name < rhs.name }

    /// Decodes the ``name``.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let analysis = MonitorAnalysis(name: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown analysis '\(text)'"))
        }
        self = analysis
    }

    /// Encodes the ``name``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
