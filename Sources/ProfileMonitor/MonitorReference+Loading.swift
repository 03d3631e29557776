import Foundation
public import Profiles

extension MonitorReference {
    /// Reads a reference from files and directories (listed as `ProfileMerger.profileInputs(in:)`
    /// lists them): its whole dataset and its segments.
    ///
    /// - Parameters:
    ///   - inputs: a profile file, or directories of them.
    ///   - limits: the read limits for each file.
    ///   - maxBytes: the most bytes to read.
    /// - Throws: ``MonitorError`` with code `invalidReference` naming the path.
    public init(
        contentsOf inputs: [String], limits: ProfileReadLimits = .default, maxBytes: UInt64 = 64 << 30
    ) throws(MonitorError) {
        let listing: ProfileInputListing
        do {
            listing = try ProfileMonitor.absoluteListing(of: inputs)
        } catch {
            throw MonitorError(.invalidReference, path: error.path, reason: error.reason)
        }
        guard !listing.paths.isEmpty else {
            throw MonitorError(
                .invalidReference, path: inputs.joined(separator: " "), reason: "no .bin or .bin.gz profile files")
        }
        var statuses: [_FileStatus] = []
        for path in listing.paths {
            guard let status = _FileStatus(path: path) else {
                throw MonitorError(.invalidReference, path: path, reason: "cannot be examined, or not a regular file")
            }
            statuses.append(status)
        }
        var configuration = MonitorConfiguration(readLimits: limits)
        configuration.maxBytes = maxBytes
        var reader = _BudgetedReader(configuration: configuration)
        var profiles: [DatasetProfile] = []
        for outcome in try reader.read(listing.paths, sizes: statuses.map(\.size)) {
            switch outcome {
            case .success(let profile): profiles.append(profile)
            case .failure(let error): throw MonitorError(.invalidReference, path: error.path, reason: error.reason)
            }
        }
        let revision = _StableDigest.digest(
            zip(listing.paths, statuses).map { "\($0)\u{0}\($1.size)\u{0}\($1.modificationNanoseconds)" }
                .joined(separator: "\n"))
        do {
            try self.init(profiles: profiles, revision: revision)
        } catch {
            throw MonitorError(.invalidReference, path: inputs.joined(separator: " "), reason: "\(error)")
        }
    }
}
