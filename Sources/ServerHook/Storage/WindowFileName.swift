/// The name of a closed window's file: `<yyyy-mm-dd>/<yyyy-mm-dd>T<HH-MM-SS>Z-<instance>.bin.gz`,
/// relative to the hook's directory, with the window's start in UTC.
///
/// Hyphens replace the colons of ISO 8601 so that the name is portable; names sort by time.
public struct WindowFileName: Sendable, Hashable {
    /// The window start, in seconds since the Unix epoch.
    public var startSeconds: Int64
    /// The instance that wrote it.
    public var instance: String

    /// A name.
    public init(startSeconds: Int64, instance: String) {
        self.startSeconds = startSeconds
        self.instance = instance
    }

    /// The day folder, `yyyy-mm-dd`.
    public var dayFolder: String {
        let (year, month, day) = Self.civilDate(daysSinceEpoch: Self.floorDivide(startSeconds, 86_400))
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// The file name inside the day folder.
    public var fileName: String {
        let seconds = startSeconds - Self.floorDivide(startSeconds, 86_400) * 86_400
        let time = "\(Self.pad(seconds / 3600, 2))-\(Self.pad(seconds / 60 % 60, 2))-\(Self.pad(seconds % 60, 2))"
        return "\(dayFolder)T\(time)Z-\(instance).bin.gz"
    }

    /// The path relative to the hook's directory.
    public var relativePath: String { "\(dayFolder)/\(fileName)" }

    /// Parses a file name made by ``fileName``.
    ///
    /// - Parameter fileName: a file name, without folders.
    /// - Returns: the name, or `nil` if `fileName` is not a window file name (temporary files,
    ///   checkpoints and anything else are not).
    public init?(fileName: String) {
        let bytes = Array(fileName.utf8)
        let suffix = Array(".bin.gz".utf8)
        // yyyy-mm-ddTHH-MM-SSZ- = 21 bytes, then at least one instance byte.
        guard bytes.count > 21 + suffix.count, bytes.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let separators: [(Int, UInt8)] = [
            (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: "-")),
            (16, UInt8(ascii: "-")), (19, UInt8(ascii: "Z")), (20, UInt8(ascii: "-")),
        ]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let instanceBytes = bytes[21..<(bytes.count - suffix.count)]
        guard instanceBytes.allSatisfy(ServerHookConfiguration.isFileNameByte) else { return nil }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        self.startSeconds = days * 86_400 + hour * 3600 + minute * 60 + second
        self.instance = String(decoding: instanceBytes, as: UTF8.self)
        guard self.fileName == fileName else { return nil }  // rejects 2026-02-31 and the like
    }

    // MARK: - Civil dates (proleptic Gregorian, days since 1970-01-01)

    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
