public import Foundation

/// Runs the repository's Python scripts for end-to-end tests, with the `python3` on PATH.
///
/// A missing interpreter or package makes the script fail, and the test with it, showing the
/// script's output (which names the missing module); such tests never pass silently.
public enum TestPython {
    /// The repository's `scripts` directory.
    public static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts")

    /// Runs `scripts/NAME` with `arguments` to completion; its exit status and everything it
    /// printed (standard output and error together).
    public static func run(_ name: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-python-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let pid = try TestPrometheus.spawn(["/usr/bin/env", "python3", scripts.appendingPathComponent(name).path] + arguments, log: log)
        let status = await TestPrometheus.exitStatus(of: pid)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
