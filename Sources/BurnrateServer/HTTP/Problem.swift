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

    public init(_ status: HTTPResponse.Status, title: String? = nil, detail: String, errors: [FieldIssue] = [],
                headers: HTTPFields = [:]) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// A 400 for input that could not be used.
    public static func badRequest(_ detail: String, errors: [FieldIssue] = []) -> Problem {
        Problem(.badRequest, title: "Invalid request", detail: detail, errors: errors)
    }

    /// A 404 naming what was not found.
    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, detail: detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var members: [(String, JSONValue)] = [
            ("type", .string("about:blank")),
            ("title", .string(title)),
            ("status", .number(String(status.code))),
            ("detail", .string(detail)),
            ("instance", .string(request.uri.path)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .array(errors.map(Self.json(for:)))))
        }
        let body = JSONValue.object(members.map { JSONMember(key: $0.0, node: JSONNode($0.1, line: 0)) }).serialized(indent: 2)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }

    private static func json(for issue: FieldIssue) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let index = issue.index { members.append(("index", .number(String(index)))) }
        if let field = issue.field { members.append(("field", .string(field))) }
        if let line = issue.line, line > 0 { members.append(("line", .number(String(line)))) }
        members.append(("message", .string(issue.message)))
        return .object(members.map { JSONMember(key: $0.0, node: JSONNode($0.1, line: 0)) })
    }
}
