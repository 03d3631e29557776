import Foundation
import SketchbookTestSupport
import Testing

@testable import Sketches

@Suite struct FrequentItemsCrossLanguageTests {
    static let cases = FrequentItemsFixtureCase.all

    @Test(arguments: cases)
    func rebuiltSketchSerializesToTheLibrarysBytes(_ fixture: FrequentItemsFixtureCase) throws {
        let sketch = fixture.rebuild()
        let expected = try fixture.bytes()
        let actual = sketch.serializedBytes()
        #expect(
            actual == expected,
            "first difference at byte \(zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actual.count, expected.count))"
        )
        expectAnswers(of: sketch, match: fixture)
    }

    @Test(arguments: cases)
    func decodedImageGivesTheLibrarysAnswers(_ fixture: FrequentItemsFixtureCase) throws {
        let sketch = try FrequentItemsSketch<String>(serializedBytes: fixture.bytes())
        expectAnswers(of: sketch, match: fixture)
        if let whylogsFile = fixture.whylogsFile {
            let whylogs = try FrequentItemsSketch<String>(
                serializedBytes: Fixtures.bytes("datasketches/frequent_items/" + whylogsFile))
            expectAnswers(of: whylogs, match: fixture)
        }
    }

    @Test(arguments: cases)
    func reserializedImageDecodesToTheSameAnswers(_ fixture: FrequentItemsFixtureCase) throws {
        let sketch = try FrequentItemsSketch<String>(serializedBytes: fixture.bytes())
        let again = try FrequentItemsSketch<String>(serializedBytes: sketch.serializedBytes())
        expectAnswers(of: again, match: fixture)
    }

    @Test func whylogsEmptyImageUsesFlagsOneAndDecodes() throws {
        let fixture = try #require(Self.cases.first { $0.whylogsFile != nil })
        let bytes = try Fixtures.bytes("datasketches/frequent_items/" + fixture.whylogsFile!)
        #expect(bytes == [1, 1, 10, UInt8(fixture.lgMax), 3, 1, 0, 0])
        let sketch = try FrequentItemsSketch<String>(serializedBytes: bytes)
        #expect(sketch.isEmpty)
        #expect(sketch.serializedBytes() == [1, 1, 10, UInt8(fixture.lgMax), 3, 5, 0, 0])
    }

    func expectAnswers(
        of sketch: FrequentItemsSketch<String>, match fixture: FrequentItemsFixtureCase,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(sketch.isEmpty == fixture.isEmpty, sourceLocation: sourceLocation)
        #expect(sketch.numActiveItems == fixture.numActive, sourceLocation: sourceLocation)
        #expect(sketch.lgMaxMapSize == fixture.lgMax, sourceLocation: sourceLocation)
        #expect(sketch.lgCurMapSize == fixture.lgCur, sourceLocation: sourceLocation)
        #expect(sketch.epsilon == fixture.epsilon, sourceLocation: sourceLocation)
        // An image of an empty sketch carries no weight or error: compare those when non-empty.
        if !fixture.isEmpty {
            #expect(sketch.totalWeight == fixture.totalWeight, sourceLocation: sourceLocation)
            #expect(sketch.maximumError == fixture.maximumError, sourceLocation: sourceLocation)
            #expect(
                FrequentItemsSketch<String>.aPrioriError(lgMaxMapSize: fixture.lgMax, totalWeight: sketch.totalWeight)
                    == fixture.aprioriError, sourceLocation: sourceLocation)
        }
        let checks: [(String, [FIRow], [FIRow])] = [
            ("NFP default", sketch.frequentItems(errorType: .noFalsePositives), fixture.nfpDefault),
            ("NFN default", sketch.frequentItems(errorType: .noFalseNegatives), fixture.nfnDefault),
            (
                "NFP explicit",
                sketch.frequentItems(errorType: .noFalsePositives, threshold: fixture.explicitThreshold),
                fixture.nfpExplicit
            ),
            (
                "NFN explicit",
                sketch.frequentItems(errorType: .noFalseNegatives, threshold: fixture.explicitThreshold),
                fixture.nfnExplicit
            ),
        ]
        for (label, actual, expected) in checks {
            #expect(actual == rowSet(expected), "\(label)", sourceLocation: sourceLocation)
            // Our own order: estimates descending, equal estimates by UTF-8 bytes.
            #expect(actual == rowSet(actual), "\(label) order", sourceLocation: sourceLocation)
        }
        for probe in fixture.probes {
            #expect(sketch.estimate(of: probe.item) == probe.estimate, "\(probe.item)", sourceLocation: sourceLocation)
            #expect(
                sketch.lowerBound(of: probe.item) == probe.lowerBound, "\(probe.item)", sourceLocation: sourceLocation)
            #expect(
                sketch.upperBound(of: probe.item) == probe.upperBound, "\(probe.item)", sourceLocation: sourceLocation)
        }
    }
}
