import BurnrateCatalog
import BurnrateCore
import BurnrateStore
import Hummingbird

/// Non-token costs: `POST`/`GET /api/v1/costs`, `DELETE /api/v1/costs/{id}`,
/// `POST /api/v1/costs/import` (FOCUS or simple CSV) and `GET /api/v1/gpu-rates`.
struct CostsController<Context: RequestContext> {
    /// The largest JSON body `POST /api/v1/costs` accepts.
    static var maximumBodyBytes: Int { 10 * 1024 * 1024 }
    /// The largest CSV `POST /api/v1/costs/import` accepts.
    static var maximumImportBytes: Int { 64 * 1024 * 1024 }
    /// The most row problems an import error lists; the detail gives the full count.
    static var maximumListedIssues: Int { 1_000 }

    let ledger: Ledger
    /// The GPU rates the helper uses; `nil` for the built-in table.
    let gpuRates: GPURateTable?

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("costs", use: create)
        group.get("costs", use: list)
        group.delete("costs/{id}", use: delete)
        group.post("costs/import", use: importCSV)
        group.get("gpu-rates", use: rates)
    }

    func rateTable() throws -> GPURateTable {
        if let gpuRates { return gpuRates }
        return try BuiltinGPURates.shared.get()
    }

    @Sendable func create(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodyBytes)
        let decoded: [CostItemDecoder.Decoded]
        do {
            decoded = try CostItemDecoder.decodeJSON(body.readableBytesView, rates: try rateTable(), now: .now())
        } catch let failure as CostItemDecoder.Failure {
            throw Self.problem(for: failure)
        }
        let outcomes = try await ledger.store.saveCostItems(decoded.map(\.item))
        let fresh = outcomes.filter { !$0.duplicate }
        return JSONResponse(
            value: .fields([
                ("stored", .int(fresh.count)),
                ("duplicates", .int(outcomes.count - fresh.count)),
                ("items", .array(zip(outcomes, decoded).map { CostPresenter.outcome($0, gpu: $1.gpu) })),
            ]),
            status: fresh.isEmpty ? .ok : .created)
    }

    /// The items overlapping `[from, to)` with the part of each in the range; without `from` the
    /// range is open at the start, without `to` it ends now.
    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let (from, to) = try Self.range(request.uri.queryParameters)
        let end = to ?? .now()
        let items = try await ledger.store.costItems(overlapping: from, to: end)
        let start = from ?? items.map(\.periodStart).min() ?? end
        let parts = items.map { CostSpread.amount(of: $0, from: start, to: end) }
        let byCategory = CostCategory.allCases.compactMap { category -> (CostCategory, Money)? in
            let matching = zip(items, parts).filter { $0.0.category == category }
            return matching.isEmpty ? nil : (category, matching.reduce(Money.zero) { $0 + $1.1 })
        }
        let total = parts.reduce(Money.zero, +)
        return JSONResponse(
            value: .fields([
                ("from", from.map { .string($0.rfc3339) }),
                ("to", .string(end.rfc3339)),
                ("count", .int(items.count)),
                ("total_usd", .usd(total)),
                ("total_nanos", .int(total.nanos)),
                ("by_category", CostPresenter.amounts(byCategory)),
                ("items", .array(zip(items, parts).map { CostPresenter.item($0, inRange: $1) })),
            ]))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await ledger.store.deleteCostItem(id: id) else {
            throw Problem.notFound("No cost item with id '\(id)'.")
        }
        return Response(status: .noContent)
    }

    @Sendable func importCSV(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let body = try await request.collectBody(
            upTo: Self.maximumImportBytes,
            tooLarge: "The file is larger than 64 MB, the limit for POST /api/v1/costs/import; import it with burnrate import-costs FILE.")
        let items: [CostItem]
        do {
            items = try CostImport.parse(Array(body.readableBytesView), now: .now())
        } catch {
            throw Self.problem(for: error)
        }
        let outcomes = try await ledger.store.saveCostItems(items)
        let fresh = outcomes.filter { !$0.duplicate }.map(\.item)
        let totals = CostTotals(fresh)
        return JSONResponse(
            value: .fields([
                ("format", .string(items.first?.source == "focus" ? "focus" : "simple")),
                ("rows", .int(items.count)),
                ("stored", .int(fresh.count)),
                ("duplicates", .int(outcomes.count - fresh.count)),
                ("total_usd", .usd(totals.total)),
                ("per_month_usd", totals.perMonth == .zero ? nil : .usd(totals.perMonth)),
                ("by_category", CostPresenter.totals(totals)),
                ("period_start", fresh.map(\.periodStart).min().map { .string($0.rfc3339) }),
                ("period_end", fresh.compactMap(\.periodEnd).max().map { .string($0.rfc3339) }),
            ]),
            status: fresh.isEmpty ? .ok : .created)
    }

    /// The GPU rate table, optionally narrowed to one `gpu` or `cloud`.
    @Sendable func rates(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        for key in query.map(\.key) where !["gpu", "cloud"].contains(String(key)) {
            throw Problem.badRequest("'\(key)' is not a known parameter (known: gpu, cloud).")
        }
        let table = try rateTable()
        let gpu = query.get("gpu").map(GPURateTable.normalizedGPU)
        let cloud = query.get("cloud")?.lowercased()
        let rates = table.rates.filter { rate in
            (gpu == nil || rate.gpu == gpu || rate.aliases.contains(gpu ?? "")) && (cloud == nil || rate.cloud == cloud)
        }
        return JSONResponse(
            value: .fields([
                ("rates_version", .string(table.version)),
                ("hours_per_month", .int(GPUCost.hoursPerMonth)),
                (
                    "note",
                    .string(
                        "On-demand prices per GPU-hour (instance price ÷ GPUs, host included). Spot and reserved pricing need discount_percent; any rate can be replaced with rate_usd_per_hour or a rates file (--gpu-rates)."
                    )
                ),
                ("count", .int(rates.count)),
                ("rates", .array(rates.map(CostPresenter.rate))),
            ]))
    }

    static func range(_ parameters: Parameters) throws(Problem) -> (Timestamp?, Timestamp?) {
        var from: Timestamp?
        var to: Timestamp?
        var issues: [FieldIssue] = []
        for (key, value) in parameters {
            let name = String(key)
            guard name == "from" || name == "to" else {
                issues.append(FieldIssue(field: name, message: "is not a known parameter (known: from, to)"))
                continue
            }
            guard let instant = FilterQuery.parseInstant(String(value)) else {
                issues.append(FieldIssue(field: name, message: "must be an RFC 3339 time or a date YYYY-MM-DD (got \(value))"))
                continue
            }
            if name == "from" { from = instant } else { to = instant }
        }
        if let from, let to, from >= to {
            issues.append(FieldIssue(field: "to", message: "must be after 'from' (\(from.rfc3339) to \(to.rfc3339) is empty or inverted)"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        return (from, to)
    }

    static func problem(for failure: CostItemDecoder.Failure) -> Problem {
        switch failure {
        case .malformed(let error):
            .badRequest("The body is not valid JSON: \(error.description).")
        case .empty:
            .badRequest("The body holds no cost items; send one item object or {\"items\": [...]}.")
        case .tooManyItems(let count):
            Problem(
                .contentTooLarge,
                detail:
                    "The body holds \(count) items; the limit is \(CostItemDecoder.maximumItems) per request. Split it, or import a CSV.")
        case .invalid(let issues):
            .badRequest(
                "\(issues.count) problem\(issues.count == 1 ? "" : "s") in the cost items; nothing was stored.", errors: issues)
        }
    }

    static func problem(for error: CostImportError) -> Problem {
        guard case .invalid(let issues) = error else { return .badRequest(error.summary) }
        let sorted = issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        var detail = error.summary
        if sorted.count > maximumListedIssues { detail += " The first \(maximumListedIssues) are listed." }
        return .badRequest(detail, errors: Array(sorted.prefix(maximumListedIssues)))
    }
}
