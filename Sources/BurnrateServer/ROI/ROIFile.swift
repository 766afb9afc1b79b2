import BurnrateCatalog
import BurnrateCore
import Foundation
import Yams

/// ROI inputs from YAML (or JSON, which is YAML too): plain assumptions or a business scenario,
/// as `burnrate roi --file` reads them. See `ROIDocument` for the fields.
public enum ROIFile {
    /// Reads the file at `path`, pricing a business scenario's API model from `catalog` now.
    public static func load(path: String, catalog: PriceCatalog, at time: Timestamp = .now()) throws(ROIInputError) -> ROIDocument {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ROIInputError(issues: [FieldIssue(message: "\(path) cannot be read (is the path right?)")])
        }
        return try parse(text, catalog: catalog, at: time)
    }

    /// Reads YAML text.
    public static func parse(_ text: String, catalog: PriceCatalog, at time: Timestamp = .now()) throws(ROIInputError) -> ROIDocument {
        do {
            return try ROIDocument.decode(try document(text), catalog: catalog, at: time, gpuRates: try? BuiltinGPURates.shared.get())
        } catch {
            // The YAML is read through a one-line JSON rendering, so its line numbers say nothing.
            throw ROIInputError(issues: error.issues.map { FieldIssue(index: $0.index, field: $0.field, message: $0.message) })
        }
    }

    /// The YAML document as the JSON tree the core decoders read.
    static func document(_ text: String) throws(ROIInputError) -> JSONNode {
        do {
            let loaded = try Yams.load(yaml: text) ?? [String: Any]()
            let data = try JSONSerialization.data(withJSONObject: loaded, options: [.fragmentsAllowed])
            return try JSONParser.parse(Array(data))
        } catch let error as YamlError {
            throw ROIInputError(issues: [FieldIssue(message: "is not valid YAML: \(error)")])
        } catch {
            throw ROIInputError(issues: [FieldIssue(message: "cannot be read as YAML: \(error)")])
        }
    }
}
