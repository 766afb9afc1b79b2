import BurnrateCore
import BurnrateStore
import Hummingbird
import NIOCore

/// `GET /api/v1/reports/{period}`: the cost review of a month, ISO week or day as JSON, Markdown
/// or CSV.
struct ReportsController<Context: RequestContext> {
    let analytics: CostAnalytics

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("reports/{period}", use: review)
    }

    @Sendable func review(request: Request, context: Context) async throws -> Response {
        let label = try context.parameters.require("period")
        let parameters = request.uri.queryParameters
        let format = try ReportFormat.parse(parameters)
        var filter = try FilterQuery.parse(parameters, extra: ["format"], calendar: analytics.calendar)
        guard filter.from == nil, filter.to == nil else {
            throw Problem.badRequest(
                "A report covers its period; leave out 'from' and 'to'.",
                errors: [FieldIssue(field: filter.from == nil ? "to" : "from", message: "is not used by reports")])
        }
        filter = EventFilter(dimensions: filter.dimensions, tags: filter.tags)
        guard let period = ReportPeriod(label, calendar: analytics.calendar) else {
            throw Problem.badRequest(
                "'\(label)' is not a period: use a month (2026-11), an ISO week (2026-W47) or a day (2026-11-23).",
                errors: [FieldIssue(field: "period", message: "must be YYYY-MM, YYYY-Www or YYYY-MM-DD")])
        }
        let review = try await analytics.review(period, filter: filter)
        return format.response(
            json: ReviewPresenter.review(review), markdown: review.markdown, csv: review.csv,
            filename: "burnrate-review-\(review.label)")
    }
}

/// How a report is written: `format=json` (the default), `md` or `csv`.
enum ReportFormat: String {
    case json, md, csv

    static func parse(_ parameters: Parameters) throws(Problem) -> ReportFormat {
        let text = parameters["format"].map(String.init) ?? "json"
        guard let format = ReportFormat(rawValue: text == "markdown" ? "md" : text) else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [FieldIssue(field: "format", message: "must be json, md or csv (got \(text))")])
        }
        return format
    }

    /// The response in this format; CSV and Markdown come as attachments with `filename`.
    func response(json: JSONValue, markdown: String, csv: String, filename: String) -> Response {
        let (body, type, disposition): (String, String, String?) =
            switch self {
            case .json: (json.serialized(indent: 2) + "\n", "application/json", nil)
            case .md: (markdown, "text/markdown; charset=utf-8", "inline; filename=\"\(filename).md\"")
            case .csv: (csv, "text/csv; charset=utf-8", "attachment; filename=\"\(filename).csv\"")
            }
        var headers: HTTPFields = [.contentType: type]
        if let disposition { headers[.contentDisposition] = disposition }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
