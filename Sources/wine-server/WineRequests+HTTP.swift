import Hummingbird
import WineQuality

extension Decodable {
    /// Decodes a JSON request body, turning every failure into a 422 that says what is wrong
    /// (the field, or that the body is not a JSON object).
    static func decodeBody(_ body: ByteBuffer) throws -> Self {
        do {
            return try decodeJSON(body.readableBytesView)
        } catch let problem as FieldProblem {
            throw HTTPError(.unprocessableContent, message: "field '\(problem.field)' \(problem.problem)")
        } catch {
            throw HTTPError(.unprocessableContent, message: "the body must be a JSON object")
        }
    }
}
