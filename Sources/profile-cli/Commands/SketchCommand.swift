import ArgumentParser
import Foundation
import Sketches

/// `profile sketch FILE`: inspect a raw DataSketches KLL, HLL or frequent-items image.
struct SketchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sketch",
        abstract: "Inspect a DataSketches KLL, HLL or frequent-items image.",
        discussion: """
            The family is detected from the image's header. KLL images of either item type (float, \
            double) and either layout (DataSketches 4.x/5.x, or the whylogs-sketching doubles layout \
            found in whylogs v1 profiles) are read; HLL images in any mode and target type, compact or \
            updatable; frequent-items images of strings.

            KLL quantiles follow the rules of the library that writes the image's layout: DataSketches \
            5.x for the standard layout, whylogs-sketching for the whylogs layout (--rules overrides).

            An invalid image exits with status 2 and one line naming the field, the expected and \
            actual values, and the byte offset.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum ErrorTypeOption: String, ExpressibleByArgument, CaseIterable {
        case noFalsePositives = "no-false-positives"
        case noFalseNegatives = "no-false-negatives"

        var errorType: FrequentItemsErrorType {
            switch self {
            case .noFalsePositives: .noFalsePositives
            case .noFalseNegatives: .noFalseNegatives
            }
        }
    }

    enum RulesOption: String, ExpressibleByArgument, CaseIterable {
        case datasketches, whylogs

        var rules: KLLQueryRules {
            switch self {
            case .datasketches: .datasketches5
            case .whylogs: .whylogsSketching
            }
        }
    }

    @Argument(help: "The sketch image file.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "KLL: comma-separated ranks in [0, 1] at which to report quantiles.", valueName: "r1,r2,…"))
    var ranks: String = "0,0.01,0.25,0.5,0.75,0.99,1"

    @Option(help: "KLL: query rules, overriding the ones implied by the image's layout (datasketches|whylogs).")
    var rules: RulesOption?

    @Option(name: .customLong("error-type"), help: "Frequent items: which rows count as frequent.")
    var errorType: ErrorTypeOption = .noFalsePositives

    @Option(help: "Frequent items: report items whose bound exceeds this weight (default: the maximum error).")
    var threshold: UInt64?

    /// Sketch images are at most a few megabytes; anything far larger is not one.
    static let maximumFileSize = 256 << 20

    func validate() throws {
        _ = try parsedRanks()
    }

    func parsedRanks() throws -> [Double] {
        let parts = ranks.split(separator: ",", omittingEmptySubsequences: false)
        var result: [Double] = []
        for part in parts {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let rank = Double(text), (0...1).contains(rank) else {
                throw ValidationError("--ranks: '\(text)' is not a number in [0, 1]")
            }
            result.append(rank)
        }
        return result
    }

    func run() throws {
        let bytes = try readFile(file, limit: Self.maximumFileSize)
        let image: SketchImage
        do {
            image = try SketchImage(serializedBytes: bytes)
        } catch {
            throw CommandError("\(file): \(error)")
        }
        let report = SketchReport(
            image: image, ranks: try parsedRanks(), rules: rules?.rules, errorType: errorType.errorType,
            threshold: threshold)
        switch format {
        case .json: print(report.json.rendered())
        case .text: print(report.text, terminator: "")
        }
    }
}
