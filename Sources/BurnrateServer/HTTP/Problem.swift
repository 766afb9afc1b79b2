import BurnrateCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem: the error body every failed API call returns, saying what is wrong and
/// where.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    /// Field-level problems, for validation failures.
    public var errors: [FieldIssue]
    public var headers: HTTPFields
    /// Extension members (RFC 9457 §3.2) that say more than `detail`, for programs to read.
    public var extensions: [(String, JSONValue)] = []

    public init(
        _ status: HTTPResponse.Status, title: String? = nil, detail: String, errors: [FieldIssue] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The most field problems one answer lists; `error_count` says how many there were, so a
    /// batch with thousands of bad rows gets a readable answer of bounded size.
    public static let maximumListedErrors = 100

    /// A 400 for input that could not be used.
    public static func badRequest(_ detail: String, errors: [FieldIssue] = []) -> Problem {
        Problem(.badRequest, title: "Invalid request", detail: detail, errors: errors)
    }

    /// A 404 naming what was not found.
    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, detail: detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let (fields, body) = rendered(instance: request.uri.path)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    /// The response's headers and problem+json body; `instance` is the path of the request.
    func rendered(instance: String) -> (HTTPFields, ByteBuffer) {
        var members: [(String, JSONValue?)] = [
            ("type", .string("about:blank")),
            ("title", .string(title)),
            ("status", .number(String(status.code))),
            ("detail", .string(detail)),
            ("instance", .string(instance)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .array(errors.prefix(Self.maximumListedErrors).map(Self.json(for:)))))
            members.append(("error_count", .number(String(errors.count))))
        }
        members += extensions.map { ($0.0, $0.1) }
        let body = JSONValue.fields(members).serialized(indent: 2)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return (fields, ByteBuffer(string: body + "\n"))
    }

    private static func json(for issue: FieldIssue) -> JSONValue {
        .fields([
            ("index", issue.index.map { .number(String($0)) }),
            ("field", issue.field.map(JSONValue.string)),
            ("line", issue.line.flatMap { $0 > 0 ? .number(String($0)) : nil }),
            ("message", .string(issue.message)),
        ])
    }
}
