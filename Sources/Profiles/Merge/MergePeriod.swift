/// A UTC calendar period (an hour or a day) that groups profiles by dataset timestamp.
///
/// Periods start on the UTC grid: a day at 00:00 UTC, an hour on the hour. A profile belongs to the
/// period that contains its dataset timestamp; a profile with no timestamp (0) falls in the first
/// period of 1970.
public struct MergePeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length of a period.
    public enum Granularity: String, Sendable, Hashable, CaseIterable {
        /// One UTC hour.
        case hour
        /// One UTC day.
        case day

        /// The period length in milliseconds.
        public var milliseconds: UInt64 {
            switch self {
            case .hour: 3_600_000
            case .day: 86_400_000
            }
        }
    }

    /// The period length.
    public var granularity: Granularity
    /// The first instant of the period: Unix epoch milliseconds, UTC.
    public var startMilliseconds: UInt64

    /// The period of the given length that contains a timestamp.
    ///
    /// - Parameters:
    ///   - granularity: the period length.
    ///   - timestampMilliseconds: a Unix epoch timestamp in milliseconds.
    public init(_ granularity: Granularity, containing timestampMilliseconds: UInt64) {
        self.granularity = granularity
        self.startMilliseconds = timestampMilliseconds - timestampMilliseconds % granularity.milliseconds
    }

    /// The period's name: `2026-11-25` for a day, `2026-11-25T13` for an hour (UTC, ISO 8601
    /// order, so names sort as periods do for years 1970–9999).
    public var name: String {
        let seconds = startMilliseconds / 1000
        let days = Int64(seconds / 86_400)
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        var text = "\(CivilDate.padded(year, 4))-\(CivilDate.padded(month, 2))-\(CivilDate.padded(day, 2))"
        if granularity == .hour {
            text += "T" + CivilDate.padded(Int64(seconds % 86_400 / 3600), 2)
        }
        return text
    }

    /// The period's ``name``.
    public var description: String { name }

    /// Orders periods by start, then by length (an hour before the day that starts with it).
    public static func < (a: MergePeriod, b: MergePeriod) -> Bool {
        (a.startMilliseconds, a.granularity.milliseconds) < (b.startMilliseconds, b.granularity.milliseconds)
    }
}
