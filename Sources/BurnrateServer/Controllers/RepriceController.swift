import BurnrateCore
import BurnrateStore
import Hummingbird

/// `POST /api/v1/reprice` and its audit log, `GET /api/v1/reprice/history`.
struct RepriceController<Context: RequestContext> {
    let ledger: Ledger

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("reprice", use: reprice)
        group.get("reprice/history", use: history)
    }

    /// Body (all optional): `{"scope": "unpriced"|"all", "from": ..., "to": ..., "reason": ...,
    /// "tenant": ..., "model": ...}`. Scope `all` recomputes every event in the range with today's
    /// catalog and needs `from` and `to`.
    @Sendable func reprice(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let node = try await request.jsonBody(upTo: 64 * 1024, empty: .emptyObject)
        var reader = ObjectReader(node)
        reader.rejectUnknownKeys(allowed: Set(["scope", "from", "to", "reason"] + Dimension.allCases.map(\.rawValue)))
        let scope = reader.string("scope") ?? "unpriced"
        if !["unpriced", "all"].contains(scope) { reader.report("scope", "must be \"unpriced\" or \"all\" (got \(scope))") }
        var filter = EventFilter()
        for key in ["from", "to"] {
            guard let text = reader.string(key) else { continue }
            guard let instant = FilterQuery.parseInstant(text) else {
                reader.report(key, "must be an RFC 3339 time or a date YYYY-MM-DD (got \(text))")
                continue
            }
            if key == "from" { filter.from = instant } else { filter.to = instant }
        }
        if scope == "all", filter.from == nil || filter.to == nil {
            reader.report("scope", "\"all\" recomputes a time range: give both 'from' and 'to'")
        }
        if let from = filter.from, let to = filter.to, let issue = FilterQuery.rangeIssue(from: from, to: to) {
            reader.report(issue.field ?? "from", issue.message)
        }
        for dimension in Dimension.allCases {
            if let value = reader.string(dimension.rawValue) { filter.dimensions[dimension] = [value] }
        }
        let reason = reader.string("reason", maxLength: 500) ?? (scope == "all" ? "price correction" : "price unpriced events")
        guard reader.issues.isEmpty else {
            throw Problem.badRequest("The reprice request is not valid; nothing was changed.", errors: reader.issues)
        }
        let report = try await ledger.reprice(RepriceSelection(filter: filter, onlyUnpriced: scope == "unpriced"), reason: reason)
        return JSONResponse(value: Self.json(for: report))
    }

    @Sendable func history(request: Request, context: Context) async throws -> JSONResponse {
        // A limit that is not a whole number from 1 to 1000 is a 400, as elsewhere, not silently 50.
        let limit = try request.uri.queryParameters.limit(default: 50)
        let reports = try await ledger.store.repriceHistory(limit: limit)
        return JSONResponse(value: .fields([("runs", .array(reports.map(Self.json(for:))))]))
    }

    static func json(for report: RepriceReport) -> JSONValue {
        .fields([
            ("id", .int(report.id)),
            ("at", .string(report.at.rfc3339)),
            ("reason", .string(report.reason)),
            ("scope", .string(report.onlyUnpriced ? "unpriced" : "all")),
            ("from", report.from.map { .string($0.rfc3339) }),
            ("to", report.to.map { .string($0.rfc3339) }),
            ("events_examined", .int(report.eventsExamined)),
            ("events_changed", .int(report.eventsChanged)),
            ("newly_priced", .int(report.newlyPriced)),
            ("old_total_usd", .usd(report.oldTotal)),
            ("new_total_usd", .usd(report.newTotal)),
            ("difference_usd", .usd(report.newTotal - report.oldTotal)),
        ])
    }
}
