import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// The effective price catalog: list, one model's history, and overrides.
struct PricesController<Context: RequestContext> {
    let ledger: Ledger

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("prices", use: list)
        group.post("prices/import", use: importFile)
        group.get("prices/**", use: show)
        group.put("prices/**", use: update)
    }

    /// Every entry, optionally narrowed by `provider` and a `q` substring of the model id.
    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        for key in query.map(\.key) where !["provider", "q"].contains(String(key)) {
            throw Problem.badRequest("'\(key)' is not a known parameter (known: provider, q).")
        }
        let provider = query.get("provider")?.lowercased()
        let search = query.get("q")?.lowercased()
        let entries = try await ledger.catalog().entries.filter { entry in
            guard provider == nil || entry.provider == provider else { return false }
            guard let search else { return true }
            return entry.model.contains(search) || entry.aliases.contains { $0.contains(search) }
        }
        return JSONResponse(
            value: .fields([
                ("count", .int(entries.count)),
                ("models", .array(entries.map(Self.json(for:)))),
            ]))
    }

    /// A model's price history and the entry in effect now.
    @Sendable func show(request: Request, context: Context) async throws -> JSONResponse {
        let model = try Self.modelPath(context)
        let provider = request.uri.queryParameters.get("provider")
        let catalog = try await ledger.catalog()
        let history = catalog.history(provider: provider, model: model)
        guard !history.isEmpty else {
            throw Problem.notFound("No price for model '\(model)'. Set one with PUT /api/v1/prices/\(model).")
        }
        var current: JSONValue?
        if case .priced(let entry) = catalog.lookup(provider: provider, model: model, at: .now()) {
            current = .string(entry.id)
        }
        return JSONResponse(
            value: .fields([
                ("model", .string(model)),
                ("in_effect_now", current),
                ("entries", .array(history.map(Self.json(for:)))),
            ]))
    }

    /// Sets an override: the body is a price entry; the model comes from the path.
    @Sendable func update(request: Request, context: Context) async throws -> JSONResponse {
        let model = try Self.modelPath(context)
        var request = request
        let node = try await request.jsonBody(upTo: 1024 * 1024)
        var reader = ObjectReader(node)
        let provider = reader.string("provider", required: true, maxLength: 64)
        var defaultDate: Date?
        if let provider { defaultDate = try await ledger.defaultEffectiveFrom(provider: provider, model: model) }
        let entry =
            reader.issues.isEmpty
            ? PriceDocument.readEntry(&reader, origin: .override, model: model, defaultEffectiveFrom: defaultDate)
            : nil
        guard let entry, reader.issues.isEmpty else {
            throw Problem.badRequest("The price entry is not valid; nothing was changed.", errors: reader.issues)
        }
        try await ledger.setPrice(entry)
        let catalog = try await ledger.catalog()
        let unpriced = try await ledger.store.summary(.init()).unpricedModels
            .filter { catalog.history(provider: $0.provider, model: $0.model).contains { $0.id == entry.id } }
            .reduce(0) { $0 + $1.requests }
        return JSONResponse(
            value: .fields([
                ("entry", Self.json(for: entry)),
                (
                    "note",
                    .string(
                        unpriced > 0
                            ? "\(unpriced) stored events of this model are unpriced; POST /api/v1/reprice to price them."
                            : "New events use this price. Stored events keep their cost until repriced (POST /api/v1/reprice).")
                ),
            ]))
    }

    /// The largest prices file an import takes (LiteLLM's whole map is about 3 MB).
    static var maximumImportBytes: Int { 32 * 1024 * 1024 }

    /// Imports a prices file (`format=litellm` or `burnrate`): shows what changes per model and
    /// field, and unless `dry_run=true` stores the changed prices from `effective_from` (default
    /// today for LiteLLM's undated map). Stored events keep their cost until repriced.
    @Sendable func importFile(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        for key in query.map(\.key) where !["format", "dry_run", "effective_from", "replace"].contains(String(key)) {
            throw Problem.badRequest("'\(key)' is not a known parameter (known: format, dry_run, effective_from, replace).")
        }
        let formatName = query.get("format") ?? "burnrate"
        guard let format = PriceFileFormat(rawValue: formatName.lowercased()) else {
            throw Problem.badRequest(
                "format must be one of \(PriceFileFormat.allCases.map(\.rawValue).joined(separator: ", ")) (got \(formatName)).")
        }
        let dryRun = try Self.flag(query.get("dry_run"), name: "dry_run")
        let replace = try Self.flag(query.get("replace"), name: "replace")
        var effectiveFrom: Date?
        if let text = query.get("effective_from") {
            guard let date = CalendarDate.parse(text) else {
                throw Problem.badRequest("effective_from must be a date YYYY-MM-DD (got \(text)).")
            }
            effectiveFrom = date
        }
        var request = request
        let body = try await request.collectBody(
            upTo: Self.maximumImportBytes, tooLarge: "The prices file is larger than 32 MB, the limit for POST /api/v1/prices/import.")
        let parsed: (entries: [PriceEntry], skipped: [LiteLLMPriceMap.Skipped])
        do {
            parsed = try format.parse(body.readableBytesView, effectiveFrom: effectiveFrom)
        } catch {
            throw Problem.badRequest("The prices file is not valid \(format.rawValue) prices; nothing was changed.", errors: error.issues)
        }
        let plan: PriceImportPlan
        do {
            plan = try await ledger.importPrices(parsed.entries, effectiveFrom: effectiveFrom, replace: replace, dryRun: dryRun)
        } catch let error as PriceDocument.Invalid {
            throw Problem.badRequest("Some imported prices could not be stored as overrides; nothing was changed.", errors: error.issues)
        }
        return JSONResponse(value: PriceImportPresenter.json(plan, skipped: parsed.skipped, format: format, dryRun: dryRun))
    }

    static func flag(_ text: String?, name: String) throws -> Bool {
        guard let text else { return false }
        guard let value = ["true": true, "false": false, "1": true, "0": false][text.lowercased()] else {
            throw Problem.badRequest("\(name) must be true or false (got \(text)).")
        }
        return value
    }

    static func modelPath(_ context: Context) throws -> String {
        let model = context.parameters.getCatchAll().joined(separator: "/")
        let decoded = model.removingPercentEncoding ?? model
        guard !decoded.isEmpty else { throw Problem.badRequest("Name the model in the path, as in /api/v1/prices/gpt-4o.") }
        guard decoded.count <= Limits.maximumValueLength, !Limits.hasControlCharacter(decoded) else {
            throw Problem.badRequest(
                "The model named in the path is not valid.",
                errors: [
                    FieldIssue(
                        field: "model",
                        message:
                            "must be at most \(Limits.maximumValueLength) characters without control characters "
                            + "(got \(decoded.count) characters)")
                ])
        }
        return decoded
    }

    static func json(for entry: PriceEntry) -> JSONValue {
        guard case .object(let members) = PriceDocument.jsonValue(for: entry) else { return .null }
        guard case .object(let extra) = JSONValue.fields([("id", .string(entry.id)), ("origin", .string(entry.origin.rawValue))]) else {
            return .null
        }
        return .object(extra + members)
    }
}
