import Dispatch
import Foundation
import Profiles
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Profiles folders of PNG, JPEG and PPM/PGM files (recursively) into one `DatasetProfile` with
/// whylogs' image feature names, decoding on every core.
///
/// The profile has the image column (``ImageFolderOptions/column``, `image` by default) and one
/// column per feature, `image.ImagePixelWidth`, `image.Colorspace`, `image.Hue.mean`, … (see
/// ``ImageMetadata``): the columns whylogs' `_uncompound_dataset_profile` makes of the `image`
/// multimetric that `log_image` (with `init_image_schema("image")`) writes, so Python whylogs reads
/// them without Pillow, plus Sketchbook's `aspect_ratio`, `mean_R`, `mean_G`, `mean_B`. The image
/// column counts every file found (`counts/n`, `types/object`); a file that cannot be read or
/// decoded adds its reason to `image.decode_error` (a string column) instead of features, and is
/// reported in ``ImageFolderResult/unreadable`` — never fatal unless
/// ``ImageFolderOptions/isStrict``. A folder that cannot be listed (no permission) is reported and
/// counted there too, under the same rule; the profile does not count it, as its files are unknown.
///
/// Finding files: a path named is read whatever its name; inside a folder, files whose names end
/// in one of ``ImageFolderOptions/extensions`` (any case) are chosen, hidden names (`.x`) are
/// passed over, names are visited in sorted order, links to folders are not followed (a link to
/// an enclosing folder cannot loop), and a file reached twice (same device and inode) is read
/// once. The format is decided by the file's first bytes, not its name.
///
/// Bounded work: each file is read only up to ``ImageFolderOptions/maximumFileBytes`` (and must be
/// a regular file: a FIFO named `.png` is not waited on), each image's pixels are limited by
/// ``ImageFolderOptions/maximumPixelCount`` before anything is allocated. Files are decoded in
/// parallel and logged in listing order, so the profile does not depend on the thread count.
public struct ImageFolderProfiler: Sendable {
    /// How to find, read and log the images.
    public var options: ImageFolderOptions
    /// Lists a folder's entries: `FileManager`'s listing, or a test's stand-in.
    let listFolder: @Sendable (String) throws -> [String]

    /// A profiler.
    ///
    /// - Parameter options: how to find, read and log the images.
    public init(options: ImageFolderOptions = ImageFolderOptions()) {
        self.init(options: options) { try FileManager.default.contentsOfDirectory(atPath: $0) }
    }

    /// A profiler that lists folders with `listFolder` (a seam for tests: a folder that cannot be
    /// listed, whoever runs them).
    init(options: ImageFolderOptions, listFolder: @escaping @Sendable (String) throws -> [String]) {
        self.options = options
        self.listFolder = listFolder
    }

    /// Profiles the images of files and folders.
    ///
    /// - Parameters:
    ///   - inputs: files and folders.
    ///   - progress: called from worker threads after each file is logged, with the files done,
    ///     the files in all and the bytes read so far.
    /// - Returns: the profile, the files and the unreadable ones.
    /// - Throws: ``ImageFolderError``.
    /// - Complexity: O(total file size + total pixels); memory O(threads × (largest file + its pixels)).
    public func profile(
        inputs: [String], progress: (@Sendable (_ done: Int, _ total: Int, _ bytes: Int64) -> Void)? = nil
    ) throws(ImageFolderError) -> ImageFolderResult {
        if options.maximumFileBytes < 1 || options.maximumPixelCount < 1 || (options.threadCount ?? 1) < 1
            || options.column.isEmpty
        {
            throw ImageFolderError(
                .invalidOption, path: inputs.joined(separator: " "),
                reason: "the file size and pixel limits and the thread count must be positive, the column named")
        }
        let walk = try walk(inputs)
        let run = Run(options: options, paths: walk.listing.paths, unlistable: walk.unlistable, progress: progress)
        var result = try run.profile()
        result.skipped = walk.listing.skipped
        return result
    }
}

extension ImageFolderProfiler {
    /// What one file gave.
    enum Outcome: Sendable {
        case features([(name: String, value: FeatureValue)], bytes: Int)
        case failure(kind: String, reason: String, bytes: Int)
    }

    /// Decodes files on several threads and logs them in listing order.
    final class Run: Sendable {
        private struct State {
            var pending: [Int: Outcome] = [:]
            var next = 0
            var profile: DatasetProfile
            var images = 0
            var bytes: Int64 = 0
            var unreadableCount = 0
            var unreadable: [ImageFolderResult.Unreadable] = []
            var failure: ImageFolderError?
        }

        private let options: ImageFolderOptions
        private let paths: [String]
        private let progress: (@Sendable (Int, Int, Int64) -> Void)?
        private let decoder: ImageDecoder
        private let state: Mutex<State>
        private let nextIndex = Atomic<Int>(0)
        private let window: DispatchSemaphore
        private let threadCount: Int

        init(
            options: ImageFolderOptions, paths: [String], unlistable: [ImageFolderResult.Unreadable],
            progress: (@Sendable (Int, Int, Int64) -> Void)?
        ) {
            self.options = options
            self.paths = paths
            self.progress = progress
            decoder = ImageDecoder(maxPixelCount: options.maximumPixelCount)
            threadCount = max(1, min(options.threadCount ?? ProcessInfo.processInfo.activeProcessorCount, paths.count))
            window = DispatchSemaphore(value: 4 * threadCount)
            var profile = DatasetProfile(datasetTimestampMilliseconds: options.datasetTimestampMilliseconds)
            profile.columnRoles = [:]
            // Folders that could not be listed come first: they were met before any file was read.
            state = Mutex(
                State(
                    profile: profile, unreadableCount: unlistable.count,
                    unreadable: Array(unlistable.prefix(ImageFolderResult.maximumReportedUnreadable))))
        }

        func profile() throws(ImageFolderError) -> ImageFolderResult {
            if !paths.isEmpty {
                DispatchQueue.concurrentPerform(iterations: threadCount) { _ in work() }
            }
            return try state.withLock { state throws(ImageFolderError) in
                if let failure = state.failure { throw failure }
                return ImageFolderResult(
                    profile: state.profile, paths: paths, imageCount: state.images, byteCount: state.bytes,
                    unreadableCount: state.unreadableCount, unreadable: state.unreadable, skipped: [])
            }
        }

        private func work() {
            while true {
                window.wait()
                let index = nextIndex.add(1, ordering: .relaxed).oldValue
                guard index < paths.count, !state.withLock({ $0.failure != nil }) else {
                    window.signal()
                    return
                }
                commit(index, outcome(of: paths[index]))
            }
        }

        private func outcome(of path: String) -> Outcome {
            let bytes: [UInt8]
            switch read(path) {
            case .success(let data): bytes = data
            case .failure(let failure): return failure.outcome
            }
            do {
                return .features(
                    try ImageMetadata.features(ofEncodedImage: bytes, decoder: decoder), bytes: bytes.count)
            } catch {
                return .failure(kind: error.code.description, reason: "\(error)", bytes: bytes.count)
            }
        }

        /// The file's bytes, read only up to the limit; a FIFO or device is not waited on.
        private func read(_ path: String) -> Result<[UInt8], OutcomeError> {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else {
                return .failure(.init(.failure(kind: "unreadable", reason: String(cString: strerror(errno)), bytes: 0)))
            }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                return .failure(.init(.failure(kind: "unreadable", reason: "not a regular file", bytes: 0)))
            }
            let limit = options.maximumFileBytes
            if status.st_size > limit {
                return .failure(
                    .init(
                        .failure(kind: "too large", reason: "larger than \(limit) bytes (\(status.st_size))", bytes: 0))
                )
            }
            var buffer = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
            var done = 0
            var failure: Int32 = 0
            buffer.withUnsafeMutableBytes { raw in
                while done < raw.count {
                    let got = Self.systemRead(descriptor, raw.baseAddress! + done, raw.count - done)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if got == 0 { return }
                    done += got
                }
            }
            if failure != 0 {
                return .failure(
                    .init(.failure(kind: "unreadable", reason: String(cString: strerror(failure)), bytes: done)))
            }
            if done > limit || done > Int(status.st_size) {
                return .failure(.init(.failure(kind: "too large", reason: "grew while being read", bytes: done)))
            }
            buffer.removeSubrange(done...)
            return .success(buffer)
        }

        private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
            #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
            #else
            Darwin.read(descriptor, buffer, count)
            #endif
        }

        /// Logs every outcome that is next in listing order.
        private func commit(_ index: Int, _ outcome: Outcome) {
            var report: (Int, Int64)?
            state.withLock { state in
                state.pending[index] = outcome
                while let next = state.pending.removeValue(forKey: state.next) {
                    let path = paths[state.next]
                    state.next += 1
                    window.signal()
                    guard state.failure == nil else { continue }
                    log(next, path: path, into: &state)
                }
                report = (state.next, state.bytes)
            }
            if let report { progress?(report.0, paths.count, report.1) }
        }

        private func log(_ outcome: Outcome, path: String, into state: inout State) {
            let column = options.column
            switch outcome {
            case .features(let features, let bytes):
                state.profile.log(column: column, value: .bytes([]))
                for (feature, value) in features {
                    state.profile.log(column: DatasetProfile.derivedColumnName(column, feature: feature), value: value)
                }
                state.images += 1
                state.bytes += Int64(bytes)
            case .failure(let kind, let reason, let bytes):
                if options.isStrict {
                    state.failure = ImageFolderError(.unreadableImage, path: path, reason: reason)
                    return
                }
                state.profile.log(column: column, value: .bytes([]))
                state.profile.log(
                    column: DatasetProfile.derivedColumnName(column, feature: DatasetProfile.decodeErrorFeature),
                    value: .string(kind))
                state.bytes += Int64(bytes)
                state.unreadableCount += 1
                if state.unreadable.count < ImageFolderResult.maximumReportedUnreadable {
                    state.unreadable.append(.init(path: path, reason: reason))
                }
            }
        }
    }

    /// A failed read, carrying the outcome to log.
    struct OutcomeError: Error {
        var outcome: Outcome
        init(_ outcome: Outcome) { self.outcome = outcome }
    }
}
