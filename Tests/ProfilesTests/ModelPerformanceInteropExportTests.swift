import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// Writes the files `fixtures/whylogs/check_model_metrics_live.py` has whylogs 1.6.4 read: for
/// every model-metrics fixture NAME, `NAME.logged.bin` (Sketchbook logged the fixture's rows),
/// `NAME.merged.bin` (two halves logged and merged) and `NAME.rewritten.bin` (whylogs' file read
/// and written by Sketchbook).
///
/// Runs only when `SKETCHBOOK_INTEROP_DIR` names a directory to write into.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"] != nil))
struct ModelPerformanceInteropExportTests {
    @Test func writeModelMetricProfiles() throws {
        let directory = URL(
            fileURLWithPath: try #require(ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"]))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ModelPerformanceFixtures.all {
            let rows = try ModelPerformanceFixtures.rows(name)
            try ModelPerformanceFixtures.logged(name, rows: rows).file
                .write(to: directory.appendingPathComponent("\(name).logged.bin").path)
            let half = rows.count / 2
            var merged = try ModelPerformanceFixtures.logged(name, rows: rows.slice(0..<half))
            merged.merge(try ModelPerformanceFixtures.logged(name, rows: rows.slice(half..<rows.count)))
            try merged.file.write(to: directory.appendingPathComponent("\(name).merged.bin").path)
            try ProfileFile(contentsOf: ModelPerformanceFixtures.path(name))
                .write(to: directory.appendingPathComponent("\(name).rewritten.bin").path)
        }
    }
}
