import Foundation
import Testing

@testable import Profiles

/// Segment keys: whylogs' partition metadata (its SHA-512 ids), file names that no value can
/// steer, and merges that never label a profile with the wrong segment.
@Suite struct SegmentKeyTests {
    @Test(arguments: [
        (
            [UInt8](),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        ),
        (
            Array("abc".utf8),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        ),
        (
            Array((0..<5).flatMap { _ in (0...255).map { UInt8($0) } }),
            "c93f55ccf2fa8c82699ff9b58afe3591242b135d908a6d865e17e38adb41c21d1d5359e51273036373d54d20b5659cc87e6e7b381ff027d33f971416cc590f90"
        ),
    ])
    func sha512EqualsPythonHashlib(_ input: [UInt8], _ digest: String) {
        #expect(_SHA512.hexDigest(input) == digest, "\(input.count) bytes")
    }

    /// The ids whylogs 1.6.4 wrote for `segment_on_column("region")` and for a
    /// `ColumnMapperFunction(col_names=["r", "b"])` partition named `r,b`.
    @Test func partitionMetadataEqualsWhylogs() {
        let one = SegmentKey(columns: ["region"], values: ["eu"]).partitionMetadata
        #expect(
            one["segp_id"]
                == "8b07bc2796da3fad06399a42f493bd6c5328cafd264f2e34622f114a8128d2f12a0efcd95b04a5a781cb8d5b71af11ca5bdbb7de289bb0be9707ea215b631ae4"
        )
        #expect(one["segp_col"] == "region" && one["segp_name"] == "region" && one["segp_cols"] == nil)
        let two = SegmentKey(columns: ["r", "b"], values: ["eu", "True"]).partitionMetadata
        #expect(
            two["segp_id"]
                == "5009eb9debb273d4cb21083cfc441bde36d5798a07936f9da52aa9cd675a9726d197eef688a402724f1eeeeef16bbbcf7fb1d05dffaa594527e31ba2960dfb4c"
        )
        #expect(two["segp_cols"] == "(r)(b)" && two["segp_name"] == "r,b" && two["segp_col"] == nil)
    }

    @Test(arguments: [
        "../../etc/passwd", "a/b", "", ".", "..", "<script>", "x\u{0}y", "é", "C:\\x",
        String(repeating: "ü", count: 400),
    ])
    func aValueNeverSteersTheFileName(_ value: String) {
        let name = SegmentKey(columns: ["region"], values: [value]).fileName
        #expect(name.hasPrefix("segment-region="), "\(name)")
        #expect(!name.contains("/") && !name.contains("\\") && !name.contains("\u{0}"), "\(name)")
        #expect(name.utf8.count <= SegmentKey.maximumFileNameBytes, "\(name.utf8.count) bytes")
        #expect(name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "\(name)")
    }

    @Test func longKeysThatShareAPrefixGetDistinctNames() {
        let prefix = String(repeating: "a", count: 300)
        let names = Set(["1", "2"].map { SegmentKey(columns: ["c"], values: [prefix + $0]).fileName })
        #expect(names.count == 2)
    }

    @Test func namesDifferingOnlyByCaseAreMadeDistinct() {
        let keys = ["EU", "eu", "us"].map { SegmentKey(columns: ["region"], values: [$0]) }
        let names = SegmentKey.fileNames(for: keys)
        #expect(Set(names.values.map { $0.lowercased() }).count == 3, "\(names)")
        #expect(names[keys[2]] == "segment-region=us")
    }

    static func segmentProfile(_ value: String?, rows: Int) -> DatasetProfile {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 1)
        profile.log(column: "x", doubles: (0..<rows).map(Double.init))
        if let value { profile.setSegment(SegmentKey(columns: ["region"], values: [value])) }
        return profile
    }

    @Test func mergingTheSameSegmentKeepsIt() throws {
        var merged = Self.segmentProfile("eu", rows: 3)
        merged.merge(Self.segmentProfile("eu", rows: 4))
        #expect(merged.segmentKey == SegmentKey(columns: ["region"], values: ["eu"]))
        #expect(merged.metadata["whylogs.tag.region"] == "eu" && merged.metadata["segp_col"] == "region")
        let read = try DatasetProfile(file: ProfileFile(serializedBytes: merged.file.serializedBytes()))
        #expect(read.segmentKey == merged.segmentKey)
    }

    /// The old merge kept the first profile's segment tags: the merge of `eu` and `us` said `eu`.
    @Test(arguments: [("eu", "us"), ("eu", nil), (nil, "us")] as [(String?, String?)])
    func mergingDifferentSegmentsLabelsNeither(_ left: String?, _ right: String?) throws {
        var merged = Self.segmentProfile(left, rows: 3)
        merged.merge(Self.segmentProfile(right, rows: 4))
        #expect(merged.segmentTags == nil)
        #expect(merged.metadata["whylogs.tag.region"] == nil)
        // The partition is the same for two segments of one column; kept only when both have it.
        #expect((merged.metadata["segp_col"] != nil) == (left != nil && right != nil))
        let read = try DatasetProfile(file: ProfileFile(serializedBytes: merged.file.serializedBytes()))
        #expect(read.segmentKey == nil && read.columns["x"]?.counts?.n == 7)
    }
}
