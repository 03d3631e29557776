import Foundation
import ProfileConstraints
import Profiles
import SketchbookTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `wine-server --constraints FILE`: the wine model's suite (models/wine-quality/constraints.yaml)
/// checked on every window, red traffic passing and white traffic failing.
@Suite(.serialized) struct WineServerConstraintsTests {
    static let suitePath = "models/wine-quality/constraints.yaml"
    static let prefix = "sketchbook.serverhook.constraints."

    @Test func theBundledSuiteReadsAndNamesItsDriftChecks() throws {
        let suite = try ConstraintSuite(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(Self.suitePath).path)
        #expect(suite.constraints.count >= 15)
        #expect(suite.needsReference)
        // Every entry but the drift checks is an error: the suite's layers 1 to 3.
        #expect(suite.constraints.filter { $0.severity == .warning }.allSatisfy { $0.check.factory == "no_drift" })
    }

    @Test(arguments: [("red", "pass"), ("white", "fail")])
    func redTrafficPassesTheSuiteAndWhiteTrafficFailsIt(color: String, verdict: String) async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory, extra: ["--constraints", Self.suitePath])
        let metricsBefore = try await server.request("GET", "/metrics").body
        // Every constraint's failure counter is there from the start, at 0.
        #expect(
            WineServerSupport.sample(
                metricsBefore,
                #"serverhook_constraint_failures_total{constraint="all features and the prediction present",severity="error"}"#
            ) == 0)
        for row in try WineServerSupport.rows(color, count: 80) {
            #expect(try await server.request("POST", "/predict", body: row).status == 200)
        }
        #expect(server.terminate() == 0)  // writes the open window
        let windows = try WineServerSupport.windows(in: directory)
        try #require(!windows.isEmpty)
        let rows = windows.reduce(0) { $0 + ($1.columns["alcohol_pct_vol"]?.counts?.n ?? 0) }
        #expect(rows == 80)
        // A window the 5-minute clock cut to a few rows can miss a mean; the largest cannot.
        let largest = try #require(
            windows.max { ($0.columns["ph"]?.counts?.n ?? 0) < ($1.columns["ph"]?.counts?.n ?? 0) })
        #expect(largest.metadata[Self.prefix + "verdict"].map { $0 == "fail" } == (verdict == "fail"), "\(color)")
        if verdict == "fail" {
            let results = try #require(largest.metadata[Self.prefix + "results"])
            for column in ["total_sulfur_dioxide", "residual_sugar"] {
                #expect(results.contains(#""column_name":"\#(column)""#), "\(results)")
            }
        } else {
            #expect(largest.metadata[Self.prefix + "failed"] == "0")
        }
    }

    @Test func anUnreadableSuiteStopsTheServerWithStatus2NamingTheEntry() throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let suite = "\(directory)/bad.yaml"
        try "constraints:\n  - {factory: is_in_range, column_name: ph, lower: eight, upper: 15}\n".write(
            toFile: suite, atomically: true, encoding: .utf8)
        let (status, message) = try WineServerSupport.runToExit([
            "--output-dir", "\(directory)/out", "--port", "0", "--constraints", suite,
        ])
        #expect(status == 2)
        #expect(message.contains("constraint suite"), "\(message)")
        #expect(message.contains("lower"), "\(message)")
    }

    @Test func aSuiteWithDriftChecksNeedsTheTrainingProfile() throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let (status, message) = try WineServerSupport.runToExit([
            "--output-dir", "\(directory)/out", "--port", "0", "--constraints", Self.suitePath,
            "--training-profile", "none",
        ])
        #expect(status == 2)
        #expect(message.contains("no_drift"), "\(message)")
    }
}
