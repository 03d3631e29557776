import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile images` run as the built binary, on a folder built in a temporary
/// directory (nested folders, a link loop, a corrupt PNG, a text file named .png, an empty file).
@Suite struct ImagesCommandTests {
    static let good = ["png_c2_d8.png", "png_c3_d4.png", "jpeg_gray.jpg", "pnm_p6_max255.ppm", "pnm_p5_max15.pgm"]

    /// The folder: `a/` holds two images and a corrupt PNG, `a/b/c/` three images, a link back to
    /// `a`, a text file named `.png`, an empty `.jpg`, a hidden image and a `.txt`.
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)")
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        let a = root.appendingPathComponent("a")
        for (index, name) in good.enumerated() {
            let target = (index < 2 ? a : deep).appendingPathComponent(name)
            try FileManager.default.copyItem(at: Fixtures.url("images/\(name)"), to: target)
        }
        var corrupt = try Fixtures.bytes("images/png_c6_d8.png")
        corrupt[corrupt.count / 2] ^= 0xFF
        try Data(corrupt).write(to: a.appendingPathComponent("corrupt.png"))
        try Data("not an image\n".utf8).write(to: deep.appendingPathComponent("notes.png"))
        try Data().write(to: deep.appendingPathComponent("empty.jpg"))
        try Data("x".utf8).write(to: deep.appendingPathComponent("readme.txt"))
        try FileManager.default.copyItem(
            at: Fixtures.url("images/png_c0_d8.png"), to: deep.appendingPathComponent(".hidden.png"))
        try FileManager.default.createSymbolicLink(
            atPath: deep.appendingPathComponent("loop").path, withDestinationPath: a.path)
        return root
    }

    static func columns(_ text: String) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(object["columns"] as? [String: [String: Any]])
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func aFolderIsWalkedAndBadFilesAreReportedNotFatal() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try ProfileExecutable.run(["images", root.path, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let columns = try Self.columns(result.standardOutput)
        #expect(Self.number(columns["image"]?["counts/n"]) == 8)
        #expect(Self.number(columns["image.ImagePixelWidth"]?["counts/n"]) == 5)
        #expect(Self.number(columns["image.decode_error"]?["counts/n"]) == 3)
        #expect(columns["image.Colorspace"] != nil && columns["image.Hue.mean"] != nil)
        let warnings = result.standardError.split(separator: "\n").filter { $0.hasPrefix("profile: warning:") }
        #expect(warnings.count == 3)
        #expect(warnings.contains { $0.contains("corrupt.png") })
        #expect(warnings.contains { $0.contains("notes.png") })
        #expect(warnings.contains { $0.contains("empty.jpg") })
        #expect(result.standardError.contains("loop: a link to a directory, not followed"))
        #expect(result.standardError.contains("profiled 5 images, 3 unreadable"))

        let strict = try ProfileExecutable.run(["images", root.path, "--strict", "--quiet"])
        #expect(strict.status == 2)
        #expect(strict.standardError.hasPrefix("profile: error: "))
    }

    @Test func theProfileDoesNotDependOnTheThreadCount() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        var outputs: [String] = []
        for threads in ["1", "3"] {
            let result = try ProfileExecutable.run(
                ["images", root.path, "--threads", threads, "--format", "csv", "--quiet"])
            #expect(result.status == 0, "\(result.standardError)")
            outputs.append(result.standardOutput)
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func aFileOverTheSizeLimitIsUnreadable() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = root.appendingPathComponent("big.ppm")
        var bytes = Array("P5\n2048 1024\n255\n".utf8)
        bytes += [UInt8](repeating: 7, count: 2048 * 1024)
        try Data(bytes).write(to: big)
        let result = try ProfileExecutable.run(["images", big.path, "--max-file-mib", "1", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("big.ppm: larger than 1048576 bytes"))
        #expect(Self.number(try Self.columns(result.standardOutput)["image.decode_error"]?["counts/n"]) == 1)
    }

    @Test func usageErrors() throws {
        #expect(try ProfileExecutable.run(["images"]).status == 2)
        #expect(try ProfileExecutable.run(["images", "no/such/folder"]).status == 2)
        #expect(try ProfileExecutable.run(["images", "fixtures/images", "--max-file-mib", "0"]).status == 2)
    }
}
