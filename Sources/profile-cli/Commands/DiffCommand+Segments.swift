import ArgumentParser
import Foundation
import Profiles

/// `profile diff` of directories of segmented profiles: the overall profiles, then segment by
/// segment.
extension DiffCommand {
    /// One section of a segmented report: the overall comparison (no key) or a segment's.
    struct Section {
        enum Presence: String {
            case both
            case referenceOnly = "reference_only"
            case targetOnly = "target_only"
        }

        var key: SegmentKey?
        var presence: Presence
        var report: DriftReport?

        var title: String {
            key.map { "segment " + $0.description } ?? "overall"
        }
    }

    func runBySegment(
        configuration: DriftConfiguration, modelThresholds: [ModelQualityComparison.Metric: DriftThreshold]
    ) throws {
        let referenceSet = try Self.loadSegmented(reference)
        let targetSet = try Self.loadSegmented(target)
        let keys = Set(referenceSet.segments.keys).union(targetSet.segments.keys).sorted()
        let compared = 1 + keys.filter { referenceSet.segments[$0] != nil && targetSet.segments[$0] != nil }.count
        // Bonferroni over the sections, Holm inside each: the run's family-wise error stays at the level.
        var perSection = configuration
        perSection.significanceLevel = configuration.significanceLevel.map { $0 / Double(compared) }
        let referenceOverall: DatasetProfile
        let targetOverall: DatasetProfile
        do {
            referenceOverall = try referenceSet.overall
            targetOverall = try targetSet.overall
        } catch {
            throw CommandError("the segments cannot be merged into an overall profile: \(error)")
        }
        var sections = [
            Section(
                key: nil, presence: .both,
                report: DriftReport(reference: referenceOverall, target: targetOverall, configuration: perSection))
        ]
        for key in keys {
            switch (referenceSet.segments[key], targetSet.segments[key]) {
            case (let left?, let right?):
                sections.append(
                    Section(
                        key: key, presence: .both,
                        report: DriftReport(reference: left, target: right, configuration: perSection)))
            case (.some, nil): sections.append(Section(key: key, presence: .referenceOnly))
            default: sections.append(Section(key: key, presence: .targetOnly))
            }
        }
        let modelQuality = ModelQualityDiff(
            reference: referenceOverall, target: targetOverall, thresholds: modelThresholds,
            significanceLevel: perSection.significanceLevel ?? .infinity, positiveLabel: positiveLabel,
            scoreMeaning: scoreOf.meaning)
        let worst = max(
            sections.compactMap { $0.report?.summary.verdict }.max() ?? .none,
            modelQuality?.comparison.verdict ?? .none)
        try ReportDestination.write(render(sections, modelQuality: modelQuality, worst: worst), to: output)
        try exit(worst: worst)
    }

    static func loadSegmented(_ path: String) throws -> SegmentedProfiles {
        do {
            return try SegmentedProfiles.load([path])
        } catch {
            throw CommandError("\(error)")
        }
    }

    private func render(_ sections: [Section], modelQuality: ModelQualityDiff?, worst: DriftVerdict) -> String {
        let drifted = sections.filter { $0.key != nil && $0.report?.summary.verdict == .drift }
        let compared = sections.filter { $0.report != nil }.count
        let summary =
            "\(compared) comparisons (overall and \(compared - 1) segment\(compared == 2 ? "" : "s")); worst verdict: \(worst.rawValue); segments with drift: \(drifted.count)"
        func only(_ section: Section) -> String {
            section.presence == .referenceOnly ? "only in the reference" : "only in the target"
        }
        switch chosenFormat {
        case .json:
            var segments: [JSONValue] = []
            for section in sections.dropFirst() {
                let tags = JSONValue.object(zip(section.key!.columns, section.key!.values).map { ($0, .string($1)) })
                segments.append(
                    .object([
                        ("segment", tags), ("presence", .string(section.presence.rawValue)),
                        ("report", section.report.map { DriftJSON.value($0) } ?? .null),
                    ]))
            }
            let root = JSONValue.object([
                ("overall", DriftJSON.value(sections[0].report!, modelQuality: modelQuality)),
                ("segments", .array(segments)),
                (
                    "summary",
                    .object([
                        ("verdict", .string(worst.rawValue)), ("sections", .int(Int64(compared))),
                        (
                            "drifted_segments",
                            .array(drifted.map { JSONValue.string($0.key!.description) })
                        ),
                    ])
                ),
            ])
            return root.rendered() + "\n"
        case .markdown:
            var out = "# Drift report by segment\n\n" + _MarkdownEscaping.escape(summary) + "\n\n"
            for section in sections {
                let heading = "## " + _MarkdownEscaping.escape(section.title)
                if let report = section.report {
                    out += DriftTable.markdown(report, heading: heading) + "\n"
                    if section.key == nil, let modelQuality { out += modelQuality.markdown + "\n" }
                } else {
                    out += heading + "\n\n" + only(section) + "\n\n"
                }
            }
            return out
        case .html:
            var out = DriftHTML.head + DriftHTML.title(referenceName: reference, targetName: target)
            out += "<p>\(_HTMLEscaping.escape(summary))</p>\n<ul>\n"
            for (index, section) in sections.enumerated() {
                let verdict = section.report?.summary.verdict.rawValue ?? "none"
                out += "<li><a href=\"#section-\(index)\">\(_HTMLEscaping.escape(section.title))</a>: "
                out += section.report.map { _ in "<span class=\"\(verdict)\">\(verdict)</span>" } ?? only(section)
                out += "</li>\n"
            }
            out += "</ul>\n"
            for (index, section) in sections.enumerated() {
                out += "<h2 id=\"section-\(index)\">\(_HTMLEscaping.escape(section.title))</h2>\n"
                if let report = section.report {
                    out += DriftHTML.body(
                        report, modelQuality: section.key == nil ? modelQuality : nil, anchorPrefix: "s\(index)-")
                } else {
                    out += "<p>\(only(section))</p>\n"
                }
            }
            return out + DriftHTML.tail
        case .table:
            let colour = ReportDestination.allowsColour(output: output)
            var out = ""
            for section in sections {
                out += "== " + _TerminalEscaping.escape(section.title) + "\n"
                if let report = section.report {
                    out += DriftTable.render(report, colour: colour)
                    if section.key == nil, let modelQuality { out += modelQuality.text }
                } else {
                    out += only(section) + "\n"
                }
                out += "\n"
            }
            return out + _TerminalEscaping.escape(summary) + "\n"
        }
    }
}
