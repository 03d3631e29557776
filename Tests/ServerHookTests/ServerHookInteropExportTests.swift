import Foundation
import Profiles
import SketchbookTestSupport
import Testing

@testable import ServerHook

/// Writes hook windows holding the model-metric fixtures' rows, recorded one prediction and one
/// feedback at a time, for `fixtures/whylogs/check_model_metrics_live.py` (whylogs 1.6.4 reads
/// them and compares them with what it logs from the same rows). Runs only when
/// `SKETCHBOOK_INTEROP_DIR` names a directory to write into: `NAME.window.bin.gz` there.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"] != nil))
struct ServerHookInteropExportTests {
    @Test(arguments: [
        "binary_int", "binary_int_scores", "binary_str_scores", "multiclass_int_scores", "multiclass_str",
        "multiclass_str_scores", "regression",
    ])
    func writeAWindowOfTheFixtureRows(name: String) throws {
        let output = try #require(ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"])
        let text = try String(
            contentsOf: Fixtures.url("whylogs/model_metrics/\(name).csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        for line in lines.dropFirst() {
            let fields = Dictionary(
                uniqueKeysWithValues: zip(
                    header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
            let id = PredictionID()
            if name == "regression" {
                let prediction = try #require(Double(fields["prediction"] ?? ""))
                let target = try #require(Double(fields["target"] ?? ""))
                hook.record(features: [:], prediction: prediction, predictionID: id)
                #expect(hook.recordFeedback(predictionID: id, actual: target) != .unknownPrediction)
                continue
            }
            func label(_ text: String?) throws -> ClassLabel {
                let text = try #require(text)
                return name.contains("_int") ? .integer(try #require(Int64(text))) : .string(text)
            }
            let score = fields["score"].flatMap(Double.init)
            hook.record(
                features: [:], predictedLabel: try label(fields["prediction"]), score: score, predictionID: id)
            let outcome = hook.recordFeedback(predictionID: id, actualLabel: try label(fields["target"]))
            guard case .joinedLabel = outcome else {
                Issue.record("\(name): \(outcome)")
                return
            }
        }
        hook.flushAll()
        let windows = HookTestSupport.allFiles(in: directory).filter { $0.hasSuffix(".bin.gz") }
        #expect(windows.count == 1, "\(name): \(windows)")
        let window = try #require(windows.first)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let target = "\(output)/\(name).window.bin.gz"
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: "\(directory)/\(window)", toPath: target)
    }
}
