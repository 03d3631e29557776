import Foundation

/// Reads a whole file, refusing files larger than `limit` bytes.
func readFile(_ path: String, limit: Int) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            throw CommandError("\(path): \(isDirectory.boolValue ? "is a directory" : "permission denied")")
        }
        throw CommandError("\(path): no such file")
    }
    defer { try? handle.close() }
    do {
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            throw CommandError("\(path): larger than \(limit >> 20) MiB, too large to be a sketch image")
        }
        return [UInt8](data)
    } catch let error as CommandError {
        throw error
    } catch {
        throw CommandError("\(path): \(error.localizedDescription)")
    }
}
