import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes
import Logging
import NIOCore
import Testing

@testable import BurnrateServer

/// `Problem.describing`, the one mapping from errors to problem+json: each domain error gets the
/// status, title, detail and field issues the API has always answered it with.
@Suite struct ProblemMappingTests {
    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    /// One error and what its problem must say.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var error: any Error & Sendable
        var status: HTTPResponse.Status
        var title: String
        var detail: String
        var fields: [String] = []

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "invalid query", error: InvalidQuery(field: "limit", message: "must be a whole number"), status: .badRequest,
            title: "Invalid request", detail: "The query parameters are not valid.", fields: ["limit"]),
        Case(
            name: "too long a range", error: InvalidQuery("The time range is too long.", issues: [FieldIssue(field: "from", message: "x")]),
            status: .badRequest, title: "Invalid request", detail: "The time range is too long.", fields: ["from"]),
        Case(
            name: "unknown baseline", error: UnknownBaseline(name: "gpt-9", parameter: "baseline"), status: .unprocessableContent,
            title: "Unknown baseline model",
            detail: "No price for 'gpt-9'. GET /api/v1/prices lists the priced models; add one with PUT /api/v1/prices/{model}.",
            fields: ["baseline"]),
        Case(
            name: "missing budget", error: BudgetError(code: .notFound, id: "acme"), status: .notFound, title: "Not Found",
            detail: "No budget with id 'acme'. GET /api/v1/budgets lists them."),
        Case(
            name: "budget id taken", error: BudgetError(code: .exists, id: "acme"), status: .conflict, title: "Conflict",
            detail: "A budget with id 'acme' exists. Change it with PUT /api/v1/budgets/acme."),
        Case(
            name: "config budget", error: BudgetError(code: .managedByConfig, id: "acme"), status: .conflict, title: "Conflict",
            detail: "Budget 'acme' is declared in the config file; change or remove it there and restart Burnrate."),
        Case(
            name: "invalid budget", error: BudgetDecodingError(issues: [FieldIssue(field: "amount_usd", message: "is required")]),
            status: .badRequest, title: "Invalid request", detail: "The budget is not valid.", fields: ["amount_usd"]),
        Case(
            name: "database outage", error: StoreError(.unavailable, message: "connection refused"), status: .serviceUnavailable,
            title: "Service Unavailable",
            detail: "The database is unavailable, so the request was not confirmed. Retry shortly: sending the same events again is safe."),
        Case(
            name: "store failure", error: StoreError(.failed, message: "SELECT broke"), status: .internalServerError,
            title: "Internal Server Error", detail: "An internal error occurred (request id r-1); it has been logged."),
    ]

    @Test(arguments: cases)
    func aDomainErrorBecomesItsProblem(_ example: Case) throws {
        let problem = Problem.describing(example.error, method: .get, path: "/api/v1/x", requestID: "r-1", logger: Self.logger)
        #expect(problem.status == example.status)
        let (headers, body) = problem.rendered(instance: "/api/v1/x")
        #expect(headers[.contentType] == "application/problem+json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        #expect(json["status"] as? Int == Int(example.status.code))
        #expect(json["title"] as? String == example.title)
        #expect(json["detail"] as? String == example.detail)
        #expect(json["instance"] as? String == "/api/v1/x")
        let errors = json["errors"] as? [[String: Any]] ?? []
        #expect(errors.compactMap { $0["field"] as? String } == example.fields)
    }

    @Test func aDatabaseOutageSaysWhenToRetry() {
        let problem = Problem.describing(
            StoreError(message: "gone", isUnavailable: true), method: .post, path: "/api/v1/events", requestID: "r-1", logger: Self.logger)
        #expect(problem.status == .serviceUnavailable)
        #expect(problem.headers[.retryAfter] == "2")
    }

    @Test func aStoreErrorsCodeSaysWhetherARetryMayHelp() {
        #expect(StoreError(message: "gone", isUnavailable: true).code == .unavailable)
        #expect(StoreError(message: "broken").code == .failed)
        #expect(StoreError(.unavailable, message: "gone").isUnavailable)
        #expect(!StoreError(.failed, message: "broken").isUnavailable)
    }
}
