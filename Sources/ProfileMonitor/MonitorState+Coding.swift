import Foundation

extension MonitorState {
    /// Reads a state from its bytes, checking its format, version and consistency.
    ///
    /// - Parameter bytes: a state file's contents.
    /// - Throws: ``MonitorStateError`` when the bytes are not a state this version wrote, or are
    ///   inconsistent (a group's file missing, a duplicate file or group).
    public init(serializedBytes bytes: [UInt8]) throws(MonitorStateError) {
        let decoded: MonitorState
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            decoded = try decoder.decode(MonitorState.self, from: Data(bytes))
        } catch {
            throw MonitorStateError(reason: "not a monitor state file (\(error))")
        }
        guard decoded.format == Self.formatName else {
            throw MonitorStateError(reason: "format '\(decoded.format)', expected '\(Self.formatName)'")
        }
        guard decoded.version == Self.formatVersion else {
            throw MonitorStateError(reason: "version \(decoded.version), expected \(Self.formatVersion)")
        }
        var paths: Set<String> = []
        for file in decoded.files where !paths.insert(file.path).inserted {
            throw MonitorStateError(reason: "file '\(file.path)' listed twice")
        }
        var keys: Set<String> = []
        for group in decoded.groups {
            let key = "\(group.periodStart)|\(group.segment?.name ?? "")|\(group.segment == nil)"
            guard keys.insert(key).inserted else {
                throw MonitorStateError(reason: "period \(group.periodStart) listed twice for one segment")
            }
        }
        self = decoded
    }

    /// The state as bytes (JSON), for a state file.
    public func serializedBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Every member encodes (strings, numbers, data): a failure here is a programmer error.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a monitor state always encodes") }
        return [UInt8](data)
    }

    /// Writes the state atomically: a temporary file in the same directory, then a rename.
    ///
    /// - Parameter path: the state file.
    /// - Throws: ``MonitorError`` with code `stateNotWritable`.
    public func write(to path: String) throws(MonitorError) {
        do {
            try Data(serializedBytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw MonitorError(.stateNotWritable, path: path, reason: "cannot write the state: \(error)")
        }
    }
}
