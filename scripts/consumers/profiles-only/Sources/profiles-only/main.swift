import Foundation
import Profiles

// Log a row, write the profile, read it back: the whole of what a Profiles-only user needs.
var profile = DatasetProfile()
profile.log(row: ["region": .string("Douro"), "price": .double(12.5), "year": .int(2021)])
let path = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-only-\(UUID().uuidString).bin").path
defer { try? FileManager.default.removeItem(atPath: path) }
try profile.file.write(to: path)
let back = try DatasetProfile(file: ProfileFile(contentsOf: path))
guard back.columnNames == ["price", "region", "year"], back.columns["price"]?.counts?.n == 1 else {
    print("profiles-only: the profile read back differs: \(back.columnNames)")
    exit(1)
}
print("profiles-only: logged, wrote and read back \(back.columnNames.joined(separator: ", "))")
