import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// Enforced budgets in the proxy's path: refusal, soft warnings, concurrency and bypass attempts.
@Suite struct BudgetEnforcementAPITests {
    /// A $1 monthly budget for tenant acme, and $0.999 already spent by acme (399,600 gpt-4o
    /// input tokens at $2.50/M), so that $0.001 is left.
    static func nearlySpent(_ client: any TestClientProtocol, enforce: String = "hard") async throws {
        let budget = try await client.post(
            "/api/v1/budgets",
            #"{"id": "acme-monthly", "name": "Acme monthly", "scope": {"tenant": "acme"}, "period": "monthly", "amount_usd": "1", "enforce": "\#(enforce)"}"#
        )
        #expect(budget.status == .created)
        #expect(budget.json["enforce"] as? String == enforce)
        let seeded = try await client.post(
            "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 399600}"#)
        #expect(seeded.json["cost_usd"] as? String == "0.999000000")
    }

    static func chat(
        _ client: any TestClientProtocol, headers: HTTPFields, path: String = "/v1/chat/completions", body: String = ProxyAPITests.chatBody
    )
        async throws -> TestResponse
    {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static let acme: HTTPFields = [HTTPField.Name("X-Burnrate-Tenant")!: "acme"]

    @Test func aSpentBudgetRefusesWith429NamingTheBudgetPeriodAndReset() async throws {
        try await FakeUpstream.with { port, log in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                try await Self.nearlySpent(client)
                _ = try await client.post(
                    "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 400}"#)
                let refused = try await Self.chat(client, headers: Self.acme)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.contentType] == "application/problem+json")
                #expect(refused.json["budget_id"] as? String == "acme-monthly")
                #expect(refused.json["period"] as? String == "monthly")
                let resets = try #require(refused.json["resets_at"] as? String)
                #expect((refused.json["detail"] as? String)?.contains(resets) == true)
                #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
                #expect(await log.requests.isEmpty)
                let other = try await Self.chat(client, headers: [HTTPField.Name("X-Burnrate-Tenant")!: "globex"])
                #expect(other.status == .ok)
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains("burnrate_proxy_budget_refusals_total 1"))
            }
        }
    }

    @Test func aSoftBudgetOnlyWarns() async throws {
        try await FakeUpstream.with { port, _ in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                try await Self.nearlySpent(client, enforce: "soft")
                _ = try await client.post(
                    "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 400}"#)
                let response = try await Self.chat(client, headers: Self.acme)
                #expect(response.status == .ok)
                let warning = try #require(response.headers[HTTPField.Name("X-Burnrate-Budget-Warning")!])
                #expect(warning.contains("acme-monthly"))
            }
        }
    }

    /// 40 requests at once against $0.001 left: each reserves an upper bound of its cost (its
    /// body's bytes as input tokens plus its max_tokens), so only as many run as the reservations
    /// fit, and the final spend stays below the amount plus one reservation.
    @Test func parallelRequestsOverspendByLessThanOneReservation() async throws {
        try await FakeUpstream.with(delay: .milliseconds(300)) { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                try await Self.nearlySpent(client)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<40 { group.addTask { try await Self.chat(client, headers: Self.acme).status } }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                let admitted = statuses.filter { $0 == .ok }.count
                #expect(admitted >= 1)
                #expect(statuses.allSatisfy { $0 == .ok || $0 == .tooManyRequests })
                // Keep going one at a time until the budget refuses.
                var sequential = 0
                while try await Self.chat(client, headers: Self.acme).status == .ok { sequential += 1 }
                let reservation = try await Self.reservation(ledger)
                #expect(admitted < 40)
                // Wait for the recorder, then compare the spend with the bound.
                var spent = Money.zero
                for _ in 0..<100 {
                    let status = try await client.get("/api/v1/budgets/acme-monthly")
                    spent = Money(usd: (status.json[path: "status.spent_usd"] as? String) ?? "0") ?? .zero
                    if await log.requests.count == admitted + sequential,
                        spent == Money(usd: "0.999")! + ProxyAPITests.chatCost.scaled(by: Int64(admitted + sequential), over: 1)
                    {
                        break
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(await log.requests.count == admitted + sequential)
                #expect(spent >= Money(usd: "1")!)
                #expect(spent < Money(usd: "1")! + reservation)
            }
        }
    }

    /// What a chat request reserves: its body's bytes as gpt-4o input tokens and its max_tokens as output.
    static func reservation(_ ledger: Ledger) async throws -> Money {
        let bytes = Int64(ProxyAPITests.chatBody.utf8.count)
        let event = UsageEvent(
            id: "r", timestamp: .now(), provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: bytes, outputTokens: 10))
        return Pricer.price(event, catalog: try await ledger.catalog()).cost.total
    }

    @Test func noRouteKeyOrHeaderSpellingBypassesAnEnforcedBudget() async throws {
        try await FakeUpstream.with { port, log in
            let configuration = ProxyAPITests.configuration(port: port) { settings in
                settings.virtualKeys = [
                    VirtualKey(key: "br-acme-0123456789abc", attribution: RequestAttribution(attribution: Attribution(tenant: "acme")))
                ]
                // Header spellings are tried without a key, so the proxy must not require one.
                settings.requireBurnrateKey = false
            }
            try await TestServer.withClient(configuration: configuration) { client in
                try await Self.nearlySpent(client)
                _ = try await client.post(
                    "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 400}"#)
                let attempts: [(String, HTTPFields, String)] = [
                    ("/v1/chat/completions", [HTTPField.Name("x-burnrate-tenant")!: "acme"], ProxyAPITests.chatBody),
                    ("/v1/chat/completions", [HTTPField.Name("X-BURNRATE-TENANT")!: "  acme\t"], ProxyAPITests.chatBody),
                    ("/v1/chat/completions", [HTTPField.Name("X-Burnrate-Tenant")!: "acme, acme"], ProxyAPITests.chatBody),
                    ("/v1/messages", Self.acme, ProxyAPITests.messagesBody),
                    ("/v1/embeddings", Self.acme, #"{"model": "text-embedding-3-small", "input": "x"}"#),
                    ("/v1/completions", Self.acme, #"{"model": "gpt-4o", "prompt": "x"}"#),
                    ("/v1/responses", Self.acme, #"{"model": "gpt-4o", "input": "x"}"#),
                    ("/openai/deployments/gpt-4o/chat/completions", Self.acme, #"{"messages": []}"#),
                    ("/v1/chat/completions", [.authorization: "Bearer br-acme-0123456789abc"], ProxyAPITests.chatBody),
                    (
                        "/v1/chat/completions",
                        [.authorization: "Bearer br-acme-0123456789abc", HTTPField.Name("X-Burnrate-Tenant")!: "globex"],
                        ProxyAPITests.chatBody
                    ),
                    ("/v1/messages", [HTTPField.Name("x-api-key")!: "br-acme-0123456789abc"], ProxyAPITests.messagesBody),
                ]
                for (path, headers, body) in attempts {
                    let response = try await Self.chat(client, headers: headers, path: path, body: body)
                    #expect(response.status == .tooManyRequests, "\(path) \(headers)")
                }
                #expect(await log.requests.isEmpty)
            }
        }
    }

    @Test func budgetsWithEnforceRoundTripThroughTheAPIAndRejectBadValues() async throws {
        try await TestServer.withClient { client in
            let bad = try await client.post(
                "/api/v1/budgets", #"{"name": "X", "period": "monthly", "amount_usd": "1", "enforce": "always"}"#)
            #expect(bad.status == .badRequest)
            let created = try await client.post(
                "/api/v1/budgets", #"{"id": "x", "name": "X", "period": "monthly", "amount_usd": "1", "enforce": true}"#)
            #expect(created.json["enforce"] as? String == "hard")
            let plain = try await client.post("/api/v1/budgets", #"{"id": "y", "name": "Y", "period": "monthly", "amount_usd": "1"}"#)
            #expect(plain.json["enforce"] as? String == "off")
        }
    }
}
