import Foundation

/// The body of `POST /predict`: the eleven features, numbers within their ranges, and optionally
/// the client's `region` (a string of at most ``WineFeatures/maxRegionBytes`` bytes; not a model
/// input: wine-server can segment its windows by it).
package struct PredictionRequest: Decodable {
    /// The values in ``WineFeatures/all`` order.
    package var values: [Double]
    /// The request's `region`, if it has one (`null` is none).
    package var region: String?

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
        let regionKey = _FieldKey(WineFeatures.regionField)
        if container.contains(regionKey), try !container.decodeNil(forKey: regionKey) {
            guard let region = try? container.decode(String.self, forKey: regionKey),
                region.utf8.count <= WineFeatures.maxRegionBytes
            else {
                throw FieldProblem(
                    field: WineFeatures.regionField,
                    problem: "must be a string of at most \(WineFeatures.maxRegionBytes) bytes")
            }
            self.region = region
        }
    }
}

/// The body of `POST /feedback`: a prediction's identifier and its ground truth, either the true
/// quality (for a `/predict` prediction) or whether the wine is good (for a `/classify` one).
package struct FeedbackRequest: Decodable {
    /// The ground truth of one prediction.
    package enum Truth: Sendable, Equatable {
        /// The true quality, 0 to 10.
        case quality(Double)
        /// Whether the wine is good (quality ≥ 7).
        case good(Bool)
    }

    package var predictionID: String
    package var truth: Truth

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: _FieldKey.self)
        guard let id = try? container.decode(String.self, forKey: _FieldKey("prediction_id")) else {
            throw FieldProblem(
                field: "prediction_id",
                problem: "must be the prediction_id string of a /predict or /classify response")
        }
        let qualityKey = _FieldKey("quality")
        let goodKey = _FieldKey("good")
        switch (container.contains(qualityKey), container.contains(goodKey)) {
        case (true, true):
            throw FieldProblem(field: "good", problem: "must not come with 'quality' (send one of them)")
        case (false, true):
            if let flag = try? container.decode(Bool.self, forKey: goodKey) {
                truth = .good(flag)
            } else if let number = try? container.decode(Double.self, forKey: goodKey), number == 0 || number == 1 {
                truth = .good(number == 1)
            } else {
                throw FieldProblem(field: "good", problem: "must be true, false, 1 or 0")
            }
        default:
            guard let quality = try? container.decode(Double.self, forKey: qualityKey), quality.isFinite,
                quality >= 0, quality <= 10
            else {
                throw FieldProblem(
                    field: "quality",
                    problem: "must be a number from 0 to 10 (or send 'good' for a /classify prediction)")
            }
            truth = .quality(quality)
        }
        self.predictionID = id
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
