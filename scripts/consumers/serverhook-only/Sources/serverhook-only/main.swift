import Foundation
import ServerHook

// Records a few predictions into a window under a temporary directory and writes it: the core
// works without any server framework (metrics go to the process's swift-metrics backend, none here).
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serverhook-only-\(UUID().uuidString)")
let hook = try ServerHook(configuration: ServerHookConfiguration(directory: directory.path, instance: "consumer"))
for index in 0..<10 {
    hook.record(features: ["x": .double(Double(index)), "colour": .string("red")], prediction: Double(index) / 2)
}
let lost = hook.flushAll()
print("serverhook-only: \(hook.health.records) records, \(hook.health.windowsWritten) window(s) written, \(lost) lost")
try? FileManager.default.removeItem(at: directory)
exit(lost == 0 && hook.health.windowsWritten >= 1 ? 0 : 1)
