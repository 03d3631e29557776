import Foundation

/// Reading and writing a model as JSON (pretty-printed, sorted keys, written atomically), with
/// errors that name the file and what kind of model it should hold.
enum _ModelFile {
    static func read<Model: Decodable>(_ type: Model.Type, path: String, kind: String) throws(WineServerError) -> Model {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WineServerError("cannot read the \(kind) file \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Model.self, from: data)
        } catch {
            throw WineServerError("the \(kind) file \(path) is not a wine \(kind): \(error)")
        }
    }

    static func write<Model: Encodable>(_ model: Model, path: String, kind: String) throws(WineServerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try (encoder.encode(model) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WineServerError("cannot write the \(kind) file \(path): \(error.localizedDescription)")
        }
    }
}
