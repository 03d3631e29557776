import Profiles

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
        let (year, month, day) = CivilDate.date(daysSinceEpoch: CivilDate.floorDivide(startSeconds, 86_400))
        return "\(CivilDate.padded(year, 4))-\(CivilDate.padded(month, 2))-\(CivilDate.padded(day, 2))"
    }

    /// The file name inside the day folder.
    public var fileName: String {
        let seconds = startSeconds - CivilDate.floorDivide(startSeconds, 86_400) * 86_400
        let time = [seconds / 3600, seconds / 60 % 60, seconds % 60].map { CivilDate.padded($0, 2) }
            .joined(separator: "-")
        return "\(dayFolder)T\(time)Z-\(instance).bin.gz"
    }

    /// The folder of the window's segment files (``ServerHookConfiguration/segmentField``), next
    /// to the window file in the day folder: the file name with `.segments` for `.bin.gz`. Never
    /// a window file name, so tools listing window files skip it unless they walk into folders.
    public var segmentFolder: String {
        String(fileName.dropLast(".bin.gz".count)) + ".segments"
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
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        self.startSeconds = days * 86_400 + hour * 3600 + minute * 60 + second
        self.instance = String(decoding: instanceBytes, as: UTF8.self)
        guard self.fileName == fileName else { return nil }  // rejects 2026-02-31 and the like
    }
}
