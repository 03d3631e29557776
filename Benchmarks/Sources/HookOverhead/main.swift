// The per-request cost of ServerHook.record: the 11 wine features and the prediction (12 values)
// on one thread, into a real hook (5-minute windows, files in a temporary directory).
//
// Run: swift run -c release --package-path Benchmarks HookOverhead [records-per-run] [runs]
// Prints the median over runs of nanoseconds per record, for each variant, then the same for
// recordFeedback (a classification and a regression; see measureFeedback). Records by position are
// queued and logged by the flusher: here the loop itself calls flushDueWindows() every 10,000
// records, so the figure is the whole CPU cost of a record (queueing + logging), on one thread.
// The segmented variants (issue 17) give each record a region of three and compare the hook
// segmenting by it (segmentField "region") with the same records unsegmented, in alternating runs;
// `HookOverhead N R segments` runs only those.

import Foundation
import Profiles
import ServerHook

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let recordsPerRun = arguments.first ?? 1_000_000
let runs = arguments.dropFirst().first ?? 7
let onlySegments = CommandLine.arguments.contains("segments")

let rows: [[Double]] = {
    let path = "fixtures/wine-quality/winequality-red.csv"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fatalError("run from the repository root: \(path) not found")
    }
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ";").map { Double($0)! } }
}()
let names = [
    "fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides", "free_sulfur_dioxide",
    "total_sulfur_dioxide", "density", "ph", "sulphates", "alcohol_pct_vol",
]
// The features as a handler hands them over (built outside the timed loop, as the request decoder
// builds them before the hook sees them).
let featureRows: [[String: FeatureValue]] = rows.map { row in
    Dictionary(uniqueKeysWithValues: zip(names, row.prefix(11).map(FeatureValue.double)))
}

/// Runs `body` `recordsPerRun` times on a fresh hook, `runs` times; returns the nanoseconds per
/// record of each run.
func timeRuns(
    _ count: Int = runs, flushEvery: Int = 10_000, timeFlushes: Bool = true, segmentField: String? = nil,
    _ body: (ServerHook, Int) -> Void
) -> [Double] {
    var perRecord: [Double] = []
    for _ in 0..<count {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hook-bench-\(UUID())").path
        var configuration = ServerHookConfiguration(directory: directory, instance: "bench")
        configuration.segmentField = segmentField
        let hook = try! ServerHook(configuration: configuration)
        for index in 0..<10_000 { body(hook, index) }  // warm up: columns exist, sketches grown
        hook.flushDueWindows()
        var elapsed = Duration.zero
        var index = 0
        while index < recordsPerRun {
            let start = ContinuousClock.now
            for _ in 0..<flushEvery {
                body(hook, index)
                index += 1
            }
            if timeFlushes {
                hook.flushDueWindows()
                elapsed += start.duration(to: .now)
            } else {
                elapsed += start.duration(to: .now)
                hook.flushDueWindows()
            }
        }
        perRecord.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
        try? FileManager.default.removeItem(atPath: directory)
    }
    return perRecord.map { $0 / Double(recordsPerRun) }
}

func report(_ label: String, _ perRecord: [Double]) {
    let sorted = perRecord.sorted()
    let median = sorted[sorted.count / 2]
    print(
        label.padding(toLength: 44, withPad: " ", startingAt: 0),
        String(
            format: "%7.1f ns/record  (min %.1f, max %.1f; %d runs of %d)", median, sorted.first!, sorted.last!, runs,
            recordsPerRun))
}

func measure(
    _ label: String, flushEvery: Int = 10_000, timeFlushes: Bool = true, segmentField: String? = nil,
    _ body: (ServerHook, Int) -> Void
) {
    report(label, timeRuns(flushEvery: flushEvery, timeFlushes: timeFlushes, segmentField: segmentField, body))
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The same records with and without segmentation, one run of each in turn (the machine's speed
/// drifts: alternating keeps the two comparable), and the ratio of the medians.
func compareSegmented(_ label: String, timeFlushes: Bool = true, _ body: (ServerHook, Int) -> Void) {
    var off: [Double] = []
    var on: [Double] = []
    for _ in 0..<runs {
        off += timeRuns(1, timeFlushes: timeFlushes, segmentField: nil, body)
        on += timeRuns(1, timeFlushes: timeFlushes, segmentField: "region", body)
    }
    report(label + ", off", off)
    report(label + ", on", on)
    print(String(format: "  ratio of medians segmented/unsegmented: %.2f", median(on) / median(off)))
}

let regions = ["eu-west", "us-east", "ap-south"]
let segmentSchema = FeatureSchema(names)
let segmentValueRows: [[Double]] = rows.map { Array($0.prefix(11)) }
let regionValues: [FeatureValue] = regions.map(FeatureValue.string)
let featureRowsWithRegion: [[String: FeatureValue]] = featureRows.enumerated().map { index, row in
    var row = row
    row["region"] = .string(regions[index % regions.count])
    return row
}

if onlySegments {
    print("ServerHook.record segmented by region (3 values) or not, one thread, alternating runs")
    compareSegmented("by position + region") { hook, index in
        let row = segmentValueRows[index % segmentValueRows.count]
        hook.record(row, schema: segmentSchema, prediction: row[10] / 2, segmentValue: regionValues[index % 3])
    }
    compareSegmented("  request path only", timeFlushes: false) { hook, index in
        let row = segmentValueRows[index % segmentValueRows.count]
        hook.record(row, schema: segmentSchema, prediction: row[10] / 2, segmentValue: regionValues[index % 3])
    }
    compareSegmented("by name, features + region") { hook, index in
        hook.record(features: featureRowsWithRegion[index % featureRowsWithRegion.count], prediction: 5.5)
    }
    exit(0)
}

print("ServerHook.record, one thread, 11 features + prediction (12 values)")
measure("record(features:prediction:)") { hook, index in
    let row = featureRows[index % featureRows.count]
    hook.record(
        features: row, prediction: row["alcohol_pct_vol"].map { if case .double(let v) = $0 { v / 2 } else { 0 } })
}
let schema = FeatureSchema(names)
let valueRows: [[Double]] = rows.map { Array($0.prefix(11)) }
measure("record(_:schema:prediction:) (by position)") { hook, index in
    let row = valueRows[index % valueRows.count]
    hook.record(row, schema: schema, prediction: row[10] / 2)
}
measure("  request path only (queueing; flushes untimed)", timeFlushes: false) { hook, index in
    let row = valueRows[index % valueRows.count]
    hook.record(row, schema: schema, prediction: row[10] / 2)
}
// Fresh identifiers, as every request gets one (made outside the timed loop: the handler makes it).
let ids = (0..<(recordsPerRun + 10_000)).map { _ in PredictionID() }
measure("record(_:schema:...) + prediction id (wine-server)") { hook, index in
    let row = valueRows[index % valueRows.count]
    hook.record(row, schema: schema, prediction: 5.5, predictionID: ids[index])
}

// Feedback on the request path (issue 16: under 1 µs): the prediction-store take and the add to
// the window, for a classification (confusion-matrix cell: two label look-ups and a sketch
// update) and a regression (four sums). The predictions are recorded untimed first (each
// feedback joins a different one, as in production); only the recordFeedback calls are timed.
func measureFeedback(_ label: String, classification: Bool) {
    let batch = min(recordsPerRun, 200_000)
    var perCall: [Double] = []
    // Thread CPU time too: on a shared machine the wall clock also counts time other processes
    // held the core.
    var cpuPerCall: [Double] = []
    func threadCPUNanoseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }
    for _ in 0..<runs {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hook-bench-\(UUID())").path
        var configuration = ServerHookConfiguration(directory: directory, instance: "bench")
        configuration.feedbackCapacity = 2 * batch
        let hook = try! ServerHook(configuration: configuration)
        var elapsed = Duration.zero
        var cpu = 0.0
        var done = 0
        var round = 0
        while done < recordsPerRun {
            let count = min(batch, recordsPerRun - done)
            let ids = (0..<count).map { _ in PredictionID() }
            for (index, id) in ids.enumerated() {
                if classification {
                    hook.record(
                        features: [:], predictedLabel: .integer(Int64(index % 2)), score: Double(index % 100) / 100,
                        predictionID: id)
                } else {
                    hook.record(features: [:], prediction: Double(index % 10), predictionID: id)
                }
            }
            let start = ContinuousClock.now
            let cpuStart = threadCPUNanoseconds()
            if classification {
                for (index, id) in ids.enumerated() {
                    _ = hook.recordFeedback(predictionID: id, actualLabel: .integer(Int64((index / 3) % 2)))
                }
            } else {
                for (index, id) in ids.enumerated() {
                    _ = hook.recordFeedback(predictionID: id, actual: Double(index % 7))
                }
            }
            // The first batch warms up (labels, cells and columns made) and is not counted.
            if round > 0 {
                elapsed += start.duration(to: .now)
                cpu += threadCPUNanoseconds() - cpuStart
                done += count
            }
            round += 1
            hook.flushDueWindows()
        }
        perCall.append(
            (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
                / Double(recordsPerRun))
        cpuPerCall.append(cpu / Double(recordsPerRun))
        try? FileManager.default.removeItem(atPath: directory)
    }
    let sorted = perCall.sorted()
    let cpuSorted = cpuPerCall.sorted()
    print(
        label.padding(toLength: 44, withPad: " ", startingAt: 0),
        String(
            format: "%7.1f ns/call    (min %.1f, max %.1f; thread CPU median %.1f; %d runs of %d)",
            sorted[sorted.count / 2], sorted.first!, sorted.last!, cpuSorted[cpuSorted.count / 2], runs,
            recordsPerRun))
}

print("ServerHook.recordFeedback, one thread (store take + window add)")
measureFeedback("recordFeedback(predictionID:actualLabel:)", classification: true)
measureFeedback("recordFeedback(predictionID:actual:)", classification: false)
