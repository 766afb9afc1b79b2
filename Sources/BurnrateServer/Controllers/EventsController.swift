import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `POST /api/v1/events`, `GET /api/v1/events` (the latest events of a range and filters) and
/// `GET /api/v1/events/{id}`.
struct EventsController<Context: RequestContext> {
    /// The largest body `POST /api/v1/events` accepts.
    static var maximumBodyBytes: Int { 10 * 1024 * 1024 }
    /// How many events `GET /api/v1/events` lists without `limit`.
    static var defaultListLimit: Int { 50 }

    let ledger: Ledger
    let ingestMetrics: IngestMetrics

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("events", use: ingest)
        group.get("events", use: latest)
        group.get("events/{id}", use: show)
    }

    /// The newest events matching the range and filters, newest first; the whole set is in
    /// `GET /api/v1/export/events`.
    @Sendable func latest(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let filter = try FilterQuery.parse(parameters, extra: ["limit"])
        let limit = try parameters.limit(default: Self.defaultListLimit)
        let events = try await ledger.store.latestEvents(filter, limit: limit)
        return JSONResponse(value: .fields([("events", .array(events.map(EventPresenter.stored)))]))
    }

    @Sendable func ingest(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let body = try await request.collectBody(
            upTo: Self.maximumBodyBytes,
            tooLarge:
                "The request body is larger than 10 MB, the limit for POST /api/v1/events; send at most \(EventDecoder.maximumEvents) events or 10 MB per request."
        )
        let bytes = body.readableBytesView
        let contentType = request.headers[.contentType]?.lowercased() ?? "application/json"
        let isNDJSON = ["ndjson", "jsonl", "json-seq", "jsonlines"].contains { contentType.contains($0) }
        let events: [UsageEvent]
        do {
            events =
                isNDJSON
                ? try EventDecoder.decodeNDJSON(bytes, now: .now(), makeID: Self.makeID)
                : try EventDecoder.decodeJSON(bytes, now: .now(), makeID: Self.makeID)
        } catch {
            throw Self.problem(for: error, isNDJSON: isNDJSON)
        }
        let started = ContinuousClock.now
        let outcomes = try await ledger.ingest(events)
        let fresh = outcomes.filter { !$0.duplicate }
        ingestMetrics.record(duration: ContinuousClock.now - started, storedEvents: fresh.count)
        let total = fresh.reduce(Money.zero) { $0 + $1.stored.priced.cost.total }
        // `Prefer: return=minimal` (RFC 7240) asks for the counts without each event's outcome,
        // which bulk loaders do not read.
        let minimal = Self.prefersMinimal(request.headers[values: .prefer])
        let outcomesJSON: JSONValue? = minimal ? nil : .array(outcomes.map(EventPresenter.outcome))
        return JSONResponse(
            value: .fields([
                ("accepted", .int(fresh.count)),
                ("duplicates", .int(outcomes.count - fresh.count)),
                ("unpriced", .int(fresh.filter { !$0.stored.priced.isPriced }.count)),
                ("partially_priced", .int(fresh.filter { $0.stored.priced.pricing?.isPartial == true }.count)),
                ("cost_usd", .usd(total)),
                ("cost_nanos", .int(total.nanos)),
                ("events", outcomesJSON),
            ]),
            indent: outcomes.count > Self.indentedOutcomes ? 0 : 2,
            headers: minimal ? [.preferenceApplied: "return=minimal"] : [:])
    }

    /// Answers for more events than this are written on one line.
    static var indentedOutcomes: Int { 100 }

    /// Whether `Prefer` headers ask for `return=minimal`.
    static func prefersMinimal(_ values: [String]) -> Bool {
        values.contains { $0.lowercased().contains("return=minimal") }
    }

    @Sendable func show(request: Request, context: Context) async throws -> JSONResponse {
        // The router hands the segment over as sent: `a%2Fb` is the event `a/b`.
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard let stored = try await ledger.store.event(id: id) else {
            throw Problem.notFound("No event with id '\(id)'.")
        }
        return JSONResponse(value: EventPresenter.stored(stored))
    }

    static func makeID() -> String { RandomID.make() }

    static func problem(for failure: EventDecoder.Failure, isNDJSON: Bool) -> Problem {
        switch failure {
        case .malformed(let error):
            var detail = "The body is not valid JSON: \(error.description)."
            if !isNDJSON, error.message.hasPrefix("Unexpected content after") {
                detail += " To send one event per line, use Content-Type: application/x-ndjson."
            }
            return .badRequest(detail)
        case .empty:
            return .badRequest("The body holds no events; send one event object, an array of events, or NDJSON.")
        case .tooManyEvents(let count):
            return Problem(
                .contentTooLarge,
                detail:
                    "The body holds \(count) events; the limit is \(EventDecoder.maximumEvents) events per request. Split it into smaller batches."
            )
        case .invalid(let issues):
            let events = Set(issues.compactMap(\.index)).count
            return .badRequest(
                "\(issues.count) problem\(issues.count == 1 ? "" : "s") in \(events) event\(events == 1 ? "" : "s"); nothing was stored.",
                errors: issues)
        }
    }
}
