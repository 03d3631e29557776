import Foundation
import Profiles
import SketchbookTestSupport
import Testing

enum WineServerSupport {
    static var executable: URL { Fixtures.productsDirectory.appendingPathComponent("wine-server") }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wine-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func start(outputDirectory: String, instance: String = "e2e", extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(
            executable: executable,
            arguments: [
                "--output-dir", outputDirectory, "--instance", instance, "--checkpoint-seconds", "1",
                "--log-level", "warning",
            ] + extra)
    }

    /// Red (or white) wine rows as /predict bodies, from the bundled UCI data.
    static func rows(_ color: String, count: Int) throws -> [String] {
        let text = try String(contentsOf: Fixtures.url("wine-quality/winequality-\(color).csv"), encoding: .utf8)
        let names = [
            "fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides",
            "free_sulfur_dioxide", "total_sulfur_dioxide", "density", "ph", "sulphates", "alcohol_pct_vol",
        ]
        return text.split(separator: "\n").dropFirst().prefix(count).map { line in
            let fields = line.split(separator: ";")
            return "{" + zip(names, fields).map { #""\#($0)":\#($1)"# }.joined(separator: ",") + "}"
        }
    }

    /// Replaces one field's value by the string "bad data", as the load test does.
    static func withBadField(_ body: String, field: String) -> String {
        let pattern = #""\#(field)":"#
        guard let range = body.range(of: pattern) else { return body }
        let valueEnd = body[range.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" })!
        return body.replacingCharacters(in: range.upperBound..<valueEnd, with: #""bad data""#)
    }

    /// The window files under `directory`, decoded (every one must decode).
    static func windows(in directory: String) throws -> [DatasetProfile] {
        var result: [DatasetProfile] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".bin.gz") else { continue }
            result.append(try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/\(relative)")))
        }
        return result
    }

    /// All files under `directory`, hidden ones included.
    static func files(in directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\($0)", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    /// The predictions recorded in the windows: `counts/n` of one feature.
    static func predictionCount(in directory: String) throws -> Int64 {
        try windows(in: directory).reduce(0) { $0 + ($1.columns["alcohol_pct_vol"]?.counts?.n ?? 0) }
    }

    /// The value of one sample line of a Prometheus exposition.
    static func sample(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
