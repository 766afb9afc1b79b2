import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// One call and its real response, as `scripts/check-responses.py` reads them.
struct Exchange: Encodable, Sendable {
    /// The HTTP method, such as `GET`.
    var method: String
    /// The documented path the call is an instance of, such as `/api/v1/budgets/{id}`.
    var path: String
    /// What was called, query included.
    var uri: String
    var status: Int
    /// The response's `Content-Type`, empty without one.
    var contentType: String
    /// The response body as text.
    var body: String

    enum CodingKeys: String, CodingKey {
        case method, path, uri, status, body
        case contentType = "content_type"
    }
}

/// Calls an application through a test client and keeps every exchange, so that a test can
/// check them all against the OpenAPI document at once.
struct ExchangeRecorder {
    let client: any TestClientProtocol
    private(set) var exchanges: [Exchange] = []

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Calls `uri` (the documented `path` when `nil`) and records the exchange. A status other
    /// than `expecting` fails the test: a request the server refused says nothing about the
    /// success response the call was meant to check.
    @discardableResult
    mutating func call(
        _ method: HTTPRequest.Method, _ path: String, _ uri: String? = nil, body: String? = nil,
        contentType: String = "application/json", expecting expected: HTTPResponse.Status = .ok,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let target = uri ?? path
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.execute(
            uri: target, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        #expect(
            response.status == expected, "\(method) \(target) answered \(response.status.code), not \(expected.code): \(text.prefix(500))",
            sourceLocation: sourceLocation)
        exchanges.append(
            Exchange(
                method: method.rawValue, path: path, uri: target, status: response.status.code,
                contentType: response.headers[.contentType] ?? "", body: text))
        return response
    }
}
