import HTTPTypes
import Hummingbird
import NIOCore

/// A dashboard response: an HTML page, a CSV download or a static asset, with the headers each
/// needs (a content security policy that allows nothing from another host, caching).
struct WebResponse: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields
    var body: String

    /// A page: never cached, since its figures change with every event.
    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> WebResponse {
        WebResponse(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
            ], body: html)
    }

    /// A table as a CSV attachment named `name.csv`.
    static func csv(_ text: String, name: String) -> WebResponse {
        WebResponse(
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\"",
                .cacheControl: "no-store",
            ], body: text)
    }

    /// A static file, cached for a day (the pages link it with a version in the query).
    static func asset(_ text: String, type: String) -> WebResponse {
        WebResponse(
            headers: [.contentType: type, .cacheControl: "public, max-age=86400", .xContentTypeOptions: "nosniff"], body: text)
    }

    /// A redirect after a form post (303, so the browser follows with GET).
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> WebResponse {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return WebResponse(status: .seeOther, headers: headers, body: "")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
