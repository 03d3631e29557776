import FuzzTargets

#if canImport(Glibc)
import Glibc
#endif

/// The target this process fuzzes, from `SKETCHBOOK_FUZZ_TARGET` (see `Fuzz/README.md`).
let target: FuzzTarget = {
    let name = getenv("SKETCHBOOK_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "sketchbook-fuzz: set SKETCHBOOK_FUZZ_TARGET to one of: \(names) (found \"\(name)\")\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return target
}()

/// libFuzzer's set-up hook: checks the target name before the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = target
    return 0
}

/// libFuzzer's entry point: one input. An invariant broken on an accepted input is a crash, which
/// libFuzzer reports and saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    do {
        try target.run(bytes)
    } catch {
        fatalError("invariant broken: \(error)")
    }
    return 0
}
