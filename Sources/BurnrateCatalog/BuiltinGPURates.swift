public import BurnrateCore
import Foundation

/// The GPU rate table shipped with Burnrate, read from the bundled `gpu-rates.json`.
public enum BuiltinGPURates {
    /// The built-in table, loaded once per process.
    public static let shared: Result<GPURateTable, any Error> = Result { try table() }

    /// The built-in table. The file is checked by the test suite, so a failure here is a build
    /// defect, reported with the file's own line numbers.
    public static func table() throws -> GPURateTable {
        guard let url = Bundle.module.url(forResource: "gpu-rates", withExtension: "json") else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "gpu-rates.json is missing from the BurnrateCatalog bundle"])
        }
        let data = try Data(contentsOf: url)
        do {
            return try GPURateTable.parse(data)
        } catch {
            throw CocoaError(
                .fileReadCorruptFile,
                userInfo: [
                    NSLocalizedDescriptionKey: "gpu-rates.json is invalid: " + error.issues.map(\.description).joined(separator: "; ")
                ])
        }
    }
}
