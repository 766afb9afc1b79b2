public import BurnrateCore
public import Foundation

/// The price catalog shipped with Burnrate, read from the bundled `catalog.json`.
public enum BuiltinCatalog {
    /// The bundled catalog file's bytes.
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "json") else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "catalog.json is missing from the BurnrateCatalog bundle"])
        }
        return try Data(contentsOf: url)
    }

    /// Every built-in entry. The file is checked by the test suite, so a failure here is a build
    /// defect, reported with the file's own line numbers.
    public static func entries() throws -> [PriceEntry] {
        try PriceDocument.parse(try data(), origin: .builtin)
    }

    /// The built-in catalog, loaded once per process.
    public static let shared: Result<PriceCatalog, any Error> = Result { PriceCatalog(entries: try entries()) }

    /// The built-in catalog, or the reason it could not be loaded.
    public static func catalog() throws -> PriceCatalog {
        try shared.get()
    }
}
