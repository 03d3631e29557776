import Foundation
import FuzzTargets
import SketchbookTestSupport
import Testing

/// Replays the fuzz targets' seed corpora and every input a fuzzer found, so the targets' invariants
/// are checked on every `swift test`, with or without libFuzzer.
@Suite struct FuzzCorpusReplayTests {
    @Test func everyTargetHasOneManifestRow() throws {
        let listed = try FuzzCorpus.entries().map(\.target)
        #expect(listed == FuzzTarget.allCases.map(\.rawValue))
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndFoundInputsPassTheTargetsInvariants(_ target: FuzzTarget) throws {
        let seeds = try FuzzCorpus.seeds(for: target)
        #expect(!seeds.isEmpty, "no seed files for \(target.rawValue)")
        for file in try seeds + FuzzCorpus.regressions(for: target) {
            let bytes = [UInt8](try Data(contentsOf: file))
            do {
                try target.run(bytes)
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
            }
        }
    }

    /// A few hundred seeded mutations per target (byte flips, truncations, splices): a small
    /// stand-in for the fuzzer that runs everywhere.
    @Test(arguments: FuzzTarget.allCases)
    func mutatedSeedsPassTheTargetsInvariants(_ target: FuzzTarget) throws {
        let seed = 0x5EED_0006 ^ UInt64(target.rawValue.utf8.count)
        var random = SplitMix64(seed: seed)
        let seeds = try FuzzCorpus.seeds(for: target).prefix(40).map { [UInt8](try Data(contentsOf: $0)) }
        try #require(!seeds.isEmpty)
        for round in 0..<300 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            if bytes.count > 65536 { bytes = Array(bytes.prefix(65536)) }
            Self.mutate(&bytes, using: &random)
            do {
                try target.run(bytes)
            } catch {
                Issue.record("seed \(seed), round \(round) (\(bytes.count) bytes): \(error)")
            }
        }
    }

    static func mutate(_ bytes: inout [UInt8], using random: inout SplitMix64) {
        for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1: bytes[index] = [0, 0xFF, 0x7F, 0x80][Int.random(in: 0..<4, using: &random)]
            case 2: bytes.removeSubrange(index...)
            default:
                let end = min(bytes.count, index + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[index..<end], at: index)
            }
        }
    }
}
