import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Per-session budgets (`"per": "session"`) in the proxy's path: a loop in one session stopped at
/// the call that would exceed the amount, other sessions and session-less calls untouched,
/// concurrency, soft warnings, validation and status.
@Suite struct SessionBudgetAPITests {
    /// Five chat calls' worth: the fake upstream's answers cost `ProxyAPITests.chatCost` each.
    static let amount = ProxyAPITests.chatCost.scaled(by: 5, over: 1)

    static func createBudget(_ client: any TestClientProtocol, amount: Money = Self.amount, enforce: String = "hard") async throws {
        let created = try await client.post(
            "/api/v1/budgets",
            #"{"id": "agent-run", "name": "Agent run", "scope": {"feature": "agent-workflows"}, "per": "session", "amount_usd": "\#(amount.usdString)", "enforce": "\#(enforce)"}"#
        )
        #expect(created.status == .created)
        #expect(created.json["per"] as? String == "session")
    }

    static func headers(session: String?, feature: String = "agent-workflows") -> HTTPFields {
        var headers: HTTPFields = [HTTPField.Name("X-Burnrate-Feature")!: feature]
        if let session { headers[HTTPField.Name("X-Burnrate-Session")!] = session }
        return headers
    }

    /// How many calls in a row a session admits: each needs its reservation to fit on top of
    /// what the calls before it cost.
    static func expectedCalls(amount: Money, reservation: Money, spent: Money = .zero) -> Int {
        var calls = 0
        while spent + ProxyAPITests.chatCost.scaled(by: Int64(calls), over: 1) + reservation <= amount { calls += 1 }
        return calls
    }

    @Test func aLoopInOneSessionIsStoppedWhileOtherSessionsAndSessionlessCallsGoThrough() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                try await Self.createBudget(client)
                let reservation = try await BudgetEnforcementAPITests.reservation(ledger)
                let expected = Self.expectedCalls(amount: Self.amount, reservation: reservation)
                #expect(expected >= 1)
                var calls = 0
                var refused: TestResponse?
                for _ in 0..<20 {
                    let response = try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-1"))
                    guard response.status == .ok else {
                        refused = response
                        break
                    }
                    calls += 1
                }
                #expect(calls == expected)
                let problem = try #require(refused)
                #expect(problem.status == .tooManyRequests)
                #expect(problem.headers[.contentType] == "application/problem+json")
                #expect(problem.headers[HTTPField.Name("X-Burnrate-Budget")!] == "agent-run")
                #expect(problem.headers[HTTPField.Name("X-Should-Retry")!] == "false")
                #expect(problem.headers[.retryAfter] == nil)
                #expect(problem.json["budget_id"] as? String == "agent-run")
                #expect(problem.json["per"] as? String == "session")
                #expect(problem.json["session_id"] as? String == "run-1")
                let spent = ProxyAPITests.chatCost.scaled(by: Int64(calls), over: 1)
                #expect(problem.json["spent_usd"] as? String == spent.usdString)
                #expect(problem.json["amount_usd"] as? String == Self.amount.usdString)
                let detail = try #require(problem.json["detail"] as? String)
                #expect(detail.contains("'run-1'") && detail.contains(spent.usdString) && detail.contains(Self.amount.usdString))

                // Another session, a call without a session, and a call of run-1 outside the scope go through.
                #expect(try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-2")).status == .ok)
                #expect(try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: nil)).status == .ok)
                #expect(
                    try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-1", feature: "search")).status
                        == .ok)
                #expect(await log.requests.count == calls + 3)

                // The status lists the costliest sessions against the amount, not a period total;
                // a run's whole cost counts there, its call outside the scope too.
                let runCost = spent + ProxyAPITests.chatCost
                var costliest: [[String: Any]] = []
                for _ in 0..<100 {
                    let status = try await client.get("/api/v1/budgets/agent-run")
                    costliest = status.json[path: "status.costliest_sessions"] as? [[String: Any]] ?? []
                    if costliest.first?["spent_usd"] as? String == runCost.usdString, costliest.count == 2 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(costliest.map { $0["session_id"] as? String } == ["run-1", "run-2"])
                #expect(costliest.first?["spent_usd"] as? String == runCost.usdString)
                let statuses = try await client.get("/api/v1/budgets/status")
                let listed = (statuses.json["budgets"] as? [[String: Any]])?.first
                #expect(listed?["spent_usd"] as? String == runCost.usdString)
                #expect(listed?["per"] as? String == "session")
            }
        }
    }

    /// A run's stored cost counts from its first proxied call: spend ingested through the API
    /// under the session leaves room for no more than what fits.
    @Test func storedSpendOfTheSessionCounts() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                try await Self.createBudget(client, amount: Money(usd: "1")!)
                // 399,900 gpt-4o input tokens at $2.50/M: $0.99975 of the run's $1, less left than a call reserves.
                let seeded = try await client.post(
                    "/api/v1/events",
                    #"{"provider": "openai", "model": "gpt-4o", "feature": "agent-workflows", "session_id": "run-big", "input_tokens": 399900}"#
                )
                #expect(seeded.status == .created || seeded.status == .ok)
                let refused = try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-big"))
                #expect(refused.status == .tooManyRequests)
                #expect(refused.json["spent_usd"] as? String == "0.999750000")
                #expect(await log.requests.isEmpty)
            }
        }
    }

    /// 30 calls of one session at once: the reservations decide, so the run never ends above the
    /// amount (each call's reservation bounds its cost).
    @Test func parallelCallsOfOneSessionStayWithinTheAmount() async throws {
        try await FakeUpstream.with(delay: .milliseconds(300)) { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                try await Self.createBudget(client)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<30 {
                        group.addTask { try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-p")).status }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                let admitted = statuses.filter { $0 == .ok }.count
                #expect(admitted >= 1 && admitted < 30)
                #expect(statuses.allSatisfy { $0 == .ok || $0 == .tooManyRequests })
                var sequential = 0
                while try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-p")).status == .ok {
                    sequential += 1
                }
                #expect(await log.requests.count == admitted + sequential)
                var stored = Money.zero
                for _ in 0..<100 {
                    stored = try await ledger.store.session(id: "run-p", limit: 0)?.summary.cost ?? .zero
                    if stored == ProxyAPITests.chatCost.scaled(by: Int64(admitted + sequential), over: 1) { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(stored == ProxyAPITests.chatCost.scaled(by: Int64(admitted + sequential), over: 1))
                #expect(stored <= Self.amount)
            }
        }
    }

    @Test func aSoftPerSessionBudgetWarnsNamingTheSession() async throws {
        try await FakeUpstream.with { port, _ in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                try await Self.createBudget(client, amount: Money(nanos: 1), enforce: "soft")
                let response = try await BudgetEnforcementAPITests.chat(client, headers: Self.headers(session: "run-soft"))
                #expect(response.status == .ok)
                let warning = try #require(response.headers[HTTPField.Name("X-Burnrate-Budget-Warning")!])
                #expect(warning.contains("agent-run") && warning.contains("run-soft"))
            }
        }
    }

    @Test(arguments: [
        (#"{"name": "X", "per": "run", "amount_usd": "1"}"#, "per"),
        (#"{"name": "X", "per": 1, "amount_usd": "1"}"#, "per"),
        (#"{"name": "X", "per": ["session"], "amount_usd": "1"}"#, "per"),
        (#"{"name": "X", "per": "session"}"#, "amount_usd"),
        (#"{"name": "X", "per": "session", "amount_usd": "0"}"#, "amount_usd"),
        (#"{"name": "X", "per": "session", "amount_usd": "-2"}"#, "amount_usd"),
        (#"{"name": "X", "per": "session", "amount_usd": "1", "period": "hourly"}"#, "period"),
        (#"{"name": "X", "amount_usd": "1"}"#, "period"),
    ])
    func badPerSessionBudgetsAre400sNamingTheField(body: String, field: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/budgets", body)
            #expect(response.status == .badRequest)
            let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains(field), "\(response.text)")
        }
    }

    @Test func aPerSessionBudgetNeedsNoPeriodAndRoundTrips() async throws {
        try await TestServer.withClient { client in
            let created = try await client.post(
                "/api/v1/budgets", #"{"id": "s", "name": "S", "per": "session", "amount_usd": "2", "enforce": "hard"}"#)
            #expect(created.status == .created)
            #expect(created.json["per"] as? String == "session")
            #expect(created.json["period"] as? String == "monthly")
            #expect(created.json[path: "status.costliest_sessions"] as? [Any] != nil)
            let plain = try await client.post("/api/v1/budgets", #"{"id": "p", "name": "P", "period": "monthly", "amount_usd": "1"}"#)
            #expect(plain.json["per"] as? String == "period")
            #expect(plain.json[path: "status.costliest_sessions"] == nil)
        }
    }
}
