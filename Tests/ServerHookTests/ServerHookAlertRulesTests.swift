import Foundation
import SketchbookTestSupport
import Testing

@testable import ServerHook

/// `deploy/prometheus/alerts.yml` and the Grafana dashboard query only metrics the hook exports
/// (promtool checks the rules' syntax; this checks their names, which promtool cannot).
@Suite struct ServerHookAlertRulesTests {
    static let exported = Set(ServerHookMetrics.definitions().map(\.label))

    /// The `serverhook_*` names in `text`, less the `_bucket`, `_sum` and `_count` of histograms.
    static func metricNames(in text: String) -> Set<String> {
        let pattern = /serverhook_[a-z0-9_]+/
        var names = Set<String>()
        for match in text.matches(of: pattern) {
            var name = String(match.output)
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let family = String(name.dropLast(suffix.count))
                if exported.contains(family) { name = family }
            }
            names.insert(name)
        }
        return names
    }

    @Test(arguments: ["deploy/prometheus/alerts.yml", "deploy/grafana/wine-server-dashboard.json"])
    func everyMetricNamedIsOneTheHookExports(path: String) throws {
        let text = try String(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        let names = Self.metricNames(in: text)
        #expect(!names.isEmpty)
        #expect(names.subtracting(Self.exported).isEmpty, "\(path) names unknown metrics")
    }

    @Test func theRulesCoverConstraintsDriftAndTheHooksHealth() throws {
        let text = try String(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("deploy/prometheus/alerts.yml"),
            encoding: .utf8)
        let names = Self.metricNames(in: text)
        for required in [
            "serverhook_constraint_failures_total", "serverhook_feature_drift", "serverhook_windows_written_total",
            "serverhook_write_failures_total", "serverhook_records_dropped_total", "serverhook_pending_windows",
        ] {
            #expect(names.contains(required), "no rule on \(required)")
        }
        let alerts = text.split(separator: "\n").filter { $0.contains("- alert:") }
        let expressions = text.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("expr:")
        }
        #expect(alerts.count == expressions.count && alerts.count >= 8)
        // prometheus.yml loads them.
        let config = try String(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("deploy/prometheus.yml"), encoding: .utf8)
        #expect(config.contains("- prometheus/alerts.yml"))
    }
}
