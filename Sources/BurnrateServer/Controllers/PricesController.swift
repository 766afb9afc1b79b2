import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// The effective price catalog: list, one model's history, and overrides.
struct PricesController<Context: RequestContext> {
    let ledger: Ledger

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("prices", use: list)
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
        let body = try await request.collectBody(upTo: 1024 * 1024)
        let node: JSONNode
        do {
            node = try JSONParser.parse(body.readableBytesView)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error.description).")
        }
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
                        message: "must be at most \(Limits.maximumValueLength) characters without control characters (got \(decoded.count) characters)")
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
