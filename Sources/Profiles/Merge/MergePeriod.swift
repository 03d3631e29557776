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
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var text = "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
        if granularity == .hour {
            text += "T" + Self.padded(Int64(seconds % 86_400 / 3600), 2)
        }
        return text
    }

    public var description: String { name }

    public static func < (a: MergePeriod, b: MergePeriod) -> Bool {
        (a.startMilliseconds, a.granularity.milliseconds) < (b.startMilliseconds, b.granularity.milliseconds)
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (days-to-civil, with 400-year eras).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
