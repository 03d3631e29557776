import Foundation
import Profiles
import SketchbookTestSupport
import Testing
import WineQuality

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `POST /classify` and its feedback, end to end: the answers, the hostile feedback bodies, the
/// gauges, and the window file's confusion matrix.
@Suite(.serialized) struct WineServerClassifyTests {
    /// Red-wine rows as `/classify` bodies with whether each is good (quality ≥ 7).
    static func rowsWithTruth(count: Int) throws -> [(body: String, good: Bool)] {
        let bodies = try WineServerSupport.rows("red", count: count)
        let text = try String(contentsOf: Fixtures.url("wine-quality/winequality-red.csv"), encoding: .utf8)
        let qualities = text.split(separator: "\n").dropFirst().prefix(count).map {
            Double($0.split(separator: ";").last ?? "") ?? .nan
        }
        return zip(bodies, qualities).map { ($0, WineClassifier.isGood(quality: $1)) }
    }

    /// The number after `"name":` in a JSON text, parsed by `Double(_:)` (exact).
    static func number(_ name: String, in json: String) -> Double? {
        guard let range = json.range(of: "\"\(name)\":") else { return nil }
        let rest = json[range.upperBound...]
        return Double(rest.prefix { "0123456789.eE+-".contains($0) })
    }

    @Test func classificationsAndTheirFeedbackReachTheWindowsConfusionMatrixAndTheGauges() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        // One window a day: the open window's gauges hold every row unless the test spans midnight.
        let server = try WineServerSupport.start(outputDirectory: directory, extra: ["--window-seconds", "86400"])
        let classifier = try WineClassifier.load(
            path: Fixtures.repositoryRoot.appendingPathComponent("models/wine-quality/classifier.json").path)
        // Rows with good wines among them (the first good red is row 8).
        let rows = try Self.rowsWithTruth(count: 120)
        #expect(rows.contains { $0.good })
        var counts: [[Int]] = [[0, 0], [0, 0]]  // [predicted][true], 0 other, 1 good
        var ids: [String] = []
        for (body, good) in rows {
            let response = try await server.request("POST", "/classify", body: body)
            #expect(response.status == 200, "\(response.body)")
            let predicted = try #require(response.json["good"] as? Bool, "\(response.body)")
            // Parsed from the text: JSONSerialization may round the last digit.
            let score = try #require(Self.number("score", in: response.body), "\(response.body)")
            let id = try #require(response.json["prediction_id"] as? String)
            #expect(id.count == 32)
            let values = try PredictionRequest.decodeJSON(Array(body.utf8)).values
            #expect(score == classifier.probability(values))
            #expect(predicted == (score >= classifier.threshold))
            counts[predicted ? 1 : 0][good ? 1 : 0] += 1
            ids.append(id)
        }
        // A /classify prediction takes "good", not "quality"; it is still held after the refusal.
        let mismatched = try await server.request(
            "POST", "/feedback", body: #"{"prediction_id":"\#(ids[0])","quality":5}"#)
        #expect(mismatched.status == 409, "\(mismatched.body)")
        for (index, (id, row)) in zip(ids, rows).enumerated() {
            // Booleans and 0/1 alike.
            let truth = index % 2 == 0 ? "\(row.good)" : (row.good ? "1" : "0")
            let response = try await server.request(
                "POST", "/feedback", body: #"{"prediction_id":"\#(id)","good":\#(truth)}"#)
            #expect(response.status == 200, "\(response.body)")
            #expect(response.json["correct"] as? Bool == ((response.json["predicted_good"] as? Bool) == row.good))
        }
        let hostile = [
            #"{"prediction_id":"\#(ids[0])","good":true}"#,  // already joined: 404
            #"{"prediction_id":"\#(ids[1])","good":2}"#,
            #"{"prediction_id":"\#(ids[1])","good":"yes"}"#,
            #"{"prediction_id":"\#(ids[1])","good":null}"#,
            #"{"prediction_id":"\#(ids[1])","good":true,"quality":7}"#,
            #"{"prediction_id":"zz","good":true}"#,
            #"{"good":true}"#,
        ]
        let statuses = try await hostile.asyncMap { try await server.request("POST", "/feedback", body: $0).status }
        #expect(statuses == [404, 422, 422, 422, 422, 422, 422])
        #expect(try await server.request("POST", "/classify", body: "[1]").status == 422)

        let total = Double(rows.count)
        let accuracy = Double(counts[0][0] + counts[1][1]) / total
        // The gauges are set by the flusher, once a second.
        var metrics = ""
        for _ in 0..<50 {
            metrics = try await server.request("GET", "/metrics").body
            if WineServerSupport.sample(metrics, #"serverhook_window_feedback{kind="classification"}"#) == total {
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(WineServerSupport.sample(metrics, "serverhook_window_accuracy") == accuracy)
        #expect(WineServerSupport.sample(metrics, #"serverhook_window_feedback{kind="classification"}"#) == total)
        #expect(WineServerSupport.sample(metrics, #"serverhook_feedback_total{result="mismatched"}"#) == 1)
        #expect(server.terminate() == 0)

        let windows = try WineServerSupport.windows(in: directory)
        var matrix: ConfusionMatrix?
        for window in windows {
            guard let part = window.modelPerformance?.confusionMatrix else { continue }
            if matrix == nil { matrix = part } else { matrix?.merge(part) }
        }
        let merged = try #require(matrix)
        for (predicted, row) in counts.enumerated() {
            for (truth, count) in row.enumerated() {
                #expect(merged.count(prediction: String(predicted), target: String(truth)) == count)
            }
        }
        // /classify logs its label and score, not the features (those are /predict's).
        #expect(windows.reduce(0) { $0 + ($1.columns["predicted_good"]?.counts?.n ?? 0) } == rows.count)
        #expect(windows.reduce(0) { $0 + ($1.columns["predicted_good_probability"]?.counts?.n ?? 0) } == rows.count)
        #expect(try WineServerSupport.predictionCount(in: directory) == 0)
    }

    @Test func withoutAClassifierThereIsNoClassifyRoute() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory, extra: ["--classifier", "none"])
        let row = try #require(try WineServerSupport.rows("red", count: 1).first)
        #expect(try await server.request("POST", "/classify", body: row).status == 404)
        #expect(try await server.request("POST", "/predict", body: row).status == 200)
        #expect(server.terminate() == 0)
    }

    @Test func anUnreadableClassifierFileStopsTheServerAtStart() throws {
        let (status, message) = try WineServerSupport.runToExit(["--classifier", "/nonexistent/classifier.json"])
        #expect(status == 2)
        #expect(message.contains("classifier"), "\(message)")
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
