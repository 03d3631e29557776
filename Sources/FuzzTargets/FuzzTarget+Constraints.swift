import ProfileConstraints
import Profiles
import Sketches

extension FuzzTarget {
    /// Limits small enough that a hostile suite is refused quickly under instrumentation.
    private static let suiteLimits = ConstraintSuiteLimits(
        maxBytes: 1 << 20, maxEntries: 10_000, maxListItems: 10_000, maxValues: 200_000, maxDepth: 32)

    /// A small profile every suite is checked on: numbers, strings, integers, condition counts.
    private static let suiteProfile: DatasetProfile = {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.compactionCoin = .alternating
        profile.log(column: "alcohol", doubles: [8.5, 9.1, 14.2, -1])
        profile.log(column: "color", strings: ["red", "white", nil, "red"])
        profile.log(column: "quality", ints: [3, 5, 5, 8])
        profile.columns["quality"]?.otherComponents["condition_count/total"] = MetricComponent(.integer(4))
        profile.columns["quality"]?.otherComponents["condition_count/positive"] = MetricComponent(.integer(4))
        return profile
    }()

    /// Reads the bytes as a constraint suite (YAML or JSON by the first character); an accepted
    /// suite must write back to YAML and JSON that read to an equal suite, and give one result per
    /// constraint on a profile, checked against itself as the reference.
    static func readConstraintSuite(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let suite = try? ConstraintSuite(text: bytes, limits: suiteLimits) else { return }
        do {
            let yaml = try ConstraintSuite(yaml: suite.yaml(), limits: .default)
            guard yaml == suite else { throw FuzzFailure(.constraintSuite, "the YAML written reads to another suite") }
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            throw FuzzFailure(.constraintSuite, "the YAML written does not read back: \(error)")
        }
        do {
            let json = try ConstraintSuite(json: Array(suite.json().utf8), limits: .default)
            guard json == suite else { throw FuzzFailure(.constraintSuite, "the JSON written reads to another suite") }
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            throw FuzzFailure(.constraintSuite, "the JSON written does not read back: \(error)")
        }
        let report = suite.check(suiteProfile, reference: suiteProfile)
        guard report.results.count == suite.constraints.count else {
            throw FuzzFailure(
                .constraintSuite, "\(report.results.count) results for \(suite.constraints.count) constraints")
        }
        let summary = report.summary
        guard summary.passed + summary.failed + summary.warnings + summary.indeterminate == report.results.count else {
            throw FuzzFailure(.constraintSuite, "the summary does not add up to the results")
        }
    }
}
