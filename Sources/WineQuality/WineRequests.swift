import Foundation

/// The body of `POST /predict`: the eleven features, numbers within their ranges.
package struct PredictionRequest: Decodable {
    /// The values in ``WineFeatures/all`` order.
    package var values: [Double]

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: _FieldKey.self)
        values = []
        values.reserveCapacity(WineFeatures.all.count)
        for feature in WineFeatures.all {
            let key = _FieldKey(feature.name)
            guard container.contains(key), try !container.decodeNil(forKey: key) else {
                throw FieldProblem(field: feature.name, problem: "is missing (expected a number)")
            }
            let value: Double
            do {
                value = try container.decode(Double.self, forKey: key)
            } catch {
                throw FieldProblem(field: feature.name, problem: "must be a number")
            }
            if let expected = WineFeatures.problem(with: value, for: feature) {
                throw FieldProblem(
                    field: feature.name, problem: "must be \(expected), got \(WineFeatures.format(value))")
            }
            values.append(value)
        }
    }
}

/// The body of `POST /feedback`: a prediction's identifier and the true quality.
package struct FeedbackRequest: Decodable {
    package var predictionID: String
    package var quality: Double

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: _FieldKey.self)
        guard let id = try? container.decode(String.self, forKey: _FieldKey("prediction_id")) else {
            throw FieldProblem(
                field: "prediction_id", problem: "must be the prediction_id string of a /predict response")
        }
        guard let quality = try? container.decode(Double.self, forKey: _FieldKey("quality")), quality.isFinite,
            quality >= 0, quality <= 10
        else {
            throw FieldProblem(field: "quality", problem: "must be a number from 0 to 10")
        }
        self.predictionID = id
        self.quality = quality
    }
}

/// A request field that is missing or invalid: answered with 422 naming the field.
package struct FieldProblem: Error {
    package var field: String
    package var problem: String
}

struct _FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decodable {
    /// Decodes a JSON request body.
    ///
    /// - Throws: ``FieldProblem`` for a missing or invalid field; any other error (from
    ///   `JSONDecoder`) when the body is not a JSON object.
    package static func decodeJSON(_ body: some Sequence<UInt8>) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(body))
    }
}
