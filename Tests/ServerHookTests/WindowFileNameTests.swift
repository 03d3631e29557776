import Testing

@testable import ServerHook

@Suite struct WindowFileNameTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01/1970-01-01T00-00-00Z-a.bin.gz"),
        (Int64(1_796_169_600 + 300), "2026-12-02/2026-12-02T00-05-00Z-a.bin.gz"),
        (Int64(951_782_400 + 86_399), "2000-02-29/2000-02-29T23-59-59Z-a.bin.gz"),
        (Int64(4_107_542_400), "2100-03-01/2100-03-01T00-00-00Z-a.bin.gz"),
    ])
    func namesAreUTCDayFoldersAndStartTimes(start: Int64, expected: String) {
        let name = WindowFileName(startSeconds: start, instance: "a")
        #expect(name.relativePath == expected)
        #expect(WindowFileName(fileName: name.fileName) == name)
    }

    @Test func everySecondOfFourYearsRoundTrips() {
        var start: Int64 = 1_700_000_000
        while start < 1_700_000_000 + 4 * 366 * 86_400 {
            let name = WindowFileName(startSeconds: start, instance: "pod-7")
            #expect(WindowFileName(fileName: name.fileName) == name, "start \(start)")
            start += 3_607  // steps through every hour, minute and second value
        }
    }

    @Test(arguments: [
        ".2026-12-02T00-05-00Z-a.bin.gz.tmp-12-3",  // temporary
        "2026-12-02T00-05-00Z-a.checkpoint",  // checkpoint
        "2026-12-02T00-05-00Z-a.bin.gz.corrupt",
        "2026-02-31T00-05-00Z-a.bin.gz",  // no such day
        "2026-12-02T24-00-00Z-a.bin.gz",
        "2026-12-02T00-05-00Z-.bin.gz",  // no instance
        "2026-12-02T00-05-00Z-a/b.bin.gz",
        "notes.txt",
    ])
    func otherFilesAreNotWindows(fileName: String) {
        #expect(WindowFileName(fileName: fileName) == nil)
    }
}
