import Profiles

extension FuzzTarget {
    /// Reads a profile file; an accepted one must build a profile, summarize, survive a
    /// write-read-write round trip byte for byte, and (when its counts allow) merge with itself,
    /// doubling its counts.
    static func readProfile(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let file = try? ProfileFile(serializedBytes: bytes) else { return }
        // The file layer accepted it; sketch images inside may still be rejected.
        guard let profile = try? DatasetProfile(file: file) else { return }
        for column in profile.summary() where column.fields.isEmpty {
            throw FuzzFailure(.profileReader, "column \(column.column) has an empty summary")
        }
        let written = profile.file.serializedBytes()
        let reread: DatasetProfile
        do {
            reread = try DatasetProfile(file: ProfileFile(serializedBytes: written))
        } catch {
            throw FuzzFailure(.profileReader, "a profile Sketchbook wrote does not read back: \(error)")
        }
        let rewritten = reread.file.serializedBytes()
        guard rewritten == written else {
            throw FuzzFailure(
                .profileReader,
                "writing the re-read profile gives other bytes (\(rewritten.count), first written \(written.count))")
        }
        guard reread.columns.keys.sorted() == profile.columns.keys.sorted() else {
            throw FuzzFailure(.profileReader, "the re-read profile has other columns")
        }
        // A profile whose counts allow it merges with itself without trapping, doubling them.
        guard (try? profile.checkMergeable(profile)) != nil else { return }
        let doubled = profile.merging(profile)
        for (name, column) in profile.columns {
            guard let counts = column.counts else { continue }
            guard doubled.columns[name]?.counts?.n == 2 * counts.n else {
                throw FuzzFailure(.profileReader, "merging column \(name) with itself does not double counts/n")
            }
        }
    }
}
