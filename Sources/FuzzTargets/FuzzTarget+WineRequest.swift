import WineQuality

extension FuzzTarget {
    /// Decodes the bytes as both wine-server request bodies; an accepted body must hold values
    /// the model may be given (eleven, each within its feature's range) or a quality from 0 to 10.
    static func decodeWineRequest(_ bytes: [UInt8]) throws(FuzzFailure) {
        if let request = try? PredictionRequest.decodeJSON(bytes) {
            guard request.values.count == WineFeatures.all.count else {
                throw FuzzFailure(.wineRequest, "a /predict body decoded to \(request.values.count) values")
            }
            for (value, feature) in zip(request.values, WineFeatures.all) {
                if let problem = WineFeatures.problem(with: value, for: feature) {
                    throw FuzzFailure(.wineRequest, "\(feature.name) = \(value) accepted, must be \(problem)")
                }
            }
        }
        if let feedback = try? FeedbackRequest.decodeJSON(bytes) {
            if case .quality(let quality) = feedback.truth, !(quality.isFinite && (0...10).contains(quality)) {
                throw FuzzFailure(.wineRequest, "a /feedback quality of \(quality) accepted")
            }
        }
    }
}
