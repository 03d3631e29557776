import Foundation
import FuzzTargets
import SketchbookTestSupport

/// The seed and regression inputs of each fuzz target, as `Fuzz/targets.tsv` and
/// `Fuzz/Regressions/<target>/` list them (the same files `scripts/fuzz.sh` starts from).
struct FuzzCorpus {
    /// One row of `Fuzz/targets.tsv`.
    struct Entry {
        var target: String
        var seedPatterns: [String]
        var options: [String]
    }

    static let manifest = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/targets.tsv")

    /// The rows of `Fuzz/targets.tsv`, in order.
    static func entries() throws -> [Entry] {
        try String(contentsOf: manifest, encoding: .utf8)
            .split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
            .map { line in
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                return Entry(
                    target: columns[0],
                    seedPatterns: columns.count > 1 ? columns[1].split(separator: " ").map(String.init) : [],
                    options: columns.count > 2 ? columns[2].split(separator: " ").map(String.init) : [])
            }
    }

    /// The seed files of `target`: every file matching its `folder/*.ext` patterns, sorted.
    static func seeds(for target: FuzzTarget) throws -> [URL] {
        guard let entry = try entries().first(where: { $0.target == target.rawValue }) else { return [] }
        var files: [URL] = []
        for pattern in entry.seedPatterns {
            let folder = (pattern as NSString).deletingLastPathComponent
            let suffix = String((pattern as NSString).lastPathComponent.drop(while: { $0 == "*" }))
            let directory = Fixtures.repositoryRoot.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            files += names.filter { $0.hasSuffix(suffix) }.map { directory.appendingPathComponent($0) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The inputs fuzzing found for `target` (crashes fixed since), sorted.
    static func regressions(for target: FuzzTarget) throws -> [URL] {
        let directory = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/Regressions/\(target.rawValue)")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
