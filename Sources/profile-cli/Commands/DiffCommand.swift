import ArgumentParser
import Foundation
import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `profile diff REFERENCE TARGET`: drift between two profiles, from the profiles alone.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare a target profile with a reference profile and report drift per column.",
        discussion: """
            Numbers: KS distance from the KLL sketches (± the sketches' rank error), PSI, Jensen–Shannon \
            and Hellinger on bins at reference deciles, Wasserstein-1 over the reference stddev. \
            Categories: L∞, Jensen–Shannon and chi-square on frequent items plus "other", and the \
            share of unseen categories, scored on its excess over the share expected without drift \
            (from both sides' counts while the sketches are exact, else the reference's Good–Turing \
            turnover; not scored once the reference's sketch is past exact mode, as no value is then \
            certainly new to it). Distances on categories only where what the frequent items guarantee (their \
            lower bounds) covers at least 80% of the values; ID-like and long-tail columns are reported \
            as not scored, with the reason. Every column: null-rate change and type-mix change (each \
            with Fisher's exact test; integral and fractional are one numeric class), distinct-count \
            ratio; columns missing from or added to the target.

            Default thresholds (drift / possible): ks 0.1/0.05, psi 0.25/0.1, jensen_shannon 0.1/0.05, \
            hellinger 0.4/0.15, wasserstein 0.1/0.05, l_infinity 0.05/0.025, null_rate_change 0.05/0.02, \
            type_mix_change 0.1/0.02, unseen_share 0.1/0.02; chi_square and distinct_ratio are \
            informational. A verdict whose error bound straddles the drift threshold is indeterminate.

            Distance first, with a significance gate: a distance counts only when the two samples \
            differ significantly (p_value, from the two-sample KS test for numbers or the chi-square \
            test for categories, Fisher's exact test for null-rate and type-mix changes, a one-sided \
            test for the unseen share), below --significance-level, \
            0.01 by default, after Holm's adjustment \
            across all the report's tests, so a wide table collects no chance alarms). At large n every \
            real shift is significant and the thresholds decide; at small n sampling noise is not \
            called drift. --significance-level off turns the gate off; --multiple-testing none gates \
            each test on its own. Every report states the gate, \
            and each column's "why" names the metric that decided it and why any metric was not scored.

            --threshold ks=0.2 sets a drift threshold (possible keeps its default ratio); \
            ks=0.05:0.2 sets possible and drift; ks=off makes the metric informational.
            --column-threshold alcohol:ks=0.2 does the same for one column. --config FILE reads \
            {"thresholds": {...}, "columns": {"col": {...}}, "bins": 10, "missing_column_is_drift": true, \
            "significance_level": 0.01, "multiple_testing": "holm"} ("none": each test on its own).

            When both profiles carry model performance metrics (classifiers on both sides, or \
            regressors), the report adds model quality: accuracy, macro F1 and ROC-AUC, or MAE and \
            RMSE, with the change and a verdict on the degradation (drops of accuracy and ROC-AUC: \
            0.05 drift, 0.02 possible; MAE's relative rise: 0.1 and 0.05; --model-threshold \
            accuracy=0.1 or =off), counted only when a one-sided test says the target is worse at the \
            significance level (Holm-adjusted); F1 and RMSE are informational. A degraded model fails \
            the run as drift does.

            Segments: when REFERENCE or TARGET is a directory (profile csv --segment-by writes one; \
            profile merge of segmented days another), its profiles are merged by segment, and the \
            report compares the overall profiles (the whole-dataset profiles, or the merge of the \
            segments when there are none) and then each segment key, one section per segment; a \
            segment on one side only is reported as such. The significance level is split evenly \
            over the sections (Bonferroni; Holm inside each), so many segments collect no chance \
            alarms. The exit status is the worst verdict of any section. JSON: {"overall": REPORT, \
            "segments": [{"segment": {"column": "value", …}, "presence": "both" | "reference_only" \
            | "target_only", "report": REPORT | null}], "summary": {"verdict", "sections", \
            "drifted_segments"}}, REPORT being the unsegmented report's object.

            Exit status: 0 no drift, 1 drift (with --fail-on possible: also possible or indeterminate; \
            never: always 0), 2 usage or input error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown, html
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case drift, possible, never
    }

    @Argument(help: "The reference profile (.bin or .bin.gz), or a directory of (segmented) profiles.")
    var reference: String

    @Argument(help: "The target profile (.bin or .bin.gz), or a directory of (segmented) profiles.")
    var target: String

    @Option(help: "Output format: table, json, markdown or html (default: html for -o *.html, else table).")
    var format: Format?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A metric's threshold for every column (repeatable).", valueName: "metric=value"))
    var threshold: [String] = []

    @Option(
        name: .customLong("column-threshold"),
        help: ArgumentHelp("A metric's threshold for one column (repeatable).", valueName: "column:metric=value"))
    var columnThreshold: [String] = []

    @Option(help: ArgumentHelp("A JSON configuration file (applied before the flags).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 on: drift (default), possible, never.")
    var failOn: FailOn = .drift

    @Option(
        help: ArgumentHelp(
            "The significance level of the gate on distances (default 0.01), or off.", valueName: "p|off"))
    var significanceLevel: String?

    @Option(
        help: ArgumentHelp(
            "How the gate adjusts for the report's many tests: holm (default) or none (each on its own).",
            valueName: "holm|none"))
    var multipleTesting: String?

    @Option(
        name: .customLong("model-threshold"),
        help: ArgumentHelp(
            "A model-quality threshold (repeatable): accuracy, roc_auc (drops), mae (relative rise) = drift, possible:drift or off.",
            valueName: "metric=value"))
    var modelThreshold: [String] = []

    @Option(help: "The positive label of a binary classifier's ROC-AUC (default: the second of its two labels).")
    var positiveLabel: String?

    @Option(
        help: ArgumentHelp(
            "What a classifier's scores are: 'prediction' (confidence in the predicted label) or 'positive'.",
            valueName: "prediction|positive"))
    var scoreOf: ScoreOfOption = .prediction

    func validate() throws {
        try Self.validateGate(significanceLevel: significanceLevel, multipleTesting: multipleTesting)
    }

    /// Checks the drift gate's options (`--significance-level p|off`, `--multiple-testing
    /// holm|none`), as `diff` and `monitor` take them.
    static func validateGate(significanceLevel: String?, multipleTesting: String?) throws {
        if let significanceLevel, significanceLevel != "off" {
            guard let level = Double(significanceLevel), level > 0, level < 1 else {
                throw ValidationError("--significance-level must be a number between 0 and 1, or off")
            }
        }
        if let multipleTesting, DriftMultipleTesting(rawValue: multipleTesting) == nil {
            throw ValidationError("--multiple-testing must be holm or none")
        }
    }

    func run() throws {
        var configuration = DriftConfiguration()
        if let config {
            let bytes = try readFile(config, limit: 16 << 20)
            do {
                try configuration.apply(json: bytes)
            } catch {
                throw CommandError("\(config): \(error)")
            }
        }
        if let significanceLevel {
            configuration.significanceLevel = significanceLevel == "off" ? nil : Double(significanceLevel)
        }
        if let multipleTesting, let procedure = DriftMultipleTesting(rawValue: multipleTesting) {
            configuration.multipleTesting = procedure
        }
        for flag in threshold {
            let (metric, value) = try Self.parseSetting(flag, flag: "--threshold")
            configuration.setThreshold(value, for: metric)
        }
        for flag in columnThreshold {
            guard let colon = flag.lastIndex(of: ":"), flag[..<colon].isEmpty == false,
                flag[flag.index(after: colon)...].contains("=")
            else {
                throw ValidationError("--column-threshold wants column:metric=value, got '\(flag)'")
            }
            let column = String(flag[..<colon])
            let (metric, value) = try Self.parseSetting(
                String(flag[flag.index(after: colon)...]), flag: "--column-threshold")
            configuration.setThreshold(value, for: metric, column: column)
        }

        var modelThresholds: [ModelQualityComparison.Metric: DriftThreshold] = [:]
        for flag in modelThreshold {
            let (metric, value) = try Self.parseModelSetting(flag)
            modelThresholds[metric] = value ?? DriftThreshold(drift: .infinity)
        }
        if Self.isDirectory(reference) || Self.isDirectory(target) {
            try runBySegment(configuration: configuration, modelThresholds: modelThresholds)
            return
        }
        let referenceProfile = try Self.load(reference)
        let targetProfile = try Self.load(target)
        let report = DriftReport(reference: referenceProfile, target: targetProfile, configuration: configuration)
        let modelQuality = ModelQualityDiff(
            reference: referenceProfile, target: targetProfile, thresholds: modelThresholds,
            significanceLevel: configuration.significanceLevel ?? .infinity, positiveLabel: positiveLabel,
            scoreMeaning: scoreOf.meaning)

        let text: String
        switch chosenFormat {
        case .json: text = DriftJSON.render(report, modelQuality: modelQuality) + "\n"
        case .markdown: text = DriftTable.markdown(report) + (modelQuality?.markdown ?? "")
        case .html:
            text = DriftHTML.render(report, referenceName: reference, targetName: target, modelQuality: modelQuality)
        case .table:
            let colour = ReportDestination.allowsColour(output: output)
            text = DriftTable.render(report, colour: colour) + (modelQuality?.text ?? "")
        }
        try ReportDestination.write(text, to: output)
        try exit(worst: max(report.summary.verdict, modelQuality?.comparison.verdict ?? .none))
    }

    /// The output format: `--format`, else html for `-o *.html`, else table.
    var chosenFormat: Format {
        format
            ?? (output.map { $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm") } == true
                ? .html : .table)
    }

    /// Exits 1 when the worst verdict fails the run (`--fail-on`).
    func exit(worst: DriftVerdict) throws {
        let fails: Bool
        switch failOn {
        case .drift: fails = worst == .drift
        case .possible: fails = worst >= .possible
        case .never: fails = false
        }
        if fails { throw ExitCode(1) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func load(_ path: String) throws -> DatasetProfile {
        do {
            return try DatasetProfile(file: ProfileFile(contentsOf: path))
        } catch {
            throw CommandError("\(path): \(error)")
        }
    }

    /// `--model-threshold metric=drift|possible:drift|off` (`nil`: off).
    static func parseModelSetting(_ text: String) throws -> (ModelQualityComparison.Metric, DriftThreshold?) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let gated = ModelQualityComparison.Metric.allCases.filter { $0.defaultThreshold != nil }
        guard parts.count == 2, let metric = ModelQualityComparison.Metric(rawValue: String(parts[0])),
            gated.contains(metric)
        else {
            throw ValidationError(
                "--model-threshold wants metric=value with metric one of "
                    + gated.map(\.rawValue).joined(separator: ", ") + ", got '\(text)'")
        }
        if parts[1] == "off" { return (metric, nil) }
        let numbers = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Double(String($0)) }
        if numbers.count == 1, let drift = numbers[0], drift.isFinite, drift >= 0 {
            let ratio = (metric.defaultThreshold?.possible ?? 0) / (metric.defaultThreshold?.drift ?? 1)
            return (metric, DriftThreshold(drift: drift, possible: drift * ratio))
        }
        if numbers.count == 2, let possible = numbers[0], let drift = numbers[1], possible.isFinite, drift.isFinite,
            0 <= possible, possible <= drift
        {
            return (metric, DriftThreshold(drift: drift, possible: possible))
        }
        throw ValidationError(
            "--model-threshold \(text): the value must be a number ≥ 0, possible:drift (0 ≤ possible ≤ drift) or off")
    }

    /// `metric=drift`, `metric=possible:drift` or `metric=off`.
    static func parseSetting(_ text: String, flag: String) throws -> (DriftMetric, DriftThreshold?) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw ValidationError("\(flag) wants metric=value, got '\(text)'") }
        guard let metric = DriftMetric(rawValue: String(parts[0])) else {
            throw ValidationError(
                "\(flag): unknown metric '\(parts[0])' (one of "
                    + DriftMetric.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let value = String(parts[1])
        if value == "off" { return (metric, nil) }
        let numbers = value.split(separator: ":", omittingEmptySubsequences: false).map { Double(String($0)) }
        switch numbers.count {
        case 1:
            if let drift = numbers[0] {
                do {
                    return (metric, try DriftConfiguration.threshold(metric: metric, drift: drift))
                } catch {
                    throw ValidationError("\(flag) \(text): \(error)")
                }
            }
        case 2:
            if let possible = numbers[0], let drift = numbers[1], possible.isFinite, drift.isFinite, 0 <= possible,
                possible <= drift
            {
                return (metric, DriftThreshold(drift: drift, possible: possible))
            }
        default: break
        }
        throw ValidationError(
            "\(flag) \(text): the value must be a number, possible:drift (0 ≤ possible ≤ drift) or off")
    }
}
