import BurnrateCore
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// A database outage on a dashboard page: a readable page in the dashboard's look, with status
/// 503, what happened and what to do; the API keeps answering problem+json; the page comes back
/// with the database.
@Suite struct DashboardOutageTests {
    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    @Test func aDatabaseOutageOnADashboardPageIsAnHTML503Page() async throws {
        let cluster = try await TestPostgres.start()
        defer { cluster.destroy() }
        try await cluster.sql("CREATE DATABASE outage")
        let builtin = try PriceDocument.parse(Array(TestServer.prices.utf8), origin: .builtin)
        try await PostgresLedgerStore.withStore(
            url: cluster.url(database: "outage"), maximumConnections: 2, leaseTimeout: .seconds(15), logger: Self.logger
        ) { store in
            let ledger = try await Ledger(store: store, builtin: builtin)
            try await TestServer.withClient(ledger: ledger) { client in
                #expect(try await client.get("/budgets").status == .ok)
                try await cluster.stopServer()
                let page = try await client.get("/budgets")
                #expect(page.status == .serviceUnavailable)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[.retryAfter] == "2")
                #expect(page.text.contains(#"<nav aria-label="Main">"#))
                #expect(page.text.contains("<h1>503 Service Unavailable</h1>"))
                #expect(page.text.contains("What happened"))
                #expect(page.text.contains("The database is unavailable"))
                #expect(page.text.contains("What to do"))
                #expect(page.text.contains("Reload this page in a few seconds"))

                let api = try await client.get("/api/v1/budgets")
                #expect(api.status == .serviceUnavailable)
                #expect(api.headers[.contentType] == "application/problem+json")
                try await cluster.startServer()
                var recovered = false
                for _ in 0..<150 where !recovered {
                    recovered = try await client.get("/budgets").status == .ok
                    if !recovered { try await Task.sleep(for: .milliseconds(200)) }
                }
                #expect(recovered)
            }
        }
    }
}
