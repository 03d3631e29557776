/// The inputs Sketchbook reads from outside, each as a fuzz target: a function from arbitrary
/// bytes to either a typed rejection or a value that passes the target's invariants.
///
/// The libFuzzer executable (`Fuzz/Sources/sketchbook-fuzz`, built only with `SKETCHBOOK_FUZZ=1`,
/// see `Fuzz/README.md`) runs one target per process; the regression tests
/// (`Tests/FuzzTargetsTests`) replay the seed corpora and every input a fuzzer has found through
/// the same functions, so a crash found once stays fixed.
///
/// A target never traps on its own: a rejected input (a thrown decoding error) is the expected
/// outcome for most bytes and returns normally; an accepted input that breaks an invariant throws
/// ``FuzzFailure``, which the fuzz executable turns into a crash and the tests into a failure.
/// Anything else — a trap, an out-of-bounds access, unbounded allocation, a hang — is a bug in
/// the code under test.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// `ProfileFile(serializedBytes:)` (whylogs v1, v0, segmented, gzip), then the profile model,
    /// its summary, and a write-read round trip.
    case profileReader = "profile-reader"
    /// `AnyKLLSketch(serializedBytes:)` (floats and doubles, DataSketches and whylogs layouts).
    case kllSketch = "kll-sketch"
    /// `HLLSketch(serializedBytes:)` (LIST, SET, HLL_4/6/8, compact or updatable).
    case hllSketch = "hll-sketch"
    /// `FrequentItemsSketch<String>(serializedBytes:)`.
    case frequentItemsSketch = "frequent-items-sketch"
    /// `CSVProfiler.profile(bytes:)`, once in one block and once cut into many small blocks.
    case csvReader = "csv-reader"
    /// `JSONLinesProfiler.profile(bytes:)`, once in one block on one thread and once cut into
    /// small blocks on three threads.
    case jsonlReader = "jsonl-reader"
    /// `ArrowProfiler.profile(bytes:)` (IPC streams and files), on one thread and on two.
    case arrowReader = "arrow-reader"
    /// The PNG decoder (inputs get the PNG signature if they lack it).
    case pngDecoder = "png-decoder"
    /// The JPEG decoder (inputs get a JPEG start-of-image marker if they lack it).
    case jpegDecoder = "jpeg-decoder"
    /// The PPM/PGM decoder.
    case pnmDecoder = "pnm-decoder"
    /// wine-server's JSON request bodies: `/predict` and `/feedback`.
    case wineRequest = "wine-request"
    /// `ConstraintSuite(text:)` (YAML or JSON), its YAML and JSON round trips, and a check.
    case constraintSuite = "constraint-suite"

    /// Runs one input.
    ///
    /// - Parameter bytes: the input.
    /// - Throws: ``FuzzFailure`` if the input was accepted but the result breaks an invariant.
    package func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .profileReader: try Self.readProfile(bytes)
        case .kllSketch: try Self.decodeKLL(bytes)
        case .hllSketch: try Self.decodeHLL(bytes)
        case .frequentItemsSketch: try Self.decodeFrequentItems(bytes)
        case .csvReader: try Self.profileCSV(bytes)
        case .jsonlReader: try Self.profileJSONLines(bytes)
        case .arrowReader: try Self.profileArrow(bytes)
        case .pngDecoder, .jpegDecoder, .pnmDecoder: try decodeImage(bytes)
        case .wineRequest: try Self.decodeWineRequest(bytes)
        case .constraintSuite: try Self.readConstraintSuite(bytes)
        }
    }
}
