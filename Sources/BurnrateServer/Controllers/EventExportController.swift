import BurnrateCore
import BurnrateStore
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/v1/export/events`: every event matching a range and filters as NDJSON, one object
/// per line in the shape of `GET /api/v1/events/{id}`, read from the store a page at a time and
/// written as it is read, so memory stays flat however many events there are.
struct EventExportController<Context: RequestContext> {
    /// Events read from the store per page.
    static var pageSize: Int { 1_000 }

    let ledger: Ledger

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("export/events", use: export)
    }

    @Sendable func export(request: Request, context: Context) async throws -> Response {
        let filter = try FilterQuery.parse(request.uri.queryParameters)
        let store = ledger.store
        let pageSize = Self.pageSize
        let body = ResponseBody { writer in
            var cursor: EventCursor?
            while true {
                let page = try await store.events(filter, after: cursor, limit: pageSize)
                if !page.isEmpty {
                    var buffer = ByteBuffer()
                    for stored in page {
                        buffer.writeString(EventPresenter.stored(stored).serialized())
                        buffer.writeInteger(UInt8(ascii: "\n"))
                    }
                    try await writer.write(buffer)
                }
                guard page.count == pageSize, let last = page.last else { break }
                cursor = EventCursor(after: last)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-ndjson",
                .contentDisposition: "attachment; filename=\"\(Self.filename(filter))\"",
            ],
            body: body)
    }

    /// `burnrate-events-FROM-TO.ndjson`, with `all` for an open bound.
    static func filename(_ filter: EventFilter) -> String {
        let label = { (instant: Timestamp?) in
            instant.map { String($0.rfc3339.prefix(10)) } ?? "all"
        }
        return "burnrate-events-\(label(filter.from))-\(label(filter.to)).ndjson"
    }
}
