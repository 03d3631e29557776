import Foundation
import SketchbookTestSupport
import Sketches
import Testing

@testable import Profiles

/// Hostile v0 model profiles give typed errors, never a crash or an unbounded allocation.
@Suite struct ModelPerformanceHostileInputTests {
    /// A v0 file (delimited) with properties and the given model profile.
    static func file(_ model: Sketchbook_Whylogs_V0_ModelProfileMessageV0) -> [UInt8] {
        var message = Sketchbook_Whylogs_V0_DatasetProfileMessageV0()
        var properties = Sketchbook_Whylogs_V0_DatasetPropertiesV0()
        properties.dataTimestamp = 1
        message.properties = properties
        message.modeProfile = model
        let bytes = message.deterministicBytes()
        var output: [UInt8] = []
        _ProtobufFraming.appendVarint(UInt64(bytes.count), to: &output)
        return output + bytes
    }

    static func matrix(
        labels: [String], cells: Int, histogram: [UInt8] = []
    )
        -> Sketchbook_Whylogs_V0_ModelProfileMessageV0
    {
        var scoreMatrix = Sketchbook_Whylogs_V0_ScoreMatrixMessageV0()
        scoreMatrix.labels = labels
        var numbers = Sketchbook_Whylogs_V0_NumbersMessageV0()
        numbers.histogram = Data(histogram)
        scoreMatrix.scores = Array(repeating: numbers, count: cells)
        var metrics = Sketchbook_Whylogs_V0_ModelMetricsMessageV0()
        metrics.scoreMatrix = scoreMatrix
        var model = Sketchbook_Whylogs_V0_ModelProfileMessageV0()
        model.metrics = metrics
        return model
    }

    static func error(reading bytes: [UInt8]) -> ProfileError? {
        do {
            _ = try ProfileFile(serializedBytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func moreThan256LabelsIsALimitError() throws {
        let labels = (0..<257).map(String.init)
        let error = try #require(Self.error(reading: Self.file(Self.matrix(labels: labels, cells: 257 * 257))))
        #expect(error.code == .limitExceeded)
        #expect(error.field.contains("scoreMatrix.labels"))
        // 256 empty cells' worth is fine.
        let ok = try ProfileFile(
            serializedBytes: Self.file(Self.matrix(labels: Array(labels.prefix(256)), cells: 256 * 256)))
        #expect(ok.modelPerformance?.confusionMatrix?.labels.count == 256)
    }

    @Test(arguments: [0, 1, 3, 5, 16])
    func scoresCountOtherThanLabelsSquaredIsRefused(cells: Int) throws {
        let error = try #require(Self.error(reading: Self.file(Self.matrix(labels: ["a", "b"], cells: cells))))
        #expect(error.code == .invalidValue, "\(cells) cells")
        #expect(error.field.contains("scoreMatrix.scores"))
    }

    @Test func duplicateLabelsAreRefused() throws {
        let error = try #require(Self.error(reading: Self.file(Self.matrix(labels: ["a", "a"], cells: 4))))
        #expect(error.code == .invalidValue)
    }

    @Test func aBadCellHistogramIsAnInvalidSketchNamingTheCell() throws {
        let error = try #require(
            Self.error(reading: Self.file(Self.matrix(labels: ["a"], cells: 1, histogram: [0x02, 0x01, 0x0f, 0x99]))))
        #expect(error.code == .invalidSketch)
        #expect(error.field.contains("scores[0]"))
    }

    @Test func cellHistogramsAreChargedToTheBudget() throws {
        let image = try #require(
            try ProfileFile(serializedBytes: ModelPerformanceFixtures.bytes("binary_int_scores")).modelPerformance?
                .confusionMatrix?.cells.first?.scores.kll.serializedBytes())
        var limits = ProfileReadLimits.default
        limits.maxComponentBytes = image.count * 3
        let bytes = Self.file(Self.matrix(labels: ["a", "b"], cells: 4, histogram: image))
        do {
            _ = try ProfileFile(serializedBytes: bytes, limits: limits)
            Issue.record("4 histograms of \(image.count) bytes within a budget of \(limits.maxComponentBytes)")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    /// Wire bytes of a v0 file whose score matrix has `labels` labels and `cells` empty cells.
    static func rawFile(labels: Int, cells: Int) -> [UInt8] {
        func delimited(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [tag]
            _ProtobufFraming.appendVarint(UInt64(body.count), to: &out)
            return out + body
        }
        var matrix: [UInt8] = []
        matrix.reserveCapacity(labels * 3 + cells * 2)
        for index in 0..<labels { matrix += delimited(0x0a, Array("\(index % 10)".utf8)) }
        for _ in 0..<cells { matrix += [0x52, 0x00] }  // scores: field 10, empty
        let model = delimited(0x52, delimited(0x52, delimited(0x0a, matrix)))  // modeProfile.metrics.scoreMatrix
        let message = delimited(0x0a, [0x28, 0x01]) + model  // properties { data_timestamp: 1 }
        var output: [UInt8] = []
        _ProtobufFraming.appendVarint(UInt64(message.count), to: &output)
        return output + message
    }

    /// A million two-byte cells would be some 60 times their size once parsed: the wire counts
    /// are checked before parsing (the error carries the message's offset).
    @Test func cellCountsAreCheckedOnTheWireBeforeParsing() throws {
        let error = try #require(Self.error(reading: Self.rawFile(labels: 2, cells: 1_000_000)))
        #expect(error.code == .invalidValue)
        #expect(error.field.hasSuffix("scoreMatrix.scores"))
        #expect(error.offset != nil)
        let labels = try #require(Self.error(reading: Self.rawFile(labels: 100_000, cells: 0)))
        #expect(labels.code == .limitExceeded)
        #expect(labels.offset != nil)
        // Within the limits the scan passes and the parsed checks apply (repeated labels here).
        let parsed = try #require(Self.error(reading: Self.rawFile(labels: 12, cells: 144)))
        #expect(parsed.code == .invalidValue)
        #expect(parsed.offset == nil)
    }

    @Test(arguments: ["binary_int_scores", "multiclass_str", "regression"])
    func truncatedAtEveryOffsetIsATypedError(name: String) throws {
        let bytes = try ModelPerformanceFixtures.bytes(name)
        for length in 0..<bytes.count {
            #expect(Self.error(reading: Array(bytes.prefix(length))) != nil, "\(name) cut at \(length)")
        }
    }
}
