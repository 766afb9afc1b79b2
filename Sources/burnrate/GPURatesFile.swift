import BurnrateCatalog
import BurnrateCore
import Foundation

/// Reading a GPU rates file, laid over the built-in table, with errors that name the file and line.
enum GPURatesFile {
    /// The built-in rates with the file's replacing those of the same GPU and cloud; `nil` (the
    /// built-in table) without a file.
    static func table(path: String?) throws -> GPURateTable? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("Cannot read the GPU rates file \(path).")
        }
        do {
            return try BuiltinGPURates.shared.get().overlaid(with: try GPURateTable.parse(data))
        } catch let error as GPURateTable.InvalidRates {
            let lines = error.issues.map { "\(path):\($0.line.map(String.init) ?? "?"): \(PricesFile.describe($0))" }
            throw CommandFailure("The GPU rates file \(path) has \(counted(lines.count, "problem")):\n" + lines.joined(separator: "\n"))
        }
    }
}
