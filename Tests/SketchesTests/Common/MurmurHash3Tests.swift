import Testing
@testable import Sketches

@Suite struct MurmurHash3Tests {
    @Test func emptyInputWithSeedZeroHashesToZero() {
        let hash = MurmurHash3.hash(UnsafeRawBufferPointer(start: nil, count: 0), seed: 0)
        #expect(hash == .init(h1: 0, h2: 0))
    }
}
