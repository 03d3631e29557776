import Foundation
import Testing
import WineQuality

/// wine-server's request bodies, decoded apart from HTTP: every hostile body is a typed error (a
/// ``FieldProblem`` naming the field, or a decoding error) in bounded time.
@Suite struct WineRequestDecodingTests {
    static let valid = #"""
        {"fixed_acidity":7.4,"volatile_acidity":0.7,"citric_acid":0,"residual_sugar":1.9,"chlorides":0.076,
        "free_sulfur_dioxide":11,"total_sulfur_dioxide":34,"density":0.9978,"ph":3.51,"sulphates":0.56,
        "alcohol_pct_vol":9.4}
        """#

    static func problem(_ body: [UInt8]) -> String? {
        do {
            _ = try PredictionRequest.decodeJSON(body)
            return nil
        } catch let problem as FieldProblem {
            return "\(problem.field) \(problem.problem)"
        } catch {
            return "not JSON"
        }
    }

    @Test func aValidBodyDecodesInFeatureOrder() throws {
        let request = try PredictionRequest.decodeJSON(Array(Self.valid.utf8))
        #expect(request.values.count == WineFeatures.all.count)
        #expect(request.values.first == 7.4)
        #expect(request.values.last == 9.4)
    }

    @Test func fieldProblemsNameTheField() {
        let body = { (old: String, new: String) in Array(Self.valid.replacingOccurrences(of: old, with: new).utf8) }
        #expect(Self.problem(body("\"ph\":3.51", "\"ph\":14")) == "ph must be a number < 14, got 14")
        #expect(Self.problem(body("\"density\":0.9978", "\"density\":-1")) == "density must be a number ≥ 0, got -1")
        #expect(Self.problem(body("\"chlorides\":0.076", "\"chlorides\":\"0.076\"")) == "chlorides must be a number")
        #expect(
            Self.problem(body("\"chlorides\":0.076", "\"chlorides\":null"))
                == "chlorides is missing (expected a number)")
        #expect(Self.problem(body("\"sulphates\":0.56,", "")) == "sulphates is missing (expected a number)")
    }

    @Test func theOptionalRegionIsAShortStringOrNothing() throws {
        let with = { (region: String) in
            Array(Self.valid.replacingOccurrences(of: "{", with: "{\"region\":\(region),").utf8)
        }
        #expect(try PredictionRequest.decodeJSON(Array(Self.valid.utf8)).region == nil)
        #expect(try PredictionRequest.decodeJSON(with("\"eu-west\"")).region == "eu-west")
        #expect(try PredictionRequest.decodeJSON(with("null")).region == nil)
        #expect(try PredictionRequest.decodeJSON(with("\"../x\"")).region == "../x")  // the hook escapes it
        let tooLong = "\"" + String(repeating: "r", count: WineFeatures.maxRegionBytes + 1) + "\""
        for bad in ["7", "true", "[]", tooLong] {
            #expect(Self.problem(with(bad)) == "region must be a string of at most 64 bytes", "\(bad)")
        }
    }

    @Test func nulBytesInvalidUTF8AndOverflowAreRejected() {
        var withNUL = Array(Self.valid.utf8)
        withNUL.insert(0, at: 1)
        #expect(Self.problem(withNUL) == "not JSON")
        var invalidUTF8 = Array(Self.valid.utf8)
        invalidUTF8.insert(contentsOf: [0xFF, 0xFE], at: 2)
        #expect(Self.problem(invalidUTF8) == "not JSON")
        let overflow = Array(Self.valid.replacingOccurrences(of: "7.4", with: "1e999").utf8)
        #expect(Self.problem(overflow) != nil)
        #expect(throws: (any Error).self) {
            try FeedbackRequest.decodeJSON(Array(#"{"prediction_id":"a\u0000b","quality":1e999}"#.utf8))
        }
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let started = ContinuousClock.now
        for depth in [1_000, 100_000] {
            let body =
                Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
            #expect(Self.problem(body) == "not JSON", "depth \(depth)")
            let object =
                Array(String(repeating: #"{"a":"#, count: depth).utf8) + [UInt8(ascii: "1")]
                + Array(String(repeating: "}", count: depth).utf8)
            #expect(Self.problem(object) != nil, "depth \(depth)")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

/// `POST /feedback` bodies: a quality or a good-wine truth, never both, hostile values refused.
@Suite struct WineFeedbackDecodingTests {
    static let id = String(repeating: "a", count: 32)

    @Test(arguments: [
        (#""quality":5"#, FeedbackRequest.Truth.quality(5)),
        (#""good":true"#, .good(true)),
        (#""good":false"#, .good(false)),
        (#""good":1"#, .good(true)),
        (#""good":0"#, .good(false)),
    ])
    func eitherTruthDecodes(field: String, truth: FeedbackRequest.Truth) throws {
        let request = try FeedbackRequest.decodeJSON(Array(#"{"prediction_id":"\#(Self.id)",\#(field)}"#.utf8))
        #expect(request.truth == truth)
        #expect(request.predictionID == Self.id)
    }

    @Test(arguments: [
        #""good":2"#, #""good":0.5"#, #""good":"yes""#, #""good":null"#, #""good":[true]"#,
        #""good":true,"quality":7"#, #""quality":11"#, #""quality":"7""#, #""quality":-1"#, "",
    ])
    func hostileTruthsAreFieldProblems(field: String) {
        let body = field.isEmpty ? #"{"prediction_id":"\#(Self.id)"}"# : #"{"prediction_id":"\#(Self.id)",\#(field)}"#
        #expect(throws: FieldProblem.self) { try FeedbackRequest.decodeJSON(Array(body.utf8)) }
    }
}
