import Foundation

/// What a monitor run remembers for the next: each input file's identity (path, size, modification
/// time) with its period and segment, and each period's computed results (columns, series values,
/// drift and constraint findings) with the merged profiles a trailing baseline will need. A run
/// given the state reads only new or changed files and recomputes only the periods they affect.
///
/// The state is a JSON document (``serializedBytes()``); it is checked when read (format, version,
/// internal consistency) and used only with the settings it was written with
/// (``MonitorConfiguration/cacheKey`` and the baseline): otherwise the run starts from scratch.
///
/// `Codable` gives the JSON layout; decode through ``init(serializedBytes:)``, which checks it.
public struct MonitorState: Sendable, Codable {
    /// The format name written in every state file.
    public static let formatName = "sketchbook-monitor-state"
    /// The format version.
    public static let formatVersion = 1

    struct FileRecord: Sendable, Hashable, Codable {
        var path: String
        var size: UInt64
        var modificationNanoseconds: Int64
        var periodStart: UInt64
        var segment: MonitorSegment?
    }

    struct ScalarRecord: Sendable, Hashable, Codable {
        var column: String?
        var metric: MonitorMetric
        var value: Double
    }

    struct GroupRecord: Sendable, Codable {
        var periodStart: UInt64
        var segment: MonitorSegment?
        /// A digest of the group's files (paths, sizes, modification times).
        var revision: String
        /// A digest of the baseline the cached findings were computed against.
        var baselineRevision: String
        var columns: [String]
        var scalars: [ScalarRecord]
        /// Drift and constraint findings.
        var findings: [MonitorFinding]
        /// The merged profile (its file bytes), kept for the periods a trailing baseline needs next.
        var profile: Data?
    }

    var format: String
    var version: Int
    var fingerprint: String
    var files: [FileRecord]
    var groups: [GroupRecord]

    init(fingerprint: String, files: [FileRecord], groups: [GroupRecord]) {
        self.format = Self.formatName
        self.version = Self.formatVersion
        self.fingerprint = fingerprint
        self.files = files
        self.groups = groups
    }
}

extension MonitorState {
    /// A digest of bytes that is the same in every process (FNV-1a 64, 16 hex digits), for
    /// ``MonitorConfiguration/cacheKey`` (a suite or configuration file's content).
    public static func digest(_ bytes: [UInt8]) -> String {
        _StableDigest.digest(bytes)
    }
}
